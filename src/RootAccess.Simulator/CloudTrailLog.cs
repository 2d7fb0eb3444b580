using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace RootAccess.Simulator;

/// <summary>The CloudTrail records of the calls the simulator served, in CloudTrail's record shape.</summary>
public sealed class CloudTrailLog
{
    private readonly object _gate = new();
    private readonly List<JsonObject> _records = new();

    public IReadOnlyList<JsonObject> Records
    {
        get
        {
            lock (_gate)
            {
                return _records.Select(r => (JsonObject)r.DeepClone()).ToList();
            }
        }
    }

    /// <summary>Off for benchmarks that must not measure the simulator's own log growing.</summary>
    public bool Enabled { get; set; } = true;

    internal void Add(JsonObject record)
    {
        if (!Enabled)
        {
            return;
        }

        lock (_gate)
        {
            _records.Add(record);
        }
    }

    /// <summary>An sts:AssumeRoot record as CloudTrail writes it in the calling account; never the secret or token.</summary>
    internal void RecordAssumeRoot(string callerAccountId, string callerArn, string callerAccessKeyId, string sourceIp, string region, string targetPrincipal, string taskPolicyArn, int? durationSeconds, IssuedSession? issued, ServiceError? error)
    {
        var record = AssumeRootRecord(DateTime.UtcNow, callerAccountId, callerArn, sourceIp, region, targetPrincipal, taskPolicyArn, durationSeconds, issued?.AccessKeyId, issued?.Expiration, error?.Code, error?.Message, issued?.SessionToken, issued is null ? null : callerArn.Split('/')[^1]);
        // The key the caller signed with, as CloudTrail records it: LookupEvents by AccessKeyId finds the admin's own calls.
        record["userIdentity"]!["accessKeyId"] = callerAccessKeyId;
        Add(record);
    }

    /// <summary>Adds an AssumeRoot record as if it had happened at <paramref name="time"/> (for audit scenarios).</summary>
    public JsonObject AddAssumeRoot(DateTime time, string callerArn, string sourceIp, string targetAccountId, string taskPolicy, string? errorCode = null, string region = "us-east-1")
    {
        var accountId = callerArn.Split(':')[4];
        var record = AssumeRootRecord(time, accountId, callerArn, sourceIp, region, targetAccountId, TaskPolicyRules.ArnPrefix + taskPolicy, 900,
            errorCode is null ? "ASIA" + Guid.NewGuid().ToString("N").Substring(0, 16).ToUpperInvariant() : null, errorCode is null ? time.AddMinutes(15) : null, errorCode, errorCode is null ? null : "Simulated failure", errorCode is null ? "IQoJsimulated" + Guid.NewGuid().ToString("N") : null, errorCode is null ? callerArn.Split('/')[^1] : null);
        Add(record);
        return record;
    }

    /// <summary>A call made with a root session, logged in the member account as CloudTrail logs root activity.</summary>
    internal void RecordSessionCall(IssuedSession session, string service, string operation, string sourceIp, string region, ServiceError? error)
    {
        var record = new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["userIdentity"] = new JsonObject
            {
                ["type"] = "Root",
                ["principalId"] = session.AccountId,
                ["arn"] = $"arn:aws:iam::{session.AccountId}:root",
                ["accountId"] = session.AccountId,
                ["accessKeyId"] = session.AccessKeyId,
            },
            ["eventTime"] = WireFormat.Iso(DateTime.UtcNow),
            ["eventSource"] = service + ".amazonaws.com",
            ["eventName"] = operation,
            ["awsRegion"] = region,
            ["sourceIPAddress"] = sourceIp,
            ["eventID"] = Guid.NewGuid().ToString(),
            ["eventType"] = "AwsApiCall",
            ["recipientAccountId"] = session.AccountId,
        };
        if (error is not null)
        {
            record["errorCode"] = error.Code;
            record["errorMessage"] = error.Message;
        }

