using System;

namespace RootAccess.Root;

public enum EventSeverity
{
    Medium,
    High,
    Critical,
}

/// <summary>One sts:AssumeRoot call from CloudTrail, ranked the way the hardening guide's monitoring table ranks it.</summary>
public sealed class AssumeRootEvent
{
    public DateTime EventTime { get; set; }

    public string CallerArn { get; set; } = string.Empty;

    public string SourceIp { get; set; } = string.Empty;

    public string TargetAccountId { get; set; } = string.Empty;

    /// <summary>The task policy's short name (the full ARN when it is not one of the five).</summary>
    public string TaskPolicy { get; set; } = string.Empty;

    /// <summary>Empty when the call succeeded.</summary>
    public string ErrorCode { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    public string EventId { get; set; } = string.Empty;

    /// <summary>The access key id of the root session the call issued, to find what was done with it.</summary>
    public string SessionAccessKeyId { get; set; } = string.Empty;

    /// <summary>The source identity the session carried (set when the caller's own session had one).</summary>
    public string SourceIdentity { get; set; } = string.Empty;

    /// <summary>How many calls were made with the session, from log archives (which hold the member accounts' events); empty from a CloudTrail lookup, which cannot know.</summary>
    public int? SessionCallCount { get; set; }

    /// <summary>The calls made with the session, in time order, joined with '; ' (service:Operation, with any error code).</summary>
    public string SessionCalls { get; set; } = string.Empty;

    public EventSeverity Severity { get; set; }

    public string Reason { get; set; } = string.Empty;

    public override string ToString() => $"{EventTime:u} {Severity} {TaskPolicy} on {TargetAccountId} by {CallerArn}";
}
