using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>
/// One kind of resource whose policy a root session can unlock: S3 buckets or SQS queues. The unlocker, the backup and
/// the restore ask this, chosen once from the <see cref="ResourceType"/>, and never branch on the kind themselves.
/// </summary>
public interface IPolicyResource
{
    ResourceType Type { get; }

    /// <summary>"bucket" or "queue", for what the user reads.</summary>
    string Noun { get; }

    /// <summary>The resource's ARN.</summary>
    string Arn(string partition, string region, string accountId, string name);

    /// <summary>What is wrong with a name of this kind (null: nothing).</summary>
    string? NameProblem(string name);

    /// <summary>What a backup keeps beside the name to find the resource again (a queue's URL; nothing for a bucket).</summary>
    string? LocatorOf(PolicySnapshot snapshot);

    /// <summary>What is wrong with a backup record's locator for its account, name and region (null: nothing).</summary>
    string? LocatorProblem(PolicyBackup record);

    /// <summary>The task policy of a root session that may read, delete and write this kind's policies.</summary>
    string TaskPolicy { get; }

    /// <summary>The context a resource's calls go through (a queue URL names its region).</summary>
    AwsContext For(AwsContext context, string? resource);

    /// <summary>Every resource of the account that has a policy.</summary>
    Task<IReadOnlyList<ResourcePolicyInfo>> ListAsync(AwsContext context, string accountId, CancellationToken cancellationToken);

    /// <summary>Reads one resource's policy; <paramref name="resource"/> null means look it up by <paramref name="name"/>.</summary>
    Task<PolicySnapshot> ReadAsync(AwsContext context, string accountId, string name, string? resource, CancellationToken cancellationToken);

    Task DeleteAsync(PolicySnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="policy"/> onto the resource; returns the resource written (bucket name or queue URL).</summary>
    Task<string> PutAsync(PolicySnapshot target, string policy, CancellationToken cancellationToken);
}

/// <summary>The two kinds, chosen once.</summary>
public static class PolicyResources
{
    public static readonly IPolicyResource S3 = new S3BucketPolicies();

    public static readonly IPolicyResource Sqs = new SqsQueuePolicies();

    public static IPolicyResource For(ResourceType type) => type == ResourceType.S3Bucket ? S3 : Sqs;
}