        Add(record);
    }

    /// <summary>Writes the log as CloudTrail delivers it to S3: {"Records":[...]} files, gzipped, in the AWSLogs folder layout.</summary>
    public IReadOnlyList<string> WriteLogFiles(string folder, int recordsPerFile = 25, bool gzip = true)
    {
        var written = new List<string>();
        var records = Records.OrderBy(r => r["eventTime"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        for (var start = 0; start < records.Count; start += recordsPerFile)
        {
            var chunk = records.Skip(start).Take(recordsPerFile).ToList();
            var first = chunk[0];
            var account = first["recipientAccountId"]?.GetValue<string>() ?? "000000000000";
            var region = first["awsRegion"]?.GetValue<string>() ?? "us-east-1";
            var time = DateTime.Parse(first["eventTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
            var directory = System.IO.Path.Combine(folder, "AWSLogs", account, "CloudTrail", region, time.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture), time.ToString("MM", System.Globalization.CultureInfo.InvariantCulture), time.ToString("dd", System.Globalization.CultureInfo.InvariantCulture));
            System.IO.Directory.CreateDirectory(directory);
            var name = $"{account}_CloudTrail_{region}_{time:yyyyMMdd'T'HHmm'Z'}_{start / recordsPerFile:D4}{Guid.NewGuid().ToString("N").Substring(0, 8)}.json" + (gzip ? ".gz" : string.Empty);
            var path = System.IO.Path.Combine(directory, name);
            var json = System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = new JsonArray(chunk.Select(r => (JsonNode)r).ToArray()) }.ToJsonString());
            using (var file = System.IO.File.Create(path))
            using (var output = gzip ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest) : (System.IO.Stream)file)
            {
                output.Write(json, 0, json.Length);
            }

            written.Add(path);
        }

        return written;
    }

    private static JsonObject AssumeRootRecord(DateTime time, string callerAccountId, string callerArn, string sourceIp, string region, string targetPrincipal, string taskPolicyArn, int? durationSeconds, string? accessKeyId, DateTime? expiration, string? errorCode, string? errorMessage, string? sessionToken, string? sourceIdentity)
    {
        var record = new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["userIdentity"] = new JsonObject
            {
                ["type"] = callerArn.Contains(":assumed-role/") || callerArn.Contains(":role/") ? "AssumedRole" : "IAMUser",
                ["arn"] = callerArn,
                ["accountId"] = callerAccountId,
            },
            ["eventTime"] = WireFormat.Iso(time),
            ["eventSource"] = "sts.amazonaws.com",
            ["eventName"] = "AssumeRoot",
            ["awsRegion"] = region,
            ["sourceIPAddress"] = sourceIp,
            ["userAgent"] = "aws-sdk-dotnet",
            ["requestParameters"] = new JsonObject
            {
                ["targetPrincipal"] = targetPrincipal,
                ["taskPolicyArn"] = new JsonObject { ["arn"] = taskPolicyArn },
            },
            // AWS's published AssumeRoot record (IAM User Guide, "Track privileged tasks in CloudTrail") carries the session
            // token beside the access key id, never the secret: archives hold tokens, so the module must never surface them.
            ["responseElements"] = accessKeyId is null ? null : new JsonObject
            {
                ["credentials"] = new JsonObject
                {
                    ["accessKeyId"] = accessKeyId,
                    ["sessionToken"] = sessionToken,
                    ["expiration"] = expiration?.ToString("MMM d, yyyy, h:mm:ss tt", System.Globalization.CultureInfo.InvariantCulture),
                },
            },
            ["requestID"] = Guid.NewGuid().ToString(),
            ["eventID"] = Guid.NewGuid().ToString(),
            ["readOnly"] = true,
            ["eventType"] = "AwsApiCall",
            ["managementEvent"] = true,
            ["recipientAccountId"] = callerAccountId,
            ["eventCategory"] = "Management",
        };
        // Absent members are omitted, as AWS does, never written as null.
        if (durationSeconds is { } seconds)
        {
            ((JsonObject)record["requestParameters"]!)["durationSeconds"] = seconds;
        }

        if (sourceIdentity is not null && record["responseElements"] is JsonObject elements)
        {
            elements["sourceIdentity"] = sourceIdentity;
        }

        if (accessKeyId is null)
        {
            record.Remove("responseElements");
        }

        if (errorCode is not null)
        {
            record["errorCode"] = errorCode;
            record["errorMessage"] = errorMessage;
        }

        return record;
    }
}
