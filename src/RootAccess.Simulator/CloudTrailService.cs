using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace RootAccess.Simulator;

/// <summary>CloudTrail LookupEvents (awsJson1_1) over the simulator's trail, most recent first, with CloudTrail's rate limit.</summary>
internal sealed class CloudTrailService
{
    private readonly IServiceContext _context;
    private readonly Queue<DateTime> _recent = new();

    public CloudTrailService(IServiceContext context) => _context = context;

    public JsonObject Handle(string operation, JsonObject arguments, SimPrincipal principal, string region)
    {
        switch (operation)
        {
            case "LookupEvents":
                return Lookup(arguments, principal);
            case "DescribeTrails":
            case "GetTrailStatus":
            case "GetEventSelectors":
                return Trails(operation, arguments, principal, region);
            default:
                throw new ServiceError(400, "UnknownOperationException", $"The simulator does not serve CloudTrail {operation}.");
        }
    }

    // CloudTrail API Reference: DescribeTrails (trailNameList, includeShadowTrails: a multi-region trail is also listed in
    // every other region), GetTrailStatus (Name), GetEventSelectors (TrailName); a name or ARN it does not know is
    // TrailNotFoundException (400).
    private JsonObject Trails(string operation, JsonObject arguments, SimPrincipal principal, string region)
    {
        lock (_context.Gate)
        {
            var account = _context.State.FindAccount(principal.AccountId);
            var trails = account?.Trails ?? new List<SimTrail>();
            string Arn(SimTrail t) => $"arn:aws:cloudtrail:{t.HomeRegion}:{principal.AccountId}:trail/{t.Name}";
            if (operation == "DescribeTrails")
            {
                var names = arguments["trailNameList"]?.AsArray().Select(n => n!.GetValue<string>()).ToList();
                var shadows = arguments["includeShadowTrails"]?.GetValue<bool>() ?? true;
                var listed = trails.Where(t => t.HomeRegion == region || (shadows && t.IsMultiRegionTrail))
                    .Where(t => names is null || names.Count == 0 || names.Contains(t.Name) || names.Contains(Arn(t)));
                return new JsonObject
                {
                    ["trailList"] = new JsonArray(listed.Select(t => (JsonNode)new JsonObject
                    {
                        ["Name"] = t.Name,
                        ["S3BucketName"] = t.S3BucketName,
                        ["IncludeGlobalServiceEvents"] = t.IncludeGlobalServiceEvents,
                        ["IsMultiRegionTrail"] = t.IsMultiRegionTrail,
                        ["HomeRegion"] = t.HomeRegion,
                        ["TrailARN"] = Arn(t),
                        ["LogFileValidationEnabled"] = t.LogFileValidationEnabled,
                        ["HasCustomEventSelectors"] = t.ManagementEvents != "All",
                        ["HasInsightSelectors"] = false,
                        ["IsOrganizationTrail"] = t.IsOrganizationTrail,
                    }).ToArray()),
                };
            }

            var key = operation == "GetTrailStatus" ? "Name" : "TrailName";
            var name = arguments[key]?.GetValue<string>() ?? throw new ServiceError(400, "InvalidTrailNameException", $"{key} is required.");
            var trail = trails.FirstOrDefault(t => t.Name == name || Arn(t) == name)
                ?? throw new ServiceError(400, "TrailNotFoundException", $"Unknown trail: {name} for the user: {principal.AccountId}");
            if (operation == "GetTrailStatus")
            {
                var status = new JsonObject { ["IsLogging"] = trail.IsLogging };
                if (trail.IsLogging)
                {
                    status["LatestDeliveryTime"] = WireFormat.Epoch(DateTime.UtcNow.AddMinutes(-5));
                    status["StartLoggingTime"] = WireFormat.Epoch(new DateTime(2024, 1, 15, 0, 0, 0, DateTimeKind.Utc));
                }
                else
                {
                    status["StopLoggingTime"] = WireFormat.Epoch(DateTime.UtcNow.AddDays(-3));
                }

                return status;
            }

            var selectors = new JsonArray();
            selectors.Add(new JsonObject
            {
                ["ReadWriteType"] = trail.ManagementEvents ?? "All",
                ["IncludeManagementEvents"] = trail.ManagementEvents is not null,
                ["DataResources"] = new JsonArray(),
                ["ExcludeManagementEventSources"] = new JsonArray(),
            });
            return new JsonObject { ["TrailARN"] = Arn(trail), ["EventSelectors"] = selectors };
        }
    }

    private JsonObject Lookup(JsonObject arguments, SimPrincipal principal)
    {
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

        var events = _context.Trail.Records
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

    // The account an AssumeRoot targeted is the event's resource, as a lookup by ResourceName finds it.
    private static JsonArray Resources(JsonObject record)
        => Text(record["requestParameters"]?["targetPrincipal"]) is { Length: > 0 } target
            ? new JsonArray(new JsonObject { ["ResourceType"] = "AWS::Organizations::Account", ["ResourceName"] = target })
            : new JsonArray();

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
            ["Resources"] = Resources(record),
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
        if (_context.CloudTrailRequestsPerSecond <= 0)
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

            if (_recent.Count >= _context.CloudTrailRequestsPerSecond)
            {
                _context.CountCloudTrailThrottle();
                throw new ServiceError(429, "ThrottlingException", "Rate exceeded"); // CloudTrail's model: ThrottlingException is HTTP 429
            }

            _recent.Enqueue(now);
        }
    }
}
