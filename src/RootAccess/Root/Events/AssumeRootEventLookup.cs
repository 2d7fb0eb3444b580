using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using System.Text.Json;
using System.Threading;
using RootAccess.Aws;

namespace RootAccess.Root;

/// <summary>AssumeRoot events from CloudTrail LookupEvents in the caller's account, parsed and ranked like archived ones.</summary>
public sealed class AssumeRootEventLookup : IDisposable
{
    private readonly CloudTrailClient _cloudTrail;
    private int _pages;

    public AssumeRootEventLookup(AwsContext context) => _cloudTrail = AwsClientFactory.CreateCloudTrail(context);

    /// <summary>Pages read so far.</summary>
    public int Pages => _pages;

    /// <summary>Records that could not be read, each naming the event; the lookup goes on without them.</summary>
    public ConcurrentQueue<string> Skipped { get; } = new();

    public async IAsyncEnumerable<AssumeRootEvent> LookupAsync(DateTime from, DateTime? to, EventExpectations expectations, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        async System.Threading.Tasks.Task<Page<string>> ReadPageAsync(string? token)
        {
            var page = await _cloudTrail.LookupEventsAsync("AssumeRoot", from, to, token, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _pages);
            return page;
        }

        var index = 0;
        await foreach (var record in Aws.Pages.StreamAsync(ReadPageAsync, cancellationToken).ConfigureAwait(false))
        {
            AssumeRootEvent? item = null;
            try
            {
                using var document = JsonDocument.Parse(record);
                item = AssumeRootEventReader.Parse(document.RootElement, expectations);
            }
            catch (Exception ex) when (ex is JsonException || ex is MalformedRecordException)
            {
                Skipped.Enqueue($"CloudTrail event {index} of the lookup skipped: {ex.Message}");
            }

            index++;
            if (item is not null)
            {
                yield return item;
            }
        }
    }

    public void Dispose() => _cloudTrail.Dispose();
}
