using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;

using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>What makes an event worse than its task policy: outside the change window, from an unexpected address.</summary>
public sealed class EventExpectations
{
    public DateTime? WindowStart { get; set; }

    public DateTime? WindowEnd { get; set; }

    public IReadOnlyList<IpRange> ExpectedSourceIps { get; set; } = Array.Empty<IpRange>();
}

/// <summary>A call made with a root session, as the member account's CloudTrail logged it.</summary>
public sealed class SessionCall
{
    public SessionCall(string accessKeyId, DateTime time, string call)
    {
        AccessKeyId = accessKeyId;
        Time = time;
        Call = call;
    }

    public string AccessKeyId { get; }

    public DateTime Time { get; }

    /// <summary>For example iam:DeleteAccessKey, or iam:DeleteAccessKey(AccessDenied) when it failed.</summary>
    public string Call { get; }
}

/// <summary>What one log file holds for this audit.</summary>
public sealed class TrailContents
{
    public List<AssumeRootEvent> Events { get; } = new();

    public List<SessionCall> SessionCalls { get; } = new();

    /// <summary>Records that were skipped, each naming its file, position and what was wrong.</summary>
    public List<string> Skipped { get; } = new();
}

/// <summary>Turns CloudTrail records into ranked <see cref="AssumeRootEvent"/>s.</summary>
public static class AssumeRootEventReader
{
    /// <summary>The AssumeRoot event in one CloudTrail record, or null when the record is another call.</summary>
    public static AssumeRootEvent? Parse(JsonElement record, EventExpectations expectations)
    {
        if (record.ValueKind != JsonValueKind.Object || Text(record, "eventName") != "AssumeRoot" || Text(record, "eventSource") != "sts.amazonaws.com")
        {
            return null;
        }

        var request = record.TryGetProperty("requestParameters", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        var policyArn = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("taskPolicyArn", out var p) ? (p.ValueKind == JsonValueKind.Object ? ArnOf(p) : p.ValueKind == JsonValueKind.String ? p.GetString() : throw new MalformedRecordException("requestParameters.taskPolicyArn is neither an object nor a string")) : null;
        var time = EventTime(record);

        var target = request.ValueKind == JsonValueKind.Object ? Text(request, "targetPrincipal") ?? string.Empty : string.Empty;
        // Only the access key id is read from the credentials: AWS's record also holds the session token, which never leaves here.
        var response = record.TryGetProperty("responseElements", out var elements) && elements.ValueKind == JsonValueKind.Object ? elements : default;
        var sessionKey = response.ValueKind == JsonValueKind.Object
            && response.TryGetProperty("credentials", out var credentials) && credentials.ValueKind == JsonValueKind.Object ? Text(credentials, "accessKeyId") : null;
        var item = new AssumeRootEvent
        {
            EventTime = time,
            CallerArn = record.TryGetProperty("userIdentity", out var who) && who.ValueKind == JsonValueKind.Object ? Text(who, "arn") ?? string.Empty : string.Empty,
            SourceIp = Text(record, "sourceIPAddress") ?? string.Empty,
            TargetAccountId = AccountId.TryParse(target, out var account) ? account.Value : target,
            TaskPolicy = TaskPolicies.TryResolve(policyArn, out var name) ? name : policyArn ?? string.Empty,
            ErrorCode = Text(record, "errorCode") ?? string.Empty,
            Region = Text(record, "awsRegion") ?? string.Empty,
            EventId = Text(record, "eventID") ?? string.Empty,
            SessionAccessKeyId = sessionKey ?? string.Empty,
            SourceIdentity = (response.ValueKind == JsonValueKind.Object ? Text(response, "sourceIdentity") : null) ?? string.Empty,
        };
        Rank(item, expectations);
        return item;
    }

    /// <summary>Severity from the guide's monitoring table, raised to Critical outside the expected window or addresses.</summary>
    public static void Rank(AssumeRootEvent item, EventExpectations expectations)
    {
        var reasons = new List<string>();
        var severity = item.TaskPolicy switch
        {
            TaskPolicies.CreateRootUserPassword => Reason(EventSeverity.Critical, "root password creation: the path to persistent root"),
            TaskPolicies.DeleteRootUserCredentials => Reason(EventSeverity.High, "root credential deletion"),
            TaskPolicies.S3UnlockBucketPolicy => Reason(EventSeverity.Medium, "bucket policy unlock"),
            TaskPolicies.SqsUnlockQueuePolicy => Reason(EventSeverity.Medium, "queue policy unlock"),
            _ => Reason(EventSeverity.High, "AssumeRoot call"),
        };
        if (item.ErrorCode.Length > 0)
        {
            severity = Max(severity, Reason(EventSeverity.High, $"failed with {item.ErrorCode} (possible reconnaissance)"));
        }

        if ((expectations.WindowStart is { } start && item.EventTime < start.ToUniversalTime()) || (expectations.WindowEnd is { } end && item.EventTime > end.ToUniversalTime()))
        {
            severity = Max(severity, Reason(EventSeverity.Critical, "outside the change window"));
        }

        if (expectations.ExpectedSourceIps.Count > 0 && !expectations.ExpectedSourceIps.Any(range => range.Contains(item.SourceIp)))
        {
            severity = Max(severity, Reason(EventSeverity.Critical, $"from unexpected source IP {item.SourceIp}"));
        }

        item.Severity = severity;
        item.Reason = string.Join("; ", reasons);

        EventSeverity Reason(EventSeverity level, string why)
        {
            reasons.Add(why);
            return level;
        }

        static EventSeverity Max(EventSeverity a, EventSeverity b) => a > b ? a : b;
    }

    /// <summary>A call made with a root session (userIdentity type Root with an access key), or null.</summary>
    public static SessionCall? ParseSessionCall(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty("userIdentity", out var who) || who.ValueKind != JsonValueKind.Object
            || Text(who, "type") != "Root" || Text(who, "accessKeyId") is not { Length: > 0 } key)
        {
            return null;
        }

        var source = (Text(record, "eventSource") ?? string.Empty).Replace(".amazonaws.com", string.Empty);
        var error = Text(record, "errorCode");
        var time = EventTime(record);
        return new SessionCall(key, time, $"{source}:{Text(record, "eventName")}{(error is null ? string.Empty : $"({error})")}");
    }

