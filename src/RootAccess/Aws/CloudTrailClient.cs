using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws.Protocol;

namespace RootAccess.Aws;

/// <summary>CloudTrail LookupEvents (awsJson1_1), paced to CloudTrail's limit of two requests per second.</summary>
public sealed class CloudTrailClient : IDisposable
{
    // Two requests per second, with a margin: our clock and the arrival of requests at CloudTrail never line up exactly.
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(600);

    private readonly ProtocolClient _client;
    private readonly SemaphoreSlim _pace = new(1, 1);
    private DateTime _lastRequest = DateTime.MinValue;

    internal CloudTrailClient(ProtocolClient client) => _client = client;

    /// <summary>One page of events named <paramref name="eventName"/>, most recent first; each item is the event's CloudTrail record.</summary>
    public async Task<Page<string>> LookupEventsAsync(string eventName, DateTime? start, DateTime? end, string? nextToken, CancellationToken cancellationToken)
    {
        var arguments = new Dictionary<string, object?>
        {
            ["LookupAttributes"] = new[] { new Dictionary<string, string> { ["AttributeKey"] = "EventName", ["AttributeValue"] = eventName } },
            ["MaxResults"] = 50,
        };
        if (start is { } from)
        {
            arguments["StartTime"] = Epoch(from);
        }

        if (end is { } to)
        {
            arguments["EndTime"] = Epoch(to);
        }

        if (nextToken is not null)
        {
            arguments["NextToken"] = nextToken;
        }

        await PaceAsync(cancellationToken).ConfigureAwait(false);
        var response = await _client.JsonAsync("LookupEvents", JsonSerializer.Serialize(arguments), cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(response.Body);
        var events = document.RootElement.TryGetProperty("Events", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.GetString("CloudTrailEvent")).Where(e => e is not null).Select(e => e!).ToList()
            : new List<string>();
        return new Page<string>(events, document.RootElement.GetString("NextToken"));
    }

    public void Dispose()
    {
        _client.Dispose();
        _pace.Dispose();
    }

    // Epoch seconds with millisecond precision, as AWS's SDKs send timestamps in awsJson.
    private static double Epoch(DateTime time) => Math.Round((time.ToUniversalTime() - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMilliseconds) / 1000.0;

    private async Task PaceAsync(CancellationToken cancellationToken)
    {
        await _pace.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wait = _lastRequest + MinimumInterval - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            _lastRequest = DateTime.UtcNow;
        }
        finally
        {
            _pace.Release();
        }
    }
}
