using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>Reads a member account's root credentials through an IAMAuditRootUserCredentials root session.</summary>
public sealed class RootCredentialAuditor
{
    // Long enough for the handful of reads an audit makes, short enough that an idle session is soon useless.
    public const int AuditSessionSeconds = 300;

    private static readonly AccountStep Step = new(ErrorIds.RootCredentialAuditFailed, "reading the root user's credentials failed");

    private readonly RootSessionBroker _broker;
    private readonly Func<DateTime> _clock;

    public RootCredentialAuditor(RootSessionBroker broker, Func<DateTime>? clock = null)
    {
        _broker = broker;
        _clock = clock ?? (() => DateTime.UtcNow);
    }

    /// <summary>Refuses, before any call, a session that cannot audit (wrong task policy, expired).</summary>
    public void EnsureCanAudit(RootSession session)
        => RootSessionBroker.EnsureCanDo(session, TaskPolicies.AuditRootUserCredentials, RootCredentialReader.Actions, _clock());

    /// <summary>
    /// Audits one account: opens an audit session unless one is given, then reads the root credentials.
    /// Failures come back as <see cref="AccountStepException"/> naming the account and the step.
    /// </summary>
    public Task<RootCredentialStatus> AuditAccountAsync(AccountId account, string? accountName, RootSession? session, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            return _broker.RunAsync(account, TaskPolicies.AuditRootUserCredentials, AuditSessionSeconds, Step, s => AuditAsync(s, accountName, cancellationToken), cancellationToken);
        }

        EnsureCanAudit(session);
        return RootSessionBroker.RunWithAsync(session, Step, s => AuditAsync(s, accountName, cancellationToken));
    }

    private async Task<RootCredentialStatus> AuditAsync(RootSession session, string? accountName, CancellationToken cancellationToken)
    {
        using var iam = _broker.Iam(session);
        var found = await RootCredentialReader.ReadAsync(iam, cancellationToken).ConfigureAwait(false);
        var keys = found.AccessKeys;
        var status = new RootCredentialStatus
        {
            AccountId = session.AccountId,
            AccountName = accountName,
            PasswordPresent = found.LoginProfile is not null,
            PasswordCreated = found.LoginProfile?.CreateDate,
            MfaDeviceCount = found.MfaDevices.Count,
            MfaDevices = string.Join("; ", found.MfaDevices.Select(d => d.SerialNumber)),
            AccessKeyCount = keys.Count,
            ActiveAccessKeyCount = keys.Count(k => k.IsActive),
            AccessKeys = string.Join("; ", keys.Select(k => $"{k.AccessKeyId}({k.Status})")),
            AccessKeyLastUsed = found.AccessKeyLastUsed.Select(u => u.LastUsedDate).Where(d => d.HasValue).DefaultIfEmpty(null).Max(),
            SigningCertificateCount = found.SigningCertificates.Count,
            CheckedAt = _clock(),
        };
        status.HasRootCredentials = status.PasswordPresent || status.AccessKeyCount > 0 || status.SigningCertificateCount > 0 || status.MfaDeviceCount > 0;
        return status;
    }
}
