using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Aws.Protocol;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>What an account's root user has, read through a read-only IAMAuditRootUserCredentials session.</summary>
public sealed class RemovalPlan
{
    public RemovalPlan(AccountId account, IReadOnlyCollection<RootCredentialType> requested, IReadOnlyList<RootCredentialItem> items, bool passwordPresent)
    {
        Account = account;
        Requested = requested;
        Items = items;
        PasswordPresent = passwordPresent;
    }

    public AccountId Account { get; }

    public string AccountId => Account.Value;

    public IReadOnlyCollection<RootCredentialType> Requested { get; }

    /// <summary>The requested items the root user has, in removal order: keys and certificates, password, MFA.</summary>
    public IReadOnlyList<RootCredentialItem> Items { get; }

    /// <summary>Whether the root user has a password, whatever was requested (MFA must not be stripped from it).</summary>
    public bool PasswordPresent { get; }

    /// <summary>The requested items of what a read found, in removal order.</summary>
    public static RemovalPlan From(AccountId account, IReadOnlyCollection<RootCredentialType> types, RootCredentials found)
    {
        var items = new List<RootCredentialItem>();
        if (types.Contains(RootCredentialType.AccessKey))
        {
            items.AddRange(found.AccessKeys.Select(k => new RootCredentialItem(RootCredentialType.AccessKey, k.AccessKeyId)));
        }

        if (types.Contains(RootCredentialType.SigningCertificate))
        {
            items.AddRange(found.SigningCertificates.Select(c => new RootCredentialItem(RootCredentialType.SigningCertificate, c.CertificateId)));
        }

        if (types.Contains(RootCredentialType.LoginProfile) && found.LoginProfile is not null)
        {
            items.Add(new RootCredentialItem(RootCredentialType.LoginProfile, "root"));
        }

        if (types.Contains(RootCredentialType.MfaDevice))
        {
            items.AddRange(found.MfaDevices.Select(d => new RootCredentialItem(RootCredentialType.MfaDevice, d.SerialNumber)));
        }

        return new RemovalPlan(account, types, items, found.LoginProfile is not null);
    }

    /// <summary>A NotPresent row for each requested type the root user does not have.</summary>
    public IEnumerable<RootCredentialRemoval> NotPresent()
        => Requested.Where(t => Items.All(i => i.Type != t)).Select(t => new RootCredentialRemoval
        {
            AccountId = AccountId,
            CredentialType = t,
            Action = RemovalAction.NotPresent,
            Message = $"The root user has no {t}.",
        });

    /// <summary>
    /// Why an MFA device may not be deactivated before anything is asked (a password stays because it is not being
    /// removed in this run), or null.
    /// </summary>
    public string? MfaHeldBack(bool allowPasswordWithoutMfa)
        => PasswordPresent && !allowPasswordWithoutMfa && !Requested.Contains(RootCredentialType.LoginProfile)
            ? RootCredentialRemover.MfaKeptMessage
            : null;
}

/// <summary>
/// Removes root user credentials. Reading happens through an audit session; the IAMDeleteRootUserCredentials session
/// is opened only for items the user confirmed, just before they are removed, in an order that keeps recovery
/// possible: access keys and signing certificates, then the password, then MFA (only once no password remains).
/// </summary>
public sealed class RootCredentialRemover
{
    public const string MfaMessage = "Deactivated. The virtual MFA device itself stays: since January 2025 the IAMDeleteRootUserCredentials task policy does not allow iam:DeleteVirtualMFADevice. It no longer protects the root user.";

    public static readonly string MfaKeptMessage = Messages.MfaKeptForPassword;

    // Reads and deletes take a few calls; a short session limits what a leaked token could do.
    private const int SessionSeconds = 300;

    private static readonly AccountStep ReadStep = new(ErrorIds.RootCredentialAuditFailed, "reading the root user's credentials failed");

    private readonly RootSessionBroker _broker;

    public RootCredentialRemover(RootSessionBroker broker) => _broker = broker;

    public static IReadOnlyList<RootCredentialType> AllTypes { get; } = (RootCredentialType[])Enum.GetValues(typeof(RootCredentialType));

    /// <summary>Reads what exists through a read-only audit session; failures come back as <see cref="AccountStepException"/>.</summary>
    public Task<RemovalPlan> PlanAsync(AccountId account, IReadOnlyCollection<RootCredentialType> types, CancellationToken cancellationToken)
        => _broker.RunAsync(account, TaskPolicies.AuditRootUserCredentials, 120, ReadStep, async session =>
        {
            using var iam = _broker.Iam(session);
            return RemovalPlan.From(account, types, await RootCredentialReader.ReadAsync(iam, cancellationToken).ConfigureAwait(false));
        }, cancellationToken);

