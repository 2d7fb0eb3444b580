using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Policy;

namespace RootAccess.Root;

/// <summary>A bucket or queue policy as read, with the session (or caller) that read it.</summary>
public sealed class PolicySnapshot
{
    public PolicySnapshot(string accountId, ResourceType type, string name, string resource, string? policy, AwsContext context)
    {
        AccountId = accountId;
        ResourceType = type;
        Name = name;
        Resource = resource;
        Policy = policy;
        Context = context;
    }

    public string AccountId { get; }

    public ResourceType ResourceType { get; }

    /// <summary>The bucket or queue name.</summary>
    public string Name { get; }

    /// <summary>The bucket name or the queue URL.</summary>
    public string Resource { get; }

    public string? Policy { get; }

    /// <summary>Who reads and writes this resource: a root session of the owner, or the caller.</summary>
    public AwsContext Context { get; }

    /// <summary>The region the resource's calls go to.</summary>
    public string Region => Context.Region.SystemName;

    public string? Sha256 => Policy is null ? null : PolicyBackupStore.Sha256(Policy);

    /// <summary>The same resource read again with the same caller.</summary>
    public PolicySnapshot With(string? policy) => new(AccountId, ResourceType, Name, Resource, policy, Context);
}

/// <summary>The policy changed between the read that was backed up and the delete; nothing was deleted.</summary>
public sealed class PolicyChangedException : Exception
{
    public PolicyChangedException(PolicySnapshot backedUp, string? current)
        : base($"The policy of {backedUp.Resource} changed since it was read and backed up (SHA-256 {backedUp.Sha256} then, {(current is null ? "no policy" : PolicyBackupStore.Sha256(current))} now); nothing was deleted. Run the unlock again to back up and remove the current policy.")
    {
    }
}

/// <summary>
/// Reads, deletes and restores S3 bucket and SQS queue policies, through S3UnlockBucketPolicy and
/// SQSUnlockQueuePolicy root sessions in the owner account (or the caller's own credentials for a restore).
/// </summary>
public sealed class ResourcePolicyUnlocker
{
    private const int SessionSeconds = 300;

    private readonly RootSessionBroker _broker;

    public ResourcePolicyUnlocker(RootSessionBroker broker) => _broker = broker;

    public static string TaskPolicyFor(ResourceType type) => type == ResourceType.S3Bucket ? TaskPolicies.S3UnlockBucketPolicy : TaskPolicies.SqsUnlockQueuePolicy;

