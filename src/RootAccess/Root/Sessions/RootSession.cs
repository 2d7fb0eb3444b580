using System;
using Amazon.Runtime;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>
/// A short-lived root session in a member account. <see cref="Credentials"/> works as -Credential for AWS.Tools
/// cmdlets; the secret key and session token are never a property, so no view, CSV or JSON can show them.
/// </summary>
public sealed class RootSession
{
    public RootSession(AccountId account, string taskPolicy, string accessKeyId, DateTime expiration, string region, RootSessionCredentials credentials, string partition = AwsPartition.Commercial, string? sourceIdentity = null)
    {
        Account = account.In(partition);
        SourceIdentity = sourceIdentity ?? string.Empty;
        TaskPolicy = taskPolicy;
        AccessKeyId = accessKeyId;
        Expiration = expiration;
        Region = region;
        Credentials = credentials;
        credentials.Session = this;
    }

    public string AccountId => Account.Value;

    /// <summary>The account with the session's partition: what a command given this session acts on, never parsed back from text.</summary>
    internal AccountId Account { get; }

    /// <summary>The task policy's short name, for example IAMAuditRootUserCredentials.</summary>
    public string TaskPolicy { get; }

    public string AccessKeyId { get; }

    /// <summary>When the session ends (UTC).</summary>
    public DateTime Expiration { get; }

    public string Region { get; }

    public RootSessionCredentials Credentials { get; }

    /// <summary>The AWS partition the session lives in (aws, aws-us-gov, aws-cn).</summary>
    public string Partition => Account.Partition!;

    /// <summary>The source identity AWS set on the session (empty when none).</summary>
    public string SourceIdentity { get; }

    public string TaskPolicyArn => TaskPolicies.ArnOf(TaskPolicy, Partition);

    public override string ToString() => $"{TaskPolicy} root session in {AccountId} ({AccessKeyId}) until {Expiration:u}";
}

/// <summary>The session's credentials as an SDK identity; the secret parts stay private to the SDK's signer.</summary>
public sealed class RootSessionCredentials : AWSCredentials
{
    private readonly ImmutableCredentials _credentials;

    public RootSessionCredentials(string accessKeyId, string secretAccessKey, string sessionToken, DateTime expiration)
    {
        _credentials = new ImmutableCredentials(accessKeyId, secretAccessKey, sessionToken);
        Expiration = expiration;
    }

    public string AccessKeyId => _credentials.AccessKey;

    /// <summary>The session these credentials belong to, so a command running as them knows the account and task it may act on.</summary>
    internal RootSession? Session { get; set; }

    public override ImmutableCredentials GetCredentials() => _credentials.Copy();

    public override string ToString() => $"Root session credentials {AccessKeyId}";
}