    /// <summary>Attaches to each event the calls made with the session it issued.</summary>
    public static void LinkSessionCalls(IEnumerable<AssumeRootEvent> events, IEnumerable<SessionCall> calls)
    {
        var byKey = calls.GroupBy(c => c.AccessKeyId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Time).Select(c => c.Call).ToList(), StringComparer.Ordinal);
        foreach (var item in events)
        {
            // An archive holds the member accounts' events, so a session with none there made no calls.
            item.SessionCallCount = 0;
            if (item.SessionAccessKeyId.Length > 0 && byKey.TryGetValue(item.SessionAccessKeyId, out var list))
            {
                item.SessionCallCount = list.Count;
                item.SessionCalls = string.Join("; ", list);
            }
        }
    }

    /// <summary>The AssumeRoot events and root-session calls of one CloudTrail log file as delivered to S3 (.json or .json.gz).</summary>
    public static TrailContents ReadFile(string path, EventExpectations expectations)
    {
        using var file = File.OpenRead(path);
        using var input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        using var document = JsonDocument.Parse(buffer.ToArray());
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("it has no \"Records\" array, so it is not a CloudTrail log file");
        }

        var contents = new TrailContents();
        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            try
            {
                if (Parse(record, expectations) is { } item)
                {
                    contents.Events.Add(item);
                }
                else if (ParseSessionCall(record) is { } call)
                {
                    contents.SessionCalls.Add(call);
                }
            }
            catch (MalformedRecordException ex)
            {
                contents.Skipped.Add($"{path}: record {index} ({Text(record, "eventID") ?? "no eventID"}) skipped: {ex.Message}.");
            }

            index++;
        }

        return contents;
    }

    /// <summary>A file a folder of CloudTrail logs holds (*.json, *.json.gz).</summary>
    public static bool IsLogFile(string path)
        => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase);

    private static DateTime EventTime(JsonElement record)
    {
        var text = Text(record, "eventTime");
        if (text is null || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new MalformedRecordException($"eventTime {(text is null ? "is missing or not a string" : "'" + text + "' is not a time")}");
        }

        return time;
    }

    // {"arn": "..."} as CloudTrail writes it; an arn that is there but not text is a record that was tampered with or damaged.
    private static string? ArnOf(JsonElement policy)
        => policy.TryGetProperty("arn", out var arn) && arn.ValueKind != JsonValueKind.String && arn.ValueKind != JsonValueKind.Null
            ? throw new MalformedRecordException($"requestParameters.taskPolicyArn.arn is {arn.ValueKind.ToString().ToLowerInvariant()} {arn.GetRawText()}, not an ARN")
            : Text(policy, "arn");

    private static string? Text(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A CloudTrail record that cannot be read as what it claims to be; it is skipped, the others are read.</summary>
public sealed class MalformedRecordException : Exception
{
    public MalformedRecordException(string message)
        : base(message)
    {
    }
}
