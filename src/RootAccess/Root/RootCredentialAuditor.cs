using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;

namespace RootAccess.Root;

/// <summary>Reads a member account's root credentials through an IAMAuditRootUserCredentials root session.</summary>
public sealed class RootCredentialAuditor
{
    public const string AuditFailed = "RootCredentialAuditFailed";

    // Long enough for the handful of reads an audit makes, short enough that an idle session is soon useless.
    public const int AuditSessionSeconds = 300;

    private readonly AwsContext _context;
    private readonly RootSessionBroker _broker;
    private readonly Func<DateTime> _clock;

    public RootCredentialAuditor(AwsContext context, RootSessionBroker broker, Func<DateTime>? clock = null)
    {
        _context = context;
        _broker = broker;
        _clock = clock ?? (() => DateTime.UtcNow);
    }

    /// <summary>
    /// Audits one account: opens an audit session unless one is given, then reads the root credentials.
    /// Failures come back as <see cref="AccountStepException"/> naming the account and the step.
    /// </summary>
    public async Task<RootCredentialStatus> AuditAccountAsync(string accountId, string? accountName, RootSession? session, CancellationToken cancellationToken)
    {
        session ??= await _broker.OpenForTaskAsync(accountId, TaskPolicies.AuditRootUserCredentials, AuditSessionSeconds, cancellationToken).ConfigureAwait(false);
        return await AccountStepException.RunAsync(accountId, AuditFailed, "reading the root user's credentials failed", () => AuditAsync(session, accountName, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Audits with a session the caller already holds (its task policy must allow the IAM reads).</summary>
    public async Task<RootCredentialStatus> AuditAsync(RootSession session, string? accountName, CancellationToken cancellationToken)
    {
        using var iam = AwsClientFactory.CreateIam(_context.WithCredentials(session.Credentials));
        var loginProfile = iam.GetLoginProfileAsync(cancellationToken);
        var mfaDevices = iam.ListMfaDevicesAsync(cancellationToken);
        var accessKeys = iam.ListAccessKeysAsync(cancellationToken);
        var certificates = iam.ListSigningCertificatesAsync(cancellationToken);
        await Task.WhenAll(loginProfile, mfaDevices, accessKeys, certificates).ConfigureAwait(false);

        var keys = accessKeys.Result;
        var lastUsed = await Task.WhenAll(keys.Select(k => iam.GetAccessKeyLastUsedAsync(k.AccessKeyId, cancellationToken))).ConfigureAwait(false);

        var password = loginProfile.Result;
        var status = new RootCredentialStatus
        {
            AccountId = session.AccountId,
            AccountName = accountName,
            PasswordPresent = password is not null,
            PasswordCreated = password?.CreateDate,
            MfaDeviceCount = mfaDevices.Result.Count,
            MfaDevices = string.Join("; ", mfaDevices.Result.Select(d => d.SerialNumber)),
            AccessKeyCount = keys.Count,
            ActiveAccessKeyCount = keys.Count(k => k.IsActive),
            AccessKeys = string.Join("; ", keys.Select(k => $"{k.AccessKeyId}({k.Status})")),
            AccessKeyLastUsed = lastUsed.Select(u => u.LastUsedDate).Where(d => d.HasValue).DefaultIfEmpty(null).Max(),
            SigningCertificateCount = certificates.Result.Count,
            CheckedAt = _clock(),
        };
        status.HasRootCredentials = status.PasswordPresent || status.AccessKeyCount > 0 || status.SigningCertificateCount > 0 || status.MfaDeviceCount > 0;
        return status;
    }
}
