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
        var offset = arguments["NextToken"]?.GetValue<string>() is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var page = events.Skip(offset).Take(max).ToList();
        var result = new JsonObject
        {
            ["Events"] = new JsonArray(page.Select(e => (JsonNode)new JsonObject
            {
                ["EventId"] = e.Record["eventID"]?.GetValue<string>(),
                ["EventName"] = e.Record["eventName"]?.GetValue<string>(),
                ["ReadOnly"] = "true",
                ["AccessKeyId"] = e.Record["userIdentity"]?["accessKeyId"]?.GetValue<string>(),
                ["EventTime"] = WireFormat.Epoch(e.Time),
                ["EventSource"] = e.Record["eventSource"]?.GetValue<string>(),
                ["Username"] = e.Record["userIdentity"]?["arn"]?.GetValue<string>()?.Split('/').Last(),
                ["Resources"] = new JsonArray(),
                ["CloudTrailEvent"] = e.Record.ToJsonString(),
            }).ToArray()),
        };
        if (offset + page.Count < events.Count)
        {
            result["NextToken"] = (offset + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static bool Matches(JsonObject record, string key, string value) => key switch
    {
        "EventName" => record["eventName"]?.GetValue<string>() == value,
        "EventSource" => record["eventSource"]?.GetValue<string>() == value,
        "EventId" => record["eventID"]?.GetValue<string>() == value,
        _ => throw new ServiceError(400, "InvalidLookupAttributesException", $"The simulator does not filter on {key}."),
    };

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
                throw new ServiceError(400, "ThrottlingException", "Rate exceeded");
            }

            _recent.Enqueue(now);
        }
    }
}
