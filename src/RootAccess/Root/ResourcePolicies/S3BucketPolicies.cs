using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using RootAccess.Aws;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>
/// Bucket policies. Every bucket call names the account the bucket must belong to (S3's bucket owner condition): a
/// backup record that names one account but a bucket of another is refused by S3 instead of written where it does not belong.
/// </summary>
public sealed class S3BucketPolicies : IPolicyResource
{
    public ResourceType Type => ResourceType.S3Bucket;

    public string TaskPolicy => TaskPolicies.S3UnlockBucketPolicy;

    public string Noun => "bucket";

    public string Arn(string partition, string region, string accountId, string name) => $"arn:{partition}:s3:::{name}";

    public string? NameProblem(string name) => ResourceNames.BucketNameProblem(name);

    public string? LocatorOf(PolicySnapshot snapshot) => null;

    public string? LocatorProblem(PolicyBackup record) => record.QueueUrl is null ? null : "an S3 backup carries a QueueUrl";

    public AwsContext For(AwsContext context, string? resource) => context;

    public async Task<IReadOnlyList<ResourcePolicyInfo>> ListAsync(AwsContext context, string accountId, CancellationToken cancellationToken)
    {
        using var s3 = AwsClientFactory.CreateS3(context);
        var buckets = await s3.ListBucketsAsync(new ListBucketsRequest(), cancellationToken).ConfigureAwait(false);
        var policies = await Task.WhenAll((buckets.Buckets ?? new List<S3Bucket>()).Select(async b => (b.BucketName, Policy: await GetAsync(s3, b.BucketName, accountId, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        return policies.Where(p => p.Policy is not null).Select(p => ResourcePolicyUnlocker.Info(accountId, Type, p.BucketName, p.Policy!)).ToList();
    }

    public async Task<PolicySnapshot> ReadAsync(AwsContext context, string accountId, string name, string? resource, CancellationToken cancellationToken)
    {
        using var s3 = AwsClientFactory.CreateS3(context);
        return new PolicySnapshot(accountId, Type, name, name, await GetAsync(s3, name, accountId, cancellationToken).ConfigureAwait(false), context);
    }

    public async Task DeleteAsync(PolicySnapshot snapshot, CancellationToken cancellationToken)
    {
        using var s3 = AwsClientFactory.CreateS3(snapshot.Context);
        await s3.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = snapshot.Name, ExpectedBucketOwner = snapshot.AccountId }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> PutAsync(PolicySnapshot target, string policy, CancellationToken cancellationToken)
    {
        using var s3 = AwsClientFactory.CreateS3(target.Context);
        await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = target.Name, Policy = policy, ExpectedBucketOwner = target.AccountId }, cancellationToken).ConfigureAwait(false);
        return target.Name;
    }

    private static async Task<string?> GetAsync(IAmazonS3 s3, string bucket, string expectedOwner, CancellationToken cancellationToken)
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
}
