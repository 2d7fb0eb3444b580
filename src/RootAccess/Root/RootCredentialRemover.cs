using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Aws.Protocol;

namespace RootAccess.Root;

/// <summary>What an account's root user has, read through an IAMDeleteRootUserCredentials session, ready to remove.</summary>
public sealed class RemovalPlan
{
    public RemovalPlan(string accountId, RootSession session, IReadOnlyCollection<RootCredentialType> requested, IReadOnlyList<RootCredentialItem> items)
    {
        AccountId = accountId;
        Session = session;
        Requested = requested;
        Items = items;
    }

    public string AccountId { get; }

    public RootSession Session { get; }

    public IReadOnlyCollection<RootCredentialType> Requested { get; }

    public IReadOnlyList<RootCredentialItem> Items { get; }

    /// <summary>A NotPresent row for each requested type the root user does not have.</summary>
    public IEnumerable<RootCredentialRemoval> NotPresent()
        => Requested.Where(t => Items.All(i => i.Type != t)).Select(t => new RootCredentialRemoval
        {
            AccountId = AccountId,
            CredentialType = t,
            Action = RemovalAction.NotPresent,
            Message = $"The root user has no {t}.",
        });
}

/// <summary>Removes root user credentials through IAMDeleteRootUserCredentials root sessions: read first, then each item.</summary>
public sealed class RootCredentialRemover
{
    public const string MfaMessage = "Deactivated. The virtual MFA device itself stays: since January 2025 the IAMDeleteRootUserCredentials task policy does not allow iam:DeleteVirtualMFADevice. It no longer protects the root user.";

    // Reads and deletes take a few calls; a short session limits what a leaked token could do.
    private const int SessionSeconds = 300;

    private readonly AwsContext _context;
    private readonly RootSessionBroker _broker;

    public RootCredentialRemover(AwsContext context, RootSessionBroker broker)
    {
        _context = context;
        _broker = broker;
    }

    public static IReadOnlyList<RootCredentialType> AllTypes { get; } = (RootCredentialType[])Enum.GetValues(typeof(RootCredentialType));

    /// <summary>Opens the session and reads what exists; failures come back as <see cref="AccountStepException"/>.</summary>
    public async Task<RemovalPlan> PlanAsync(string accountId, IReadOnlyCollection<RootCredentialType> types, CancellationToken cancellationToken)
    {
        var session = await _broker.OpenForTaskAsync(accountId, TaskPolicies.DeleteRootUserCredentials, SessionSeconds, cancellationToken).ConfigureAwait(false);
        return await AccountStepException.RunAsync(accountId, RootCredentialAuditor.AuditFailed, "reading the root user's credentials failed", async () =>
        {
            using var iam = Iam(session);
            var items = new List<RootCredentialItem>();
            var password = types.Contains(RootCredentialType.LoginProfile) ? iam.GetLoginProfileAsync(cancellationToken) : Task.FromResult<IamLoginProfile?>(null);
            var keys = types.Contains(RootCredentialType.AccessKey) ? iam.ListAccessKeysAsync(cancellationToken) : Task.FromResult<IReadOnlyList<IamAccessKey>>(Array.Empty<IamAccessKey>());
            var devices = types.Contains(RootCredentialType.MfaDevice) ? iam.ListMfaDevicesAsync(cancellationToken) : Task.FromResult<IReadOnlyList<IamMfaDevice>>(Array.Empty<IamMfaDevice>());
            var certificates = types.Contains(RootCredentialType.SigningCertificate) ? iam.ListSigningCertificatesAsync(cancellationToken) : Task.FromResult<IReadOnlyList<IamSigningCertificate>>(Array.Empty<IamSigningCertificate>());
            await Task.WhenAll(password, keys, devices, certificates).ConfigureAwait(false);
            if (password.Result is not null)
            {
                items.Add(new RootCredentialItem(RootCredentialType.LoginProfile, "root"));
            }

            items.AddRange(keys.Result.Select(k => new RootCredentialItem(RootCredentialType.AccessKey, k.AccessKeyId)));
            items.AddRange(devices.Result.Select(d => new RootCredentialItem(RootCredentialType.MfaDevice, d.SerialNumber)));
            items.AddRange(certificates.Result.Select(c => new RootCredentialItem(RootCredentialType.SigningCertificate, c.CertificateId)));
            return new RemovalPlan(accountId, session, types, items);
        }).ConfigureAwait(false);
    }

    /// <summary>Removes one item; never throws for an AWS failure (it becomes a Failed row), so one item never stops the rest.</summary>
    public async Task<RootCredentialRemoval> RemoveAsync(RemovalPlan plan, RootCredentialItem item, CancellationToken cancellationToken)
    {
        var row = new RootCredentialRemoval { AccountId = plan.AccountId, CredentialType = item.Type, CredentialId = item.Id };
        try
        {
            using var iam = Iam(plan.Session);
            switch (item.Type)
            {
                case RootCredentialType.LoginProfile:
                    await iam.DeleteLoginProfileAsync(cancellationToken).ConfigureAwait(false);
                    row.Message = "Root password removed; the root email can no longer sign in without password recovery.";
                    break;
                case RootCredentialType.AccessKey:
                    await iam.DeleteAccessKeyAsync(item.Id, cancellationToken).ConfigureAwait(false);
                    row.Message = "Root access key deleted.";
                    break;
                case RootCredentialType.MfaDevice:
                    await iam.DeactivateMfaDeviceAsync(item.Id, cancellationToken).ConfigureAwait(false);
                    row.Message = MfaMessage;
                    break;
                default:
                    await iam.DeleteSigningCertificateAsync(item.Id, cancellationToken).ConfigureAwait(false);
                    row.Message = "Root signing certificate deleted.";
                    break;
            }

            row.Action = RemovalAction.Removed;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "NoSuchEntity" || ex.StatusCode == HttpStatusCode.NotFound)
        {
            row.Action = RemovalAction.NotPresent;
            row.Message = "Already gone (removed since it was read).";
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) && !AwsFailures.IsEndpointUnreachable(ex))
        {
            row.Action = RemovalAction.Failed;
            row.Message = ex is Amazon.Runtime.AmazonServiceException service ? $"{service.ErrorCode}: {service.Message}" : ex.Message;
        }

        return row;
    }

    private IamClient Iam(RootSession session) => AwsClientFactory.CreateIam(_context.WithCredentials(session.Credentials));
}
