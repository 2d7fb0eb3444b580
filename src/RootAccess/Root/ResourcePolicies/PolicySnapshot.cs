using RootAccess.Aws;
using RootAccess.Core;

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
