using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws.Protocol;

namespace RootAccess.Aws;

/// <summary>A trail as DescribeTrails lists it.</summary>
public sealed class TrailInfo
{
    public TrailInfo(string name, string arn, string? homeRegion, string? bucketName, bool isMultiRegion, bool isOrganizationTrail, bool logFileValidation)
    {
        Name = name;
        Arn = arn;
        HomeRegion = homeRegion;
        BucketName = bucketName;
        IsMultiRegion = isMultiRegion;
        IsOrganizationTrail = isOrganizationTrail;
        LogFileValidation = logFileValidation;
    }

    public string Name { get; }

    public string Arn { get; }

    public string? HomeRegion { get; }

    public string? BucketName { get; }

    public bool IsMultiRegion { get; }

    public bool IsOrganizationTrail { get; }

    public bool LogFileValidation { get; }
}

/// <summary>CloudTrail (awsJson1_1): LookupEvents, paced to CloudTrail's limit of two requests per second, and the trail reads.</summary>
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

    /// <summary>The trails visible in the client's region (shadow trails of multi-region trails included), as DescribeTrails lists them.</summary>
    public async Task<IReadOnlyList<TrailInfo>> DescribeTrailsAsync(CancellationToken cancellationToken)
    {
        using var document = await _client.JsonDocumentAsync("DescribeTrails", new Dictionary<string, object?> { ["includeShadowTrails"] = true }, cancellationToken).ConfigureAwait(false);
        return document.RootElement.TryGetProperty("trailList", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(t => new TrailInfo(
                t.GetString("Name") ?? string.Empty,
                t.GetString("TrailARN") ?? string.Empty,
                t.GetString("HomeRegion"),
                t.GetString("S3BucketName"),
                t.GetFlag("IsMultiRegionTrail"),
                t.GetFlag("IsOrganizationTrail"),
                t.GetFlag("LogFileValidationEnabled"))).ToList()
            : new List<TrailInfo>();
    }

    /// <summary>Whether the trail is logging now (GetTrailStatus).</summary>
    public async Task<bool> IsLoggingAsync(string trailArn, CancellationToken cancellationToken)
    {
        using var document = await _client.JsonDocumentAsync("GetTrailStatus", new Dictionary<string, object?> { ["Name"] = trailArn }, cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetFlag("IsLogging");
    }

    /// <summary>
    /// Whether the trail records write management events (GetEventSelectors): a basic selector with IncludeManagementEvents
    /// and ReadWriteType All or WriteOnly, or an advanced selector on eventCategory Management without a readOnly=true filter.
    /// </summary>
    public async Task<bool> LogsManagementWritesAsync(string trailArn, CancellationToken cancellationToken)
    {
        using var document = await _client.JsonDocumentAsync("GetEventSelectors", new Dictionary<string, object?> { ["TrailName"] = trailArn }, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var basic = root.TryGetProperty("EventSelectors", out var selectors) && selectors.ValueKind == JsonValueKind.Array
            && selectors.EnumerateArray().Any(s => s.GetFlag("IncludeManagementEvents") && s.GetString("ReadWriteType") is "All" or "WriteOnly" or null);
        var advanced = root.TryGetProperty("AdvancedEventSelectors", out var advancedSelectors) && advancedSelectors.ValueKind == JsonValueKind.Array
            && advancedSelectors.EnumerateArray().Any(s => s.TryGetProperty("FieldSelectors", out var fields) && fields.ValueKind == JsonValueKind.Array
                && fields.EnumerateArray().Any(f => f.GetString("Field") == "eventCategory" && f.TryGetProperty("Equals", out var eq) && eq.ValueKind == JsonValueKind.Array && eq.EnumerateArray().Any(v => v.GetString() == "Management"))
                && !fields.EnumerateArray().Any(f => f.GetString("Field") == "readOnly" && f.TryGetProperty("Equals", out var eq) && eq.ValueKind == JsonValueKind.Array && eq.EnumerateArray().Any(v => v.GetString() == "true")));
        return basic || advanced;
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
