using System;
using System.Collections.Generic;

namespace RootAccess.Simulator;

public sealed class OrgFeatures
{
    /// <summary>Trusted access for iam.amazonaws.com.</summary>
    public bool TrustedAccessForIam { get; set; } = true;

    /// <summary>Other service principals with trusted access (iam.amazonaws.com is the flag above).</summary>
    public List<string> OtherTrustedServices { get; set; } = new();

    public bool RootCredentialsManagement { get; set; } = true;

    public bool RootSessions { get; set; } = true;
}

public sealed class SimRoot
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = "Root";
}

public sealed class SimOrganizationalUnit
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string ParentId { get; set; } = string.Empty;
}

public sealed class SimAccount
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    /// <summary>PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED.</summary>
    public string State { get; set; } = "ACTIVE";

    /// <summary>CREATED or INVITED.</summary>
    public string JoinedMethod { get; set; } = "CREATED";

    public DateTime JoinedTimestamp { get; set; } = new(2024, 1, 15, 9, 30, 0, DateTimeKind.Utc);

    /// <summary>The root or OU the account sits in; empty means the first root.</summary>
    public string? ParentId { get; set; }

    public SimRootUser RootUser { get; set; } = new();

    /// <summary>S3 buckets this account owns, with their bucket policies.</summary>
    public List<SimBucket> Buckets { get; set; } = new();

    /// <summary>SQS queues this account owns, with their queue policies.</summary>
    public List<SimQueue> Queues { get; set; } = new();

    /// <summary>The account's own IAM users, groups, roles and policies (what the management account is judged on).</summary>
    public SimIam Iam { get; set; } = new();

    /// <summary>CloudTrail trails whose home is this account.</summary>
    public List<SimTrail> Trails { get; set; } = new();

    /// <summary>EventBridge rules of the account's default bus.</summary>
    public List<SimEventRule> EventRules { get; set; } = new();
}

public sealed class SimBucket
{
    public string Name { get; set; } = string.Empty;

    public DateTime CreationDate { get; set; } = new(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The bucket policy document exactly as stored; null when the bucket has none.</summary>
    public string? Policy { get; set; }

    /// <summary>S3 Object Lock; null when the bucket was created without it.</summary>
    public SimObjectLock? ObjectLock { get; set; }

    /// <summary>Objects by key (where runbooks keep policy backups: -BackupPath s3://bucket/prefix).</summary>
    public Dictionary<string, byte[]> Objects { get; set; } = new(StringComparer.Ordinal);
}

public sealed class SimQueue
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The queue's Policy attribute exactly as stored; null when the queue has none.</summary>
    public string? Policy { get; set; }
}

public sealed class SimRootUser
{
    public SimPassword? Password { get; set; }

    public List<SimMfaDevice> MfaDevices { get; set; } = new();

    public List<SimAccessKey> AccessKeys { get; set; } = new();

    public List<SimSigningCertificate> SigningCertificates { get; set; } = new();
}

public sealed class SimPassword
{
    public DateTime CreateDate { get; set; } = new(2023, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    public DateTime? LastUsed { get; set; }
}

public sealed class SimMfaDevice
{
    public string SerialNumber { get; set; } = string.Empty;

    public DateTime EnableDate { get; set; } = new(2023, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>False once deactivated.</summary>
    public bool Active { get; set; } = true;
}

public sealed class SimAccessKey
{
    public string AccessKeyId { get; set; } = string.Empty;

    /// <summary>Active or Inactive.</summary>
    public string Status { get; set; } = "Active";

    public DateTime CreateDate { get; set; } = new(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public DateTime? LastUsedDate { get; set; }

    public string? LastUsedService { get; set; }

    public string? LastUsedRegion { get; set; }
}

public sealed class SimSigningCertificate
{
    public string CertificateId { get; set; } = string.Empty;

    public string Status { get; set; } = "Active";

    public DateTime UploadDate { get; set; } = new(2021, 9, 1, 0, 0, 0, DateTimeKind.Utc);
}

public sealed class SimCaller
{
    public string AccessKeyId { get; set; } = string.Empty;

