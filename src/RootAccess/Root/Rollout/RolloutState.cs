using System;
using System.Collections.Generic;
using System.Linq;

namespace RootAccess.Root;

/// <summary>Where one account is in a rollout. Verified, Skipped, Excluded and Failed are final; the rest resume.</summary>
public enum RolloutAccountState
{
    /// <summary>In the plan, not started.</summary>
    Planned,

    /// <summary>Audited before; its removal is about to start or was under way when the run stopped (written ahead).</summary>
    Removing,

    /// <summary>Removal done and recorded; the audit after it is still to come.</summary>
    Removed,

    /// <summary>Audited after the removal (or found without root credentials before): none of the removed kinds remain.</summary>
    Verified,

    /// <summary>Not touched, with the reason (the management account, an account that is not ACTIVE or left the organization).</summary>
    Skipped,

    /// <summary>Left out on purpose by -ExcludeAccountId, with the reason given.</summary>
    Excluded,

    /// <summary>A step failed, with its error id; retried only with -RetryFailed.</summary>
    Failed,
}

/// <summary>The root credentials an audit found, as kept in the state and the evidence.</summary>
public sealed class CredentialSnapshot
{
    public DateTimeOffset CheckedAt { get; set; }

    public bool PasswordPresent { get; set; }

    public int AccessKeyCount { get; set; }

    public int SigningCertificateCount { get; set; }

    public int MfaDeviceCount { get; set; }

    /// <summary>Of the MFA devices, the hardware ones (Security Hub IAM.6 asks for hardware MFA).</summary>
    public int HardwareMfaCount { get; set; }

    public bool HasRootCredentials => PasswordPresent || AccessKeyCount > 0 || SigningCertificateCount > 0 || MfaDeviceCount > 0;

    public static CredentialSnapshot Of(RootCredentialStatus row) => new()
    {
        CheckedAt = row.CheckedAt,
        PasswordPresent = row.PasswordPresent == true,
        AccessKeyCount = row.AccessKeyCount ?? 0,
        SigningCertificateCount = row.SigningCertificateCount ?? 0,
        MfaDeviceCount = row.MfaDeviceCount ?? 0,
        HardwareMfaCount = row.HardwareMfaCount ?? 0,
    };

    /// <summary>What remains of the given kinds, in words (empty when none).</summary>
    public IReadOnlyList<string> Remaining(IReadOnlyCollection<RootCredentialType> kinds)
    {
        var left = new List<string>();
        if (kinds.Contains(RootCredentialType.LoginProfile) && PasswordPresent)
        {
            left.Add("password");
        }

        if (kinds.Contains(RootCredentialType.AccessKey) && AccessKeyCount > 0)
        {
            left.Add($"{AccessKeyCount} access key(s)");
        }

        if (kinds.Contains(RootCredentialType.SigningCertificate) && SigningCertificateCount > 0)
        {
            left.Add($"{SigningCertificateCount} signing certificate(s)");
        }

        if (kinds.Contains(RootCredentialType.MfaDevice) && MfaDeviceCount > 0)
        {
            left.Add($"{MfaDeviceCount} MFA device(s)");
        }

        return left;
    }

    public override string ToString()
    {
        var all = Remaining(RootCredentialRemover.AllTypes);
        return all.Count == 0 ? "none" : string.Join(", ", all);
    }
}

/// <summary>One account of a rollout as the state records it.</summary>
public sealed class RolloutAccountRecord
{
    public string AccountId { get; set; } = string.Empty;

    public string? Name { get; set; }

    public string? OuPath { get; set; }

    public string? OuNames { get; set; }

    /// <summary>1-based; 0 for accounts outside every wave (skipped or excluded at planning).</summary>
    public int Wave { get; set; }

    public RolloutAccountState State { get; set; }

    public string? Reason { get; set; }

    public string? ErrorId { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>How many runs started work on this account (more than one after a stop or a retry).</summary>
    public int Attempts { get; set; }

    public CredentialSnapshot? Before { get; set; }

    public CredentialSnapshot? After { get; set; }

    /// <summary>Each removal call's outcome: "AccessKey AKIA...: Removed".</summary>
    public List<string> Removals { get; set; } = new();

    public bool IsFinal => State is RolloutAccountState.Verified or RolloutAccountState.Skipped or RolloutAccountState.Excluded or RolloutAccountState.Failed;
}

/// <summary>Which run holds a rollout, until when (renewed with every write; a run that was killed lets go when it expires).</summary>
public sealed class RolloutLease
{
    public string Owner { get; set; } = string.Empty;

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>The whole rollout: its plan, its settings and every account's progress. Written after each step.</summary>
public sealed class RolloutDocument
{
    public const string FormatName = "RootAccess.RootCredentialRollout";

    /// <summary>The state format this module reads and writes; a file of another version is refused, never guessed at.</summary>
    public const int CurrentVersion = 1;

    public string Format { get; set; } = FormatName;

    public int Version { get; set; } = CurrentVersion;

    public string RolloutId { get; set; } = Guid.NewGuid().ToString("N");

    public string OrganizationId { get; set; } = string.Empty;

    public string ManagementAccountId { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the last run ended (completed, stopped, timed out or halted).</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    public List<RootCredentialType> CredentialTypes { get; set; } = new();

    public bool AllowPasswordWithoutMfa { get; set; }

    /// <summary>Accounts per wave the plan was cut with (0 with <see cref="WavePerOu"/>).</summary>
    public int WaveSize { get; set; }

    public bool WavePerOu { get; set; }

    /// <summary>What the plan was made from: "organization", "ou-...", or "accounts".</summary>
    public string Scope { get; set; } = "organization";

    /// <summary>The change reference given to the runs (a ticket), kept in the evidence.</summary>
    public string? ChangeReference { get; set; }

    public RolloutLease? Lease { get; set; }

    /// <summary>Why the last run stopped before the end (a wave above -MaxFailurePercent, the time limit, a stop), or null.</summary>
    public string? StoppedBecause { get; set; }

    public List<RolloutAccountRecord> Accounts { get; set; } = new();

    public RolloutAccountRecord? Find(string accountId) => Accounts.FirstOrDefault(a => a.AccountId == accountId);

    public int WaveCount => Accounts.Count == 0 ? 0 : Accounts.Max(a => a.Wave);

    public bool IsComplete => Accounts.All(a => a.IsFinal);
}