    /// <summary>
    /// Removes the confirmed items, in the safe order. Never throws for an AWS failure: each item becomes one row
    /// (Removed, NotPresent, Skipped or Failed), so one item never stops the rest.
    /// </summary>
    public async Task<IReadOnlyList<RootCredentialRemoval>> RemoveAsync(RemovalPlan plan, IReadOnlyList<RootCredentialItem> confirmed, bool allowPasswordWithoutMfa, CancellationToken cancellationToken)
    {
        if (confirmed.Count == 0)
        {
            return Array.Empty<RootCredentialRemoval>();
        }

        // An SCP that denies the removal session's actions is said before the session opens, and nothing is tried.
        if (await _broker.ScpCheck.BlockedAsync(plan.AccountId, TaskPolicies.DeleteRootUserCredentials, cancellationToken).ConfigureAwait(false) is { } blocked)
        {
            return confirmed.Select(item => Row(plan, item, RemovalAction.Failed, blocked)).ToList();
        }

        RootSession session;
        try
        {
            session = await _broker.OpenAsync(plan.Account, TaskPolicies.DeleteRootUserCredentials, SessionSeconds, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) && !AwsFailures.IsEndpointUnreachable(ex))
        {
            return confirmed.Select(item => Row(plan, item, RemovalAction.Failed, $"No {TaskPolicies.DeleteRootUserCredentials} session could be opened, so nothing was removed: {Describe(ex)}")).ToList();
        }

        using var iam = _broker.Iam(session);
        var rows = new List<RootCredentialRemoval>();
        var first = confirmed.Where(i => i.Type == RootCredentialType.AccessKey || i.Type == RootCredentialType.SigningCertificate).ToList();
        rows.AddRange(await Task.WhenAll(first.Select(item => RemoveOneAsync(iam, plan, item, cancellationToken))).ConfigureAwait(false));

        var passwordGone = !plan.PasswordPresent;
        foreach (var item in confirmed.Where(i => i.Type == RootCredentialType.LoginProfile))
        {
            var row = await RemoveOneAsync(iam, plan, item, cancellationToken).ConfigureAwait(false);
            passwordGone = row.Action == RemovalAction.Removed || row.Action == RemovalAction.NotPresent;
            rows.Add(row);
        }

        foreach (var item in confirmed.Where(i => i.Type == RootCredentialType.MfaDevice))
        {
            rows.Add(passwordGone || allowPasswordWithoutMfa
                ? await RemoveOneAsync(iam, plan, item, cancellationToken).ConfigureAwait(false)
                : Row(plan, item, RemovalAction.Skipped, MfaKeptMessage));
        }

        return rows;
    }

    private static async Task<RootCredentialRemoval> RemoveOneAsync(IamClient iam, RemovalPlan plan, RootCredentialItem item, CancellationToken cancellationToken)
    {
        try
        {
            string message;
            switch (item.Type)
            {
                case RootCredentialType.LoginProfile:
                    await iam.DeleteLoginProfileAsync(cancellationToken).ConfigureAwait(false);
                    message = "Root password removed; the root email can no longer sign in without password recovery.";
                    break;
                case RootCredentialType.AccessKey:
                    await iam.DeleteAccessKeyAsync(item.Id, cancellationToken).ConfigureAwait(false);
                    message = "Root access key deleted.";
                    break;
                case RootCredentialType.MfaDevice:
                    await iam.DeactivateMfaDeviceAsync(item.Id, cancellationToken).ConfigureAwait(false);
                    message = MfaMessage;
                    break;
                default:
                    await iam.DeleteSigningCertificateAsync(item.Id, cancellationToken).ConfigureAwait(false);
                    message = "Root signing certificate deleted.";
                    break;
            }

            return Row(plan, item, RemovalAction.Removed, message);
        }
        catch (AwsServiceException ex) when (IsAlreadyGone(ex))
        {
            return Row(plan, item, RemovalAction.NotPresent, "Already gone (removed since it was read).");
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) && !AwsFailures.IsEndpointUnreachable(ex))
        {
            return Row(plan, item, RemovalAction.Failed, Describe(ex));
        }
    }

    /// <summary>
    /// Whether a delete's error says the credential is already gone: only IAM's own NoSuchEntity does; a bare 404 (a
    /// proxy's page, a wrong path) is a failed delete, never a finished one.
    /// </summary>
    internal static bool IsAlreadyGone(AwsServiceException error) => error.ErrorCode == "NoSuchEntity";

    private static RootCredentialRemoval Row(RemovalPlan plan, RootCredentialItem item, RemovalAction action, string message)
        => new() { AccountId = plan.AccountId, CredentialType = item.Type, CredentialId = item.Id, Action = action, Message = message };

    private static string Describe(Exception ex) => ex is Amazon.Runtime.AmazonServiceException service ? $"{service.ErrorCode}: {service.Message}" : ex.Message;
}
