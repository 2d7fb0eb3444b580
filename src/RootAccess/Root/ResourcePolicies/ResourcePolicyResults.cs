using RootAccess.Core;

namespace RootAccess.Root;

public enum UnlockAction
{
    Unlocked,
    WouldUnlock,
    NoPolicy,
    Skipped,
    Failed,
}

public enum RestoreAction
{
    Restored,
    WouldRestore,
    Skipped,
    Failed,
}

/// <summary>What an unlock did to one bucket or queue policy.</summary>
public sealed class PolicyUnlockResult
{
    public string AccountId { get; set; } = string.Empty;

    public ResourceType ResourceType { get; set; }

    /// <summary>The bucket name or queue URL.</summary>
    public string Resource { get; set; } = string.Empty;

    /// <summary>The backup file written before the policy was deleted (empty when nothing was deleted).</summary>
    public string BackupPath { get; set; } = string.Empty;

    /// <summary>SHA-256 of the policy as AWS returned it (and as the backup holds it).</summary>
    public string PolicySha256 { get; set; } = string.Empty;

    public UnlockAction Action { get; set; }

    public string Message { get; set; } = string.Empty;

    public override string ToString() => $"{ResourceType} {Resource}: {Action}";
}

/// <summary>A bucket or queue that has a resource policy (what an admin looks at before unlocking).</summary>
public sealed class ResourcePolicyInfo
{
    public string AccountId { get; set; } = string.Empty;

    public ResourceType ResourceType { get; set; }

    public string Resource { get; set; } = string.Empty;

    /// <summary>True when a statement denies every principal without a condition: the lock-out an unlock fixes.</summary>
    public bool DeniesAllPrincipals { get; set; }

    public string PolicySha256 { get; set; } = string.Empty;

    public int PolicyLength { get; set; }

    public override string ToString() => $"{ResourceType} {Resource}";
}

/// <summary>What Restore-ResourcePolicy did with one backup.</summary>
public sealed class PolicyRestoreResult
{
    public string AccountId { get; set; } = string.Empty;

    public ResourceType ResourceType { get; set; }

    public string Resource { get; set; } = string.Empty;

    public string BackupPath { get; set; } = string.Empty;

    public string PolicySha256 { get; set; } = string.Empty;

    public RestoreAction Action { get; set; }

    public string Message { get; set; } = string.Empty;

    public override string ToString() => $"{ResourceType} {Resource}: {Action}";
}
