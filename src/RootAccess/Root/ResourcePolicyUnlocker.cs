using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using RootAccess.Aws;
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
}

/// <summary>
/// Reads, deletes and restores S3 bucket and SQS queue policies, through S3UnlockBucketPolicy and
/// SQSUnlockQueuePolicy root sessions in the owner account (or the caller's own credentials for a restore).
/// </summary>
public sealed class ResourcePolicyUnlocker
{
    private const int SessionSeconds = 300;

    private readonly AwsContext _context;
    private readonly RootSessionBroker _broker;

    public ResourcePolicyUnlocker(AwsContext context, RootSessionBroker broker)
    {
        _context = context;
        _broker = broker;
    }

    /// <summary>The owner's root session for a task, as a context for the resource's clients.</summary>
    public async Task<AwsContext> SessionContextAsync(string accountId, ResourceType type, CancellationToken cancellationToken)
    {
        var policy = type == ResourceType.S3Bucket ? TaskPolicies.S3UnlockBucketPolicy : TaskPolicies.SqsUnlockQueuePolicy;
        var session = await _broker.OpenForTaskAsync(accountId, policy, SessionSeconds, cancellationToken).ConfigureAwait(false);
        return _context.WithCredentials(session.Credentials);
    }

    public async Task<IReadOnlyList<ResourcePolicyInfo>> ListBucketPoliciesAsync(string accountId, CancellationToken cancellationToken)
    {
        var context = await SessionContextAsync(accountId, ResourceType.S3Bucket, cancellationToken).ConfigureAwait(false);
        return await AccountStepException.RunAsync(accountId, "PolicyReadFailed", "listing the account's buckets and their policies failed", async () =>
        {
            using var s3 = AwsClientFactory.CreateS3(context);
            var buckets = await s3.ListBucketsAsync(new ListBucketsRequest(), cancellationToken).ConfigureAwait(false);
            var policies = await Task.WhenAll((buckets.Buckets ?? new List<S3Bucket>()).Select(async b => (b.BucketName, Policy: await GetBucketPolicyAsync(s3, b.BucketName, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
            return (IReadOnlyList<ResourcePolicyInfo>)policies.Where(p => p.Policy is not null).Select(p => Info(accountId, ResourceType.S3Bucket, p.BucketName, p.Policy!)).ToList();
        }).ConfigureAwait(false);
    }

    public async Task<PolicySnapshot> ReadBucketAsync(string accountId, string bucket, CancellationToken cancellationToken)
    {
        var context = await SessionContextAsync(accountId, ResourceType.S3Bucket, cancellationToken).ConfigureAwait(false);
        return await AccountStepException.RunAsync(accountId, "PolicyReadFailed", $"reading the policy of bucket {bucket} failed", async () =>
        {
            using var s3 = AwsClientFactory.CreateS3(context);
            return new PolicySnapshot(accountId, ResourceType.S3Bucket, bucket, bucket, await GetBucketPolicyAsync(s3, bucket, cancellationToken).ConfigureAwait(false), context);
        }).ConfigureAwait(false);
    }

    /// <summary>Reads a queue's Policy attribute; <paramref name="queueUrl"/> null means look it up by name in the account.</summary>
    public async Task<PolicySnapshot> ReadQueueAsync(string accountId, string queueName, string? queueUrl, CancellationToken cancellationToken)
    {
        var context = Regional(await SessionContextAsync(accountId, ResourceType.SQSQueue, cancellationToken).ConfigureAwait(false), queueUrl);
        return await AccountStepException.RunAsync(accountId, "PolicyReadFailed", $"reading the policy of queue {queueName} failed", async () =>
        {
            using var sqs = AwsClientFactory.CreateSqs(context);
            var url = queueUrl ?? (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = queueName, QueueOwnerAWSAccountId = accountId }, cancellationToken).ConfigureAwait(false)).QueueUrl;
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = new List<string> { "Policy" } }, cancellationToken).ConfigureAwait(false);
            string? policy = null;
            attributes.Attributes?.TryGetValue("Policy", out policy);
            return new PolicySnapshot(accountId, ResourceType.SQSQueue, queueName, url, string.IsNullOrEmpty(policy) ? null : policy, context);
        }).ConfigureAwait(false);
    }

    public Task DeleteAsync(PolicySnapshot snapshot, CancellationToken cancellationToken)
        => AccountStepException.RunAsync(snapshot.AccountId, "PolicyDeleteFailed", $"deleting the policy of {snapshot.Resource} failed", async () =>
        {
            if (snapshot.ResourceType == ResourceType.S3Bucket)
            {
                using var s3 = AwsClientFactory.CreateS3(snapshot.Context);
                await s3.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = snapshot.Name }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var sqs = AwsClientFactory.CreateSqs(snapshot.Context);
                await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = snapshot.Resource, Attributes = new Dictionary<string, string> { ["Policy"] = string.Empty } }, cancellationToken).ConfigureAwait(false);
            }

            return true;
        });

    /// <summary>Writes a backed-up policy back, as the owner's root session or as the caller.</summary>
    public async Task<string> RestoreAsync(PolicyBackup backup, bool useRootSession, CancellationToken cancellationToken)
    {
        var context = useRootSession ? await SessionContextAsync(backup.AccountId, backup.ResourceType, cancellationToken).ConfigureAwait(false) : _context;
        return await AccountStepException.RunAsync(backup.AccountId, "PolicyRestoreFailed", $"restoring the policy of {backup.Name} failed", async () =>
        {
            if (backup.ResourceType == ResourceType.S3Bucket)
            {
                using var s3 = AwsClientFactory.CreateS3(context);
                await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = backup.Name, Policy = backup.Policy }, cancellationToken).ConfigureAwait(false);
                return backup.Name;
            }

            using var sqs = AwsClientFactory.CreateSqs(context);
            var url = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = backup.Name, QueueOwnerAWSAccountId = backup.AccountId }, cancellationToken).ConfigureAwait(false)).QueueUrl;
            await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = url, Attributes = new Dictionary<string, string> { ["Policy"] = backup.Policy } }, cancellationToken).ConfigureAwait(false);
            return url;
        }).ConfigureAwait(false);
    }

    public static ResourcePolicyInfo Info(string accountId, ResourceType type, string resource, string policy) => new()
    {
        AccountId = accountId,
        ResourceType = type,
        Resource = resource,
        DeniesAllPrincipals = LockoutDetector.DeniesAllPrincipals(policy),
        PolicySha256 = PolicyBackupStore.Sha256(policy),
        PolicyLength = policy.Length,
    };

    private static async Task<string?> GetBucketPolicyAsync(IAmazonS3 s3, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);

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
