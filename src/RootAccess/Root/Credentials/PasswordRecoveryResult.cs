using System;

namespace RootAccess.Root;

public enum PasswordRecoveryAction
{
    Enabled,
    WouldEnable,
    AlreadyPresent,
    Skipped,
    Failed,
}

/// <summary>What Enable-RootPasswordRecovery did in one account.</summary>
public sealed class PasswordRecoveryResult
{
    public string AccountId { get; set; } = string.Empty;

    public PasswordRecoveryAction Action { get; set; }

    /// <summary>When the root login profile was created (now, or earlier when it already existed).</summary>
    public DateTime? PasswordCreated { get; set; }

    public string Message { get; set; } = string.Empty;

    public override string ToString() => $"{AccountId}: {Action}";
}
