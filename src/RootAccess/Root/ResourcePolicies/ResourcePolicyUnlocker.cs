using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using RootAccess.Core;
using RootAccess.Policy;

namespace RootAccess.Root;

/// <summary>The policy changed between the read that was backed up and the delete; nothing was deleted.</summary>
public sealed class PolicyChangedException : Exception
{
    public PolicyChangedException(PolicySnapshot backedUp, string? current)
        : base(Text.Format(Messages.PolicyChanged, backedUp.Resource, backedUp.Sha256, current is null ? "no policy" : PolicyBackupStore.Sha256(current)))
    {
    }
}

/// <summary>
/// Reads, deletes and restores S3 bucket and SQS queue policies, through S3UnlockBucketPolicy and
/// SQSUnlockQueuePolicy root sessions in the owner account (or the caller's own credentials for a restore). What differs
/// between buckets and queues is an <see cref="IPolicyResource"/>, chosen once per call.
/// </summary>
public sealed class ResourcePolicyUnlocker
{
    private const int SessionSeconds = 300;

    private readonly RootSessionBroker _broker;

    public ResourcePolicyUnlocker(RootSessionBroker broker) => _broker = broker;

    public Task<IReadOnlyList<ResourcePolicyInfo>> ListBucketPoliciesAsync(AccountId account, CancellationToken cancellationToken)
        => ListAsync(PolicyResources.S3, account, "listing the account's buckets and their policies failed", cancellationToken);

    /// <summary>The account's queues that have a policy (ListQueues, then each queue's Policy).</summary>
    public Task<IReadOnlyList<ResourcePolicyInfo>> ListQueuePoliciesAsync(AccountId account, CancellationToken cancellationToken)
        => ListAsync(PolicyResources.Sqs, account, "listing the account's queues and their policies failed", cancellationToken);

    public Task<PolicySnapshot> ReadBucketAsync(AccountId account, string bucket, CancellationToken cancellationToken)
        => ReadAsync(PolicyResources.S3, account, bucket, null, $"reading the policy of bucket {bucket} failed", cancellationToken);

    /// <summary>Reads a queue's Policy attribute; <paramref name="queueUrl"/> null means look it up by name in the account.</summary>
    public Task<PolicySnapshot> ReadQueueAsync(AccountId account, string queueName, string? queueUrl, CancellationToken cancellationToken)
        => ReadAsync(PolicyResources.Sqs, account, queueName, queueUrl, $"reading the policy of queue {queueName} failed", cancellationToken);

    /// <summary>Reads the resource again with the same caller (the check right before a delete or an overwrite).</summary>
    public Task<PolicySnapshot> RereadAsync(PolicySnapshot snapshot, CancellationToken cancellationToken)
        => AccountStepException.RunAsync(snapshot.AccountId, ErrorIds.PolicyReadFailed, $"reading the policy of {snapshot.Resource} again failed",
            () => PolicyResources.For(snapshot.ResourceType).ReadAsync(snapshot.Context, snapshot.AccountId, snapshot.Name, snapshot.Resource, cancellationToken));

    /// <summary>
    /// Deletes the policy only if it is still byte for byte the one that was backed up: it is read again right
    /// before the delete, and a change stops with <see cref="PolicyChangedException"/>.
    /// </summary>
    public async Task DeleteIfUnchangedAsync(PolicySnapshot backedUp, CancellationToken cancellationToken)
    {
        var current = await RereadAsync(backedUp, cancellationToken).ConfigureAwait(false);
        if (current.Policy != backedUp.Policy)
        {
            throw new PolicyChangedException(backedUp, current.Policy);
        }

        await AccountStepException.RunAsync(backedUp.AccountId, ErrorIds.PolicyDeleteFailed, $"deleting the policy of {backedUp.Resource} failed", async () =>
        {
            await PolicyResources.For(backedUp.ResourceType).DeleteAsync(backedUp, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    /// <summary>Reads the current policy of a backup's target, as the owner's root session or as the caller.</summary>
    public async Task<PolicySnapshot> ReadTargetAsync(PolicyBackup backup, bool useRootSession, CancellationToken cancellationToken)
    {
        var kind = PolicyResources.For(backup.ResourceType);
        var account = AccountId.Parse(backup.AccountId);
        var context = useRootSession
            ? _broker.ContextOf(await _broker.OpenForTaskAsync(account, kind.TaskPolicy, SessionSeconds, cancellationToken).ConfigureAwait(false)).WithRegion(RegionEndpoint.GetBySystemName(backup.Region))
            : _broker.Context.WithRegion(RegionEndpoint.GetBySystemName(backup.Region));
        return await AccountStepException.RunAsync(backup.AccountId, ErrorIds.PolicyRestoreFailed, $"reading the current policy of {backup.Name} (to back it up before the restore) failed",
            () => kind.ReadAsync(context, backup.AccountId, backup.Name, backup.QueueUrl, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Writes a backed-up policy onto the target as read by <see cref="ReadTargetAsync"/>.</summary>
    public Task<string> WriteAsync(PolicySnapshot target, string policy, CancellationToken cancellationToken)
        => AccountStepException.RunAsync(target.AccountId, ErrorIds.PolicyRestoreFailed, $"restoring the policy of {target.Name} failed",
            () => PolicyResources.For(target.ResourceType).PutAsync(target, policy, cancellationToken));

    public static ResourcePolicyInfo Info(string accountId, ResourceType type, string resource, string policy) => new()
    {
        AccountId = accountId,
        ResourceType = type,
        Resource = resource,
        DeniesAllPrincipals = LockoutDetector.DeniesAllPrincipals(policy),
        PolicySha256 = PolicyBackupStore.Sha256(policy),
        PolicyLength = policy.Length,
    };

    private Task<IReadOnlyList<ResourcePolicyInfo>> ListAsync(IPolicyResource kind, AccountId account, string failure, CancellationToken cancellationToken)
        => _broker.RunAsync(account, kind.TaskPolicy, SessionSeconds, new AccountStep(ErrorIds.PolicyReadFailed, failure),
            session => kind.ListAsync(_broker.ContextOf(session), account.Value, cancellationToken), cancellationToken);

    private Task<PolicySnapshot> ReadAsync(IPolicyResource kind, AccountId account, string name, string? resource, string failure, CancellationToken cancellationToken)
        => _broker.RunAsync(account, kind.TaskPolicy, SessionSeconds, new AccountStep(ErrorIds.PolicyReadFailed, failure),
            session => kind.ReadAsync(_broker.ContextOf(session), account.Value, name, resource, cancellationToken), cancellationToken);
}