    public string SecretAccessKey { get; set; } = string.Empty;

    public string AccountId { get; set; } = string.Empty;

    /// <summary>The principal's ARN, for example arn:aws:iam::111111111111:role/RootAccessAdmin.</summary>
    public string Arn { get; set; } = string.Empty;
}

/// <summary>
/// Request rates per second (0 = no quota), each a token bucket that refills at the rate and holds one second's worth.
/// IAM and STS throttle with token buckets (AWS Security Blog, "How to monitor and query IAM resources at scale, part 2");
/// AWS does not publish every rate, so <see cref="Documented"/> holds the values this project assumes and cites.
/// </summary>
public sealed class SimQuotas
{
    /// <summary>STS requests per second, per calling account and region.</summary>
    public double Sts { get; set; }

    /// <summary>IAM requests per second, per account whose IAM is called (a root session's member account).</summary>
    public double Iam { get; set; }

    /// <summary>Organizations requests per second, per calling account.</summary>
    public double Organizations { get; set; }

    /// <summary>
    /// The defaults the bench and the sample fixture use: STS 600/s per account and region (the STS request-rate quota in
    /// Service Quotas), IAM 20/s per account and Organizations 10/s per account (AWS throttles both but publishes no
    /// number; these are the conservative rates the AWS re:Post article on IAM/STS throttling advises planning for).
    /// </summary>
    public static SimQuotas Documented => new() { Sts = 600, Iam = 20, Organizations = 10 };
}

/// <summary>A service control policy: its document and the roots, OUs and accounts it is attached to.</summary>
public sealed class SimPolicy
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public bool AwsManaged { get; set; }

    /// <summary>The policy document as JSON text.</summary>
    public string Content { get; set; } = "{}";

    public List<string> Targets { get; set; } = new();
}

/// <summary>
/// An account's own IAM principals (users, groups, roles, customer managed policies), as the management account's
/// GetAccountAuthorizationDetails, ListUsers and ListAccessKeys answer them. Policy documents are JSON objects.
/// </summary>
public sealed class SimIam
{
    public List<SimIamUser> Users { get; set; } = new();

    public List<SimIamGroup> Groups { get; set; } = new();

    public List<SimIamRole> Roles { get; set; } = new();

    /// <summary>Customer managed policies (arn:aws:iam::ACCOUNT:policy/NAME); AWS managed ones are known by name.</summary>
    public List<SimManagedPolicy> Policies { get; set; } = new();

    /// <summary>IAM OIDC identity providers (arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH) that AssumeRoleWithWebIdentity trusts.</summary>
    public List<SimOidcProvider> OidcProviders { get; set; } = new();
}

/// <summary>An IAM OIDC identity provider: the issuer URL it stands for and the audiences (client ids) it accepts.</summary>
public sealed class SimOidcProvider
{
    /// <summary>The issuer URL, https://... exactly as the token's iss claim carries it.</summary>
    public string Url { get; set; } = string.Empty;

    public List<string> ClientIds { get; set; } = new();

    /// <summary>The provider's ARN in an account: the URL without its scheme (Entra's keeps its trailing slash).</summary>
    public string ArnIn(string accountId) => $"arn:aws:iam::{accountId}:oidc-provider/{HostAndPath(Url)}";

    /// <summary>The URL without https://, as IAM names the provider and prefixes its condition keys (sts.windows.net/TENANT/:aud).</summary>
    public static string HostAndPath(string url) => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url.Substring(8) : url;
}

/// <summary>
/// An OpenID Connect issuer outside AWS (Microsoft Entra ID for an Azure Automation account's managed identity): its URL
/// and its signing keys as JWKs. AWS reads the public part from the issuer's JWKS; the private part is there only so the
/// managed-identity stand-in (tests) can sign tokens.
/// </summary>
public sealed class SimIdentityIssuer
{
    public string Url { get; set; } = string.Empty;

    /// <summary>RSA keys as JWKs (kty, kid, n, e, and d, p, q, dp, dq, qi for the stand-in's signing key).</summary>
    public List<System.Text.Json.Nodes.JsonObject> Keys { get; set; } = new();