    public Task<IReadOnlyList<ResourcePolicyInfo>> ListBucketPoliciesAsync(AccountId account, CancellationToken cancellationToken)
        => _broker.RunAsync(account, TaskPolicies.S3UnlockBucketPolicy, SessionSeconds, new AccountStep(ErrorIds.PolicyReadFailed, "listing the account's buckets and their policies failed"), async session =>
        {
            using var s3 = AwsClientFactory.CreateS3(_broker.ContextOf(session));
            var buckets = await s3.ListBucketsAsync(new ListBucketsRequest(), cancellationToken).ConfigureAwait(false);
            var policies = await Task.WhenAll((buckets.Buckets ?? new List<S3Bucket>()).Select(async b => (b.BucketName, Policy: await GetBucketPolicyAsync(s3, b.BucketName, account.Value, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
            return (IReadOnlyList<ResourcePolicyInfo>)policies.Where(p => p.Policy is not null).Select(p => Info(account.Value, ResourceType.S3Bucket, p.BucketName, p.Policy!)).ToList();
        }, cancellationToken);

    /// <summary>The account's queues whose policy denies every principal (ListQueues, then each queue's Policy).</summary>
    public Task<IReadOnlyList<ResourcePolicyInfo>> ListQueuePoliciesAsync(AccountId account, CancellationToken cancellationToken)
        => _broker.RunAsync(account, TaskPolicies.SqsUnlockQueuePolicy, SessionSeconds, new AccountStep(ErrorIds.PolicyReadFailed, "listing the account's queues and their policies failed"), async session =>
        {
            using var sqs = AwsClientFactory.CreateSqs(_broker.ContextOf(session));
            var urls = await Pages.AllAsync(async token =>
            {
                var page = await sqs.ListQueuesAsync(new ListQueuesRequest { NextToken = token, MaxResults = 1000 }, cancellationToken).ConfigureAwait(false);
                return new Page<string>(page.QueueUrls ?? new List<string>(), page.NextToken);
            }).ConfigureAwait(false);

            var policies = await Task.WhenAll(urls.Select(async url => (Url: url, Policy: await GetQueuePolicyAsync(sqs, url, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
            return (IReadOnlyList<ResourcePolicyInfo>)policies.Where(p => p.Policy is not null).Select(p => Info(account.Value, ResourceType.SQSQueue, p.Url, p.Policy!)).ToList();
        }, cancellationToken);

    public Task<PolicySnapshot> ReadBucketAsync(AccountId account, string bucket, CancellationToken cancellationToken)
        => _broker.RunAsync(account, TaskPolicies.S3UnlockBucketPolicy, SessionSeconds, new AccountStep(ErrorIds.PolicyReadFailed, $"reading the policy of bucket {bucket} failed"), session => ReadBucketAsync(_broker.ContextOf(session), account.Value, bucket, cancellationToken), cancellationToken);

    /// <summary>Reads a queue's Policy attribute; <paramref name="queueUrl"/> null means look it up by name in the account.</summary>
    public Task<PolicySnapshot> ReadQueueAsync(AccountId account, string queueName, string? queueUrl, CancellationToken cancellationToken)
        => _broker.RunAsync(account, TaskPolicies.SqsUnlockQueuePolicy, SessionSeconds, new AccountStep(ErrorIds.PolicyReadFailed, $"reading the policy of queue {queueName} failed"), session => ReadQueueAsync(Regional(_broker.ContextOf(session), queueUrl), account.Value, queueName, queueUrl, cancellationToken), cancellationToken);

    /// <summary>Reads the resource again with the same caller (the check right before a delete or an overwrite).</summary>
    public Task<PolicySnapshot> RereadAsync(PolicySnapshot snapshot, CancellationToken cancellationToken)
        => AccountStepException.RunAsync(snapshot.AccountId, ErrorIds.PolicyReadFailed, $"reading the policy of {snapshot.Resource} again failed", () => snapshot.ResourceType == ResourceType.S3Bucket
            ? ReadBucketAsync(snapshot.Context, snapshot.AccountId, snapshot.Name, cancellationToken)
            : ReadQueueAsync(snapshot.Context, snapshot.AccountId, snapshot.Name, snapshot.Resource, cancellationToken));

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
            if (backedUp.ResourceType == ResourceType.S3Bucket)
            {
                using var s3 = AwsClientFactory.CreateS3(backedUp.Context);
                await s3.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = backedUp.Name, ExpectedBucketOwner = backedUp.AccountId }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var sqs = AwsClientFactory.CreateSqs(backedUp.Context);
                await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = backedUp.Resource, Attributes = new Dictionary<string, string> { ["Policy"] = string.Empty } }, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }).ConfigureAwait(false);
    }

    /// <summary>Reads the current policy of a backup's target, as the owner's root session or as the caller.</summary>
    public async Task<PolicySnapshot> ReadTargetAsync(PolicyBackup backup, bool useRootSession, CancellationToken cancellationToken)
    {
        var account = AccountId.Parse(backup.AccountId);
        var context = useRootSession
            ? _broker.ContextOf(await _broker.OpenForTaskAsync(account, TaskPolicyFor(backup.ResourceType), SessionSeconds, cancellationToken).ConfigureAwait(false)).WithRegion(RegionEndpoint.GetBySystemName(backup.Region))
            : _broker.Context.WithRegion(RegionEndpoint.GetBySystemName(backup.Region));
        return await AccountStepException.RunAsync(backup.AccountId, ErrorIds.PolicyRestoreFailed, $"reading the current policy of {backup.Name} (to back it up before the restore) failed", () => backup.ResourceType == ResourceType.S3Bucket
            ? ReadBucketAsync(context, backup.AccountId, backup.Name, cancellationToken)
            : ReadQueueAsync(Regional(context, backup.QueueUrl), backup.AccountId, backup.Name, backup.QueueUrl, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Writes a backed-up policy onto the target as read by <see cref="ReadTargetAsync"/>.</summary>
    public Task<string> WriteAsync(PolicySnapshot target, string policy, CancellationToken cancellationToken)
        => AccountStepException.RunAsync(target.AccountId, ErrorIds.PolicyRestoreFailed, $"restoring the policy of {target.Name} failed", async () =>
        {
            if (target.ResourceType == ResourceType.S3Bucket)
            {
                using var s3 = AwsClientFactory.CreateS3(target.Context);
                await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = target.Name, Policy = policy, ExpectedBucketOwner = target.AccountId }, cancellationToken).ConfigureAwait(false);
                return target.Name;
            }

            using var sqs = AwsClientFactory.CreateSqs(target.Context);
            await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = target.Resource, Attributes = new Dictionary<string, string> { ["Policy"] = policy } }, cancellationToken).ConfigureAwait(false);
            return target.Resource;
        });

    public static ResourcePolicyInfo Info(string accountId, ResourceType type, string resource, string policy) => new()
    {
        AccountId = accountId,
        ResourceType = type,
        Resource = resource,
        DeniesAllPrincipals = LockoutDetector.DeniesAllPrincipals(policy),
        PolicySha256 = PolicyBackupStore.Sha256(policy),
        PolicyLength = policy.Length,
    };

    private static async Task<PolicySnapshot> ReadBucketAsync(AwsContext context, string accountId, string bucket, CancellationToken cancellationToken)
    {
        using var s3 = AwsClientFactory.CreateS3(context);
        return new PolicySnapshot(accountId, ResourceType.S3Bucket, bucket, bucket, await GetBucketPolicyAsync(s3, bucket, accountId, cancellationToken).ConfigureAwait(false), context);
    }

    private static async Task<PolicySnapshot> ReadQueueAsync(AwsContext context, string accountId, string queueName, string? queueUrl, CancellationToken cancellationToken)
    {
        using var sqs = AwsClientFactory.CreateSqs(context);
        var url = queueUrl ?? (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = queueName, QueueOwnerAWSAccountId = accountId }, cancellationToken).ConfigureAwait(false)).QueueUrl;
        return new PolicySnapshot(accountId, ResourceType.SQSQueue, queueName, url, await GetQueuePolicyAsync(sqs, url, cancellationToken).ConfigureAwait(false), context);
    }

    private static async Task<string?> GetQueuePolicyAsync(IAmazonSQS sqs, string url, CancellationToken cancellationToken)
    {
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = new List<string> { "Policy" } }, cancellationToken).ConfigureAwait(false);
        string? policy = null;
        attributes.Attributes?.TryGetValue("Policy", out policy);
        return string.IsNullOrEmpty(policy) ? null : policy;
    }

    // Every bucket call names the account the bucket must belong to (S3's bucket owner condition): a backup record that
    // names one account but a bucket of another is refused by S3 instead of written where it does not belong.
    private static async Task<string?> GetBucketPolicyAsync(IAmazonS3 s3, string bucket, string expectedOwner, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket, ExpectedBucketOwner = expectedOwner }, cancellationToken).ConfigureAwait(false);

            // AWSSDK.S3 4.0 hands a 404 error document back as the policy instead of throwing: read it as the error it is.
            if (response.HttpStatusCode != HttpStatusCode.OK)
            {
                var code = System.Text.RegularExpressions.Regex.Match(response.Policy ?? string.Empty, "<Code>([^<]+)</Code>").Groups[1].Value;
                if (code == "NoSuchBucketPolicy")
                {
                    return null;
                }

                throw new AmazonS3Exception($"GetBucketPolicy answered HTTP {(int)response.HttpStatusCode} {code}.") { ErrorCode = code.Length > 0 ? code : "HttpStatus" + (int)response.HttpStatusCode, StatusCode = response.HttpStatusCode };
            }

            return string.IsNullOrEmpty(response.Policy) ? null : response.Policy;
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucketPolicy")
        {
            return null;
        }
    }

    // A queue URL names its region; the SQS client must talk to that region.
    private static AwsContext Regional(AwsContext context, string? queueUrl)
        => ResourceNames.TryParseQueueUrl(queueUrl, out _, out _, out var region) && region is not null && context.EndpointUrl is null
            ? context.WithRegion(RegionEndpoint.GetBySystemName(region))
            : context;
}
