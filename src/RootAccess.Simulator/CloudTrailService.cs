using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace RootAccess.Simulator;

/// <summary>CloudTrail LookupEvents (awsJson1_1) over the simulator's trail, most recent first, with CloudTrail's rate limit.</summary>
internal sealed class CloudTrailService
{
    private readonly AwsSimulator _simulator;
    private readonly Queue<DateTime> _recent = new();

    public CloudTrailService(AwsSimulator simulator) => _simulator = simulator;

    public JsonObject Handle(string operation, JsonObject arguments, SimPrincipal principal)
    {
        if (operation != "LookupEvents")
        {
            throw new ServiceError(400, "UnknownOperationException", $"The simulator does not serve CloudTrail {operation}.");
        }

        Throttle();
        var attributes = arguments["LookupAttributes"]?.AsArray().Select(a => (Key: a!["AttributeKey"]!.GetValue<string>(), Value: a["AttributeValue"]!.GetValue<string>())).ToList() ?? new();
        if (attributes.Count > 1)
        {
            throw new ServiceError(400, "InvalidLookupAttributesException", "You can specify only one lookup attribute.");
        }

        var start = Time(arguments["StartTime"]) ?? DateTime.MinValue;
        var end = Time(arguments["EndTime"]) ?? DateTime.MaxValue;
        if (start > end)
        {
            throw new ServiceError(400, "InvalidTimeRangeException", "Occurs if the timestamp values are not valid. Either the start time occurs after the end time, or the time range is outside the range of possible values.");
        }

        var max = arguments["MaxResults"]?.GetValue<int>() ?? 50;
        if (max < 1 || max > 50)
        {
            throw new ServiceError(400, "InvalidMaxResultsException", "This exception is thrown if the limit specified is not valid.");
        }

        var events = _simulator.Trail.Records
            .Where(r => r["recipientAccountId"]?.GetValue<string>() == principal.AccountId)
            .Select(r => (Record: r, Time: DateTime.Parse(r["eventTime"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)))
            .Where(e => e.Time >= start && e.Time <= end)
            .Where(e => attributes.All(a => Matches(e.Record, a.Key, a.Value)))
            .OrderByDescending(e => e.Time)
            .ToList();
        // CloudTrail API Reference, LookupEvents: a token it did not issue is InvalidNextTokenException (400), never a 500.
        var offset = 0;
        if (arguments["NextToken"] is { } next && (next.GetValueKind() != System.Text.Json.JsonValueKind.String || !int.TryParse(next.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > events.Count))
        {
            throw new ServiceError(400, "InvalidNextTokenException", "A token that is not valid, or a token that was previously used in a request with different parameters.");
        }

        var page = events.Skip(offset).Take(max).ToList();
        var result = new JsonObject
        {
            ["Events"] = new JsonArray(page.Select(e => (JsonNode)Event(e.Record, e.Time)).ToArray()),
        };
        if (offset + page.Count < events.Count)
        {
            result["NextToken"] = (offset + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    // Absent members are omitted, as AWS does, not sent as null.
    private static JsonObject Event(JsonObject record, DateTime time)
    {
        var item = new JsonObject
        {
            ["EventId"] = Text(record["eventID"]),
            ["EventName"] = Text(record["eventName"]),
            ["ReadOnly"] = ReadOnly(record),
            ["EventTime"] = WireFormat.Epoch(time),
            ["EventSource"] = Text(record["eventSource"]),
            ["Resources"] = new JsonArray(),
            ["CloudTrailEvent"] = record.ToJsonString(),
        };
        if (Text(record["userIdentity"]?["accessKeyId"]) is { } key)
        {
            item["AccessKeyId"] = key;
        }

        if (UserName(record) is { } user)
        {
            item["Username"] = user;
        }

        return item;
    }

    // The lookup attributes of CloudTrail's model (LookupAttributeKey): one per request.
    private static bool Matches(JsonObject record, string key, string value) => key switch
    {
        "EventName" => Text(record["eventName"]) == value,
        "EventSource" => Text(record["eventSource"]) == value,
        "EventId" => Text(record["eventID"]) == value,
        "Username" => UserName(record) == value,
        "AccessKeyId" => Text(record["userIdentity"]?["accessKeyId"]) == value || Text(record["responseElements"]?["credentials"]?["accessKeyId"]) == value,
        "ReadOnly" => string.Equals(ReadOnly(record), value, StringComparison.OrdinalIgnoreCase),
        "ResourceType" => false,
        "ResourceName" => Text(record["requestParameters"]?["targetPrincipal"]) == value,
        _ => throw new ServiceError(400, "InvalidLookupAttributesException", $"{key} is not a lookup attribute: use EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource or AccessKeyId."),
    };

    private static string? UserName(JsonObject record) => Text(record["userIdentity"]?["arn"])?.Split('/').Last();

    private static string ReadOnly(JsonObject record) => record["readOnly"] is { } flag && flag.GetValueKind() == System.Text.Json.JsonValueKind.False ? "false" : "true";

    private static string? Text(JsonNode? node) => node is not null && node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : null;

    private static DateTime? Time(JsonNode? node) => node is null ? null : DateTime.UnixEpoch.AddSeconds(node.GetValue<double>());

    // CloudTrail allows two LookupEvents requests per second per account and region.
    private void Throttle()
    {
        if (_simulator.CloudTrailRequestsPerSecond <= 0)
        {
            return;
        }

        lock (_recent)
        {
            var now = DateTime.UtcNow;
            while (_recent.Count > 0 && now - _recent.Peek() >= TimeSpan.FromSeconds(1))
            {
                _recent.Dequeue();
            }

            if (_recent.Count >= _simulator.CloudTrailRequestsPerSecond)
            {
                _simulator.CloudTrailThrottled++;
                throw new ServiceError(429, "ThrottlingException", "Rate exceeded"); // CloudTrail's model: ThrottlingException is HTTP 429
            }

            _recent.Enqueue(now);
        }
    }
}
