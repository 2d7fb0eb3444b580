using System;

namespace RootAccess.Root;

/// <summary>The root user's credentials in one member account, one flat row for Export-Csv.</summary>
public sealed class RootCredentialStatus
{
    public string AccountId { get; set; } = string.Empty;

    public string? AccountName { get; set; }

    public bool PasswordPresent { get; set; }

    public DateTime? PasswordCreated { get; set; }

    public int MfaDeviceCount { get; set; }

    /// <summary>MFA device serial numbers, joined with '; '.</summary>
    public string MfaDevices { get; set; } = string.Empty;

    public int AccessKeyCount { get; set; }

    public int ActiveAccessKeyCount { get; set; }

    /// <summary>Access key ids with their status, joined with '; ' (for example AKIA...(Active)).</summary>
    public string AccessKeys { get; set; } = string.Empty;

    /// <summary>The most recent use of any root access key, if any was ever used.</summary>
    public DateTime? AccessKeyLastUsed { get; set; }

    public int SigningCertificateCount { get; set; }

    public bool HasRootCredentials { get; set; }

    public DateTime CheckedAt { get; set; }

    public override string ToString() => $"{AccountId}: {(HasRootCredentials ? "has root credentials" : "no root credentials")}";
}
