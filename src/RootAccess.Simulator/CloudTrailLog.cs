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
    internal void RecordAssumeRoot(string callerAccountId, string callerArn, string sourceIp, string region, string targetPrincipal, string taskPolicyArn, int? durationSeconds, IssuedSession? issued, ServiceError? error)
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
            ["eventTime"] = WireFormat.Iso(DateTime.UtcNow),
            ["eventSource"] = "sts.amazonaws.com",
            ["eventName"] = "AssumeRoot",
            ["awsRegion"] = region,
            ["sourceIPAddress"] = sourceIp,
            ["userAgent"] = "aws-sdk-dotnet",
            ["requestParameters"] = new JsonObject
            {
                ["targetPrincipal"] = targetPrincipal,
                ["taskPolicyArn"] = new JsonObject { ["arn"] = taskPolicyArn },
                ["durationSeconds"] = durationSeconds,
            },
            ["responseElements"] = issued is null ? null : new JsonObject
            {
                ["credentials"] = new JsonObject
                {
                    ["accessKeyId"] = issued.AccessKeyId,
                    ["expiration"] = issued.Expiration.ToString("MMM d, yyyy, h:mm:ss tt", System.Globalization.CultureInfo.InvariantCulture),
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
        if (error is not null)
        {
            record["errorCode"] = error.Code;
            record["errorMessage"] = error.Message;
        }

        Add(record);
    }
}
