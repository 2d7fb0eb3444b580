using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.SQS;
using Amazon.SQS.Model;
using RootAccess.Aws;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>Queue policies: the queue's Policy attribute, cleared by setting it empty.</summary>
public sealed class SqsQueuePolicies : IPolicyResource
{
    public ResourceType Type => ResourceType.SQSQueue;

    public string TaskPolicy => TaskPolicies.SqsUnlockQueuePolicy;

    public string Noun => "queue";

    public string Arn(string partition, string region, string accountId, string name) => $"arn:{partition}:sqs:{region}:{accountId}:{name}";

    public string? NameProblem(string name) => ResourceNames.QueueNameProblem(name);

    public string? LocatorOf(PolicySnapshot snapshot) => snapshot.Resource;

    public string? LocatorProblem(PolicyBackup record)
        => ResourceNames.TryParseQueueUrl(record.QueueUrl, out var account, out var name, out var region) && account.Value == record.AccountId && name == record.Name && (region is null || region == record.Region)
            ? null
            : $"QueueUrl '{record.QueueUrl}' does not name queue {record.Name} of account {record.AccountId} in {record.Region}";

    // A queue URL names its region; the SQS client must talk to that region.
    public AwsContext For(AwsContext context, string? resource)
        => ResourceNames.TryParseQueueUrl(resource, out _, out _, out var region) && region is not null && context.EndpointUrl is null
            ? context.WithRegion(RegionEndpoint.GetBySystemName(region))
            : context;

    public async Task<IReadOnlyList<ResourcePolicyInfo>> ListAsync(AwsContext context, string accountId, CancellationToken cancellationToken)
    {
        using var sqs = AwsClientFactory.CreateSqs(context);
        var urls = await Pages.AllAsync(async token =>
        {
            var page = await sqs.ListQueuesAsync(new ListQueuesRequest { NextToken = token, MaxResults = 1000 }, cancellationToken).ConfigureAwait(false);
            return new Page<string>(page.QueueUrls ?? new List<string>(), page.NextToken);
        }).ConfigureAwait(false);

        var policies = await Task.WhenAll(urls.Select(async url => (Url: url, Policy: await GetAsync(sqs, url, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        return policies.Where(p => p.Policy is not null).Select(p => ResourcePolicyUnlocker.Info(accountId, Type, p.Url, p.Policy!)).ToList();
    }

    public async Task<PolicySnapshot> ReadAsync(AwsContext context, string accountId, string name, string? resource, CancellationToken cancellationToken)
    {
        context = For(context, resource);
        using var sqs = AwsClientFactory.CreateSqs(context);
        var url = resource ?? (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = name, QueueOwnerAWSAccountId = accountId }, cancellationToken).ConfigureAwait(false)).QueueUrl;
        return new PolicySnapshot(accountId, Type, name, url, await GetAsync(sqs, url, cancellationToken).ConfigureAwait(false), context);
    }

    public Task DeleteAsync(PolicySnapshot snapshot, CancellationToken cancellationToken) => SetAsync(snapshot, string.Empty, cancellationToken);

    public async Task<string> PutAsync(PolicySnapshot target, string policy, CancellationToken cancellationToken)
    {
        await SetAsync(target, policy, cancellationToken).ConfigureAwait(false);
        return target.Resource;
    }

    private static async Task SetAsync(PolicySnapshot target, string policy, CancellationToken cancellationToken)
    {
        using var sqs = AwsClientFactory.CreateSqs(target.Context);
        await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = target.Resource, Attributes = new Dictionary<string, string> { ["Policy"] = policy } }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> GetAsync(IAmazonSQS sqs, string url, CancellationToken cancellationToken)
    {
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = new List<string> { "Policy" } }, cancellationToken).ConfigureAwait(false);
        string? policy = null;
        attributes.Attributes?.TryGetValue("Policy", out policy);
        return string.IsNullOrEmpty(policy) ? null : policy;
    }
}
