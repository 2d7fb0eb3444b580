using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>An account to audit, with what the listing said of it (carried into its row).</summary>
public sealed class AuditSubject
{
    public AuditSubject(AccountId accountId, string? name = null, string? email = null, string? ouPath = null, string? state = null, string? ouNames = null)
    {
        AccountId = accountId;
        Name = name;
        Email = email;
        OuPath = ouPath;
        OuNames = ouNames;
        State = state;
    }

    public AccountId AccountId { get; }

    public string? Name { get; }

    public string? Email { get; }

    public string? OuPath { get; }

    /// <summary>The same path in names (Root/Workloads/Production), when the listing walked it.</summary>
    public string? OuNames { get; }

    /// <summary>The account's state from the listing (ACTIVE, SUSPENDED, ...), or null when not known.</summary>
    public string? State { get; }
}

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
    /// Why an account is not audited at all, before any call: the management account (AssumeRoot cannot target it) or an
    /// account the listing reported as not ACTIVE. Null when it should be audited.
    /// </summary>
    public static string? SkipReason(AuditSubject subject, string? managementAccountId)
    {
        if (subject.AccountId.Value == managementAccountId)
        {
            return "The organization's management account: AssumeRoot cannot target it. Audit its root user from the account itself.";
        }

        if (AccountStates.InactiveReason(subject.State) is { } inactive)
        {
            return inactive;
        }

        return null;
    }

    /// <summary>
    /// Audits one account: opens an audit session unless one is given, then reads the root credentials.
    /// Failures come back as <see cref="AccountStepException"/> naming the account and the step.
    /// </summary>
    public Task<RootCredentialStatus> AuditAccountAsync(AuditSubject subject, RootSession? session, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            return _broker.RunAsync(subject.AccountId, TaskPolicies.AuditRootUserCredentials, AuditSessionSeconds, Step, s => AuditAsync(s, subject, cancellationToken), cancellationToken);
        }

        EnsureCanAudit(session);
        return RootSessionBroker.RunWithAsync(session, Step, s => AuditAsync(s, subject, cancellationToken));
    }

    /// <summary>The row of an account that was not audited (Skipped), or whose audit failed (Failed, with its error id).</summary>
    public RootCredentialStatus Unaudited(AuditSubject subject, string status, string reason, string? errorId = null)
    {
        var row = Row(subject);
        row.Status = status;
        row.Reason = reason;
        row.ErrorId = errorId;
        return row;
    }

    private RootCredentialStatus Row(AuditSubject subject) => new()
    {
        AccountId = subject.AccountId.Value,
        AccountName = subject.Name,
        Email = subject.Email,
        OuPath = subject.OuPath,
        OuNames = subject.OuNames,
        CheckedAt = Timestamps.Utc(_clock())!.Value,
    };

    /// <summary>
    /// One audit session that both audits the account and plans the removal of <paramref name="types"/> from the same read
    /// (a rollout's "before"). Failures come back as <see cref="AccountStepException"/>.
    /// </summary>
    public Task<(RootCredentialStatus Status, RemovalPlan Plan)> InspectAsync(AuditSubject subject, IReadOnlyCollection<RootCredentialType> types, CancellationToken cancellationToken)
        => _broker.RunAsync(subject.AccountId, TaskPolicies.AuditRootUserCredentials, AuditSessionSeconds, Step, async session =>
        {
            using var iam = _broker.Iam(session);
            var found = await RootCredentialReader.ReadAsync(iam, cancellationToken).ConfigureAwait(false);
            return (Status(subject, found), RemovalPlan.From(subject.AccountId, types, found));
        }, cancellationToken);

    private async Task<RootCredentialStatus> AuditAsync(RootSession session, AuditSubject subject, CancellationToken cancellationToken)
    {
        using var iam = _broker.Iam(session);
        return Status(subject, await RootCredentialReader.ReadAsync(iam, cancellationToken).ConfigureAwait(false));
    }

    private RootCredentialStatus Status(AuditSubject subject, RootCredentials found)
    {
        var keys = found.AccessKeys;
        var lastUse = found.AccessKeyLastUsed.Where(u => u.LastUsedDate.HasValue).OrderByDescending(u => u.LastUsedDate).FirstOrDefault();
        var status = Row(subject);
        status.Status = AuditStatus.Audited;
        status.PasswordPresent = found.LoginProfile is not null;
        status.PasswordCreated = Timestamps.Utc(found.LoginProfile?.CreateDate);
        status.PasswordLastUsed = Timestamps.Utc(found.User?.PasswordLastUsed);
        status.MfaDeviceCount = found.MfaDevices.Count;
        status.VirtualMfaCount = found.MfaDevices.Count(d => d.Kind == "Virtual");
        status.HardwareMfaCount = found.MfaDevices.Count(d => d.Kind == "Hardware");
        status.FidoMfaCount = found.MfaDevices.Count(d => d.Kind == "Fido");
        status.MfaDevices = string.Join("; ", found.MfaDevices.Select(d => d.SerialNumber));
        status.AccessKeyCount = keys.Count;
        status.ActiveAccessKeyCount = keys.Count(k => k.IsActive);
        status.AccessKeys = string.Join("; ", keys.Select(k => $"{k.AccessKeyId}({k.Status})"));
        status.AccessKeyLastUsed = Timestamps.Utc(lastUse?.LastUsedDate);
        status.AccessKeyLastUsedService = lastUse?.ServiceName;
        status.SigningCertificateCount = found.SigningCertificates.Count;
        status.ActiveSigningCertificateCount = found.SigningCertificates.Count(c => string.Equals(c.Status, "Active", StringComparison.OrdinalIgnoreCase));
        status.HasRootCredentials = status.PasswordPresent == true || status.AccessKeyCount > 0 || status.SigningCertificateCount > 0 || status.MfaDeviceCount > 0;
        return status;
    }
}
