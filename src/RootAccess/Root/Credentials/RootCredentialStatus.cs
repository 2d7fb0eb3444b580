using System;

namespace RootAccess.Root;

/// <summary>What an audit row says about its account.</summary>
public static class AuditStatus
{
    /// <summary>The root user's credentials were read.</summary>
    public const string Audited = "Audited";

    /// <summary>No root session was attempted (the management account, or an account that is not ACTIVE); Reason says why.</summary>
    public const string Skipped = "Skipped";

    /// <summary>The audit failed; Reason and ErrorId say how, and an error record was written too.</summary>
    public const string Failed = "Failed";
}

/// <summary>
/// The root user's credentials in one account, one flat row for Export-Csv: every account given to the audit gets one
/// (Status Audited, Skipped or Failed). Credential columns are empty unless the account was audited; timestamps are
/// dates in UTC (DateTimeOffset: comparable in filters, "+00:00" in CSV, ISO 8601 in JSON).
/// </summary>
public sealed class RootCredentialStatus
{
    public string AccountId { get; set; } = string.Empty;

    public string? AccountName { get; set; }

    public string? Email { get; set; }

    /// <summary>The root and OUs above the account (r-.../ou-.../ou-...), when the listing walked them.</summary>
    public string? OuPath { get; set; }

    /// <summary>The same path in names (Root/Workloads/Production), when the listing walked it.</summary>
    public string? OuNames { get; set; }

    /// <summary>Audited, Skipped or Failed (<see cref="AuditStatus"/>).</summary>
    public string Status { get; set; } = AuditStatus.Audited;

    /// <summary>Why the account was skipped or what failed; empty when audited.</summary>
    public string? Reason { get; set; }

    /// <summary>The error id of a failed audit (the same as the error record's), for example AssumeRootFailed,AccessDenied.</summary>
    public string? ErrorId { get; set; }

    /// <summary>True when the root user has any password, MFA device, access key or signing certificate; empty unless audited.</summary>
    public bool? HasRootCredentials { get; set; }

    public bool? PasswordPresent { get; set; }

    public DateTimeOffset? PasswordCreated { get; set; }

    /// <summary>The root user's last console sign-in with the password (IAM GetUser's PasswordLastUsed).</summary>
    public DateTimeOffset? PasswordLastUsed { get; set; }

    public int? MfaDeviceCount { get; set; }

    /// <summary>Virtual (authenticator app) MFA devices.</summary>
    public int? VirtualMfaCount { get; set; }

    /// <summary>Hardware TOTP tokens.</summary>
    public int? HardwareMfaCount { get; set; }

    /// <summary>FIDO security keys and passkeys.</summary>
    public int? FidoMfaCount { get; set; }

    /// <summary>MFA device serial numbers, joined with '; '.</summary>
    public string? MfaDevices { get; set; }

    public int? AccessKeyCount { get; set; }

    public int? ActiveAccessKeyCount { get; set; }

    /// <summary>Access key ids with their status, joined with '; ' (for example AKIA...(Active)).</summary>
    public string? AccessKeys { get; set; }

    /// <summary>The most recent use of any root access key, if any was ever used.</summary>
    public DateTimeOffset? AccessKeyLastUsed { get; set; }

    /// <summary>The service that most recent use called (for example s3).</summary>
    public string? AccessKeyLastUsedService { get; set; }

    public int? SigningCertificateCount { get; set; }

    public int? ActiveSigningCertificateCount { get; set; }

    /// <summary>When this row was made.</summary>
    public DateTimeOffset CheckedAt { get; set; }

    public override string ToString() => Status == AuditStatus.Audited
        ? $"{AccountId}: {(HasRootCredentials == true ? "has root credentials" : "no root credentials")}"
        : $"{AccountId}: {Status.ToLowerInvariant()} ({Reason})";
}