    /// <summary>The managed identity the stand-in issues tokens for (the sub and oid claims: its object id).</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>The tenant (tid claim).</summary>
    public string TenantId { get; set; } = string.Empty;
}

public sealed class SimIamUser
{
    public string UserName { get; set; } = string.Empty;

    public string Path { get; set; } = "/";

    public DateTime CreateDate { get; set; } = new(2023, 1, 10, 0, 0, 0, DateTimeKind.Utc);

    public List<string> Groups { get; set; } = new();

    /// <summary>Inline policies by name.</summary>
    public Dictionary<string, System.Text.Json.Nodes.JsonNode> InlinePolicies { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Attached managed policy ARNs.</summary>
    public List<string> AttachedPolicies { get; set; } = new();

    public List<SimAccessKey> AccessKeys { get; set; } = new();
}

public sealed class SimIamGroup
{
    public string GroupName { get; set; } = string.Empty;

    public Dictionary<string, System.Text.Json.Nodes.JsonNode> InlinePolicies { get; set; } = new(StringComparer.Ordinal);

    public List<string> AttachedPolicies { get; set; } = new();
}

public sealed class SimIamRole
{
    public string RoleName { get; set; } = string.Empty;

    public string Path { get; set; } = "/";

    public DateTime CreateDate { get; set; } = new(2023, 1, 10, 0, 0, 0, DateTimeKind.Utc);

    public System.Text.Json.Nodes.JsonNode? TrustPolicy { get; set; }

    /// <summary>The longest session AssumeRole and AssumeRoleWithWebIdentity grant (seconds, 3600 to 43200).</summary>
    public int MaxSessionDuration { get; set; } = 3600;

    /// <summary>The role's unique id (AROA...), made from its name when the fixture gives none.</summary>
    public string? RoleId { get; set; }

    public Dictionary<string, System.Text.Json.Nodes.JsonNode> InlinePolicies { get; set; } = new(StringComparer.Ordinal);

    public List<string> AttachedPolicies { get; set; } = new();
}

public sealed class SimManagedPolicy
{
    public string PolicyName { get; set; } = string.Empty;

    public System.Text.Json.Nodes.JsonNode? Document { get; set; }
}

/// <summary>A CloudTrail trail whose home is this account.</summary>
public sealed class SimTrail
{
    public string Name { get; set; } = string.Empty;

    public string HomeRegion { get; set; } = "us-east-1";

    public bool IsMultiRegionTrail { get; set; }

    public bool IsOrganizationTrail { get; set; }

    public bool IncludeGlobalServiceEvents { get; set; } = true;

    public bool LogFileValidationEnabled { get; set; }

    public string S3BucketName { get; set; } = string.Empty;

    public bool IsLogging { get; set; } = true;

    /// <summary>ReadWriteType of the (basic) event selector: All, WriteOnly, ReadOnly; null = no management events.</summary>
    public string? ManagementEvents { get; set; } = "All";
}

/// <summary>S3 Object Lock on a bucket (created with it enabled) and its default retention.</summary>
public sealed class SimObjectLock
{
    /// <summary>GOVERNANCE or COMPLIANCE; null = Object Lock enabled without a default retention.</summary>
    public string? Mode { get; set; } = "COMPLIANCE";

    public int? Days { get; set; } = 365;

    public int? Years { get; set; }
}

/// <summary>An EventBridge rule on the account's default bus in one region, with its targets.</summary>
public sealed class SimEventRule
{
    public string Name { get; set; } = string.Empty;

    public string Region { get; set; } = "us-east-1";

    public string EventBusName { get; set; } = "default";

    /// <summary>ENABLED or DISABLED.</summary>
    public string State { get; set; } = "ENABLED";

    public string? Description { get; set; }

    public System.Text.Json.Nodes.JsonNode? EventPattern { get; set; }

    /// <summary>Target ARNs (an SNS topic, a Lambda function...); their ids are Target0, Target1, ...</summary>
    public List<string> Targets { get; set; } = new();
}
