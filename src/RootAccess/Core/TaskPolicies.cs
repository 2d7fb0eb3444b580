using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace RootAccess.Core;

/// <summary>The five AWS-managed root task policies (<c>arn:&lt;partition&gt;:iam::aws:policy/root-task/&lt;Name&gt;</c>).</summary>
public static class TaskPolicies
{
    public const string ArnPrefix = "arn:aws:iam::aws:policy/root-task/";

    public const string AuditRootUserCredentials = "IAMAuditRootUserCredentials";
    public const string CreateRootUserPassword = "IAMCreateRootUserPassword";
    public const string DeleteRootUserCredentials = "IAMDeleteRootUserCredentials";
    public const string S3UnlockBucketPolicy = "S3UnlockBucketPolicy";
    public const string SqsUnlockQueuePolicy = "SQSUnlockQueuePolicy";

    // Exactly the AWS-managed path: no extra path segments, only AWS's partitions.
    private static readonly Regex Arn = new("^arn:([a-z0-9-]+):iam::aws:policy/root-task/([A-Za-z0-9]+)$", RegexOptions.CultureInvariant);

    // What each task policy allows (the managed policies as AWS publishes them; everything else is denied).
    private static readonly Dictionary<string, string[]> Actions = new(StringComparer.Ordinal)
    {
        [AuditRootUserCredentials] = new[] { "iam:ListAccessKeys", "iam:ListSigningCertificates", "iam:GetLoginProfile", "iam:ListMFADevices", "iam:GetAccountSummary", "iam:GetUser", "iam:GetAccessKeyLastUsed" },
        [CreateRootUserPassword] = new[] { "iam:CreateLoginProfile", "iam:GetLoginProfile" },
        [DeleteRootUserCredentials] = new[] { "iam:DeleteAccessKey", "iam:DeleteSigningCertificate", "iam:DeleteLoginProfile", "iam:DeactivateMFADevice", "iam:ListAccessKeys", "iam:ListSigningCertificates", "iam:GetLoginProfile", "iam:ListMFADevices", "iam:GetUser", "iam:GetAccessKeyLastUsed" },
        [S3UnlockBucketPolicy] = new[] { "s3:DeleteBucketPolicy", "s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:ListAllMyBuckets" },
        [SqsUnlockQueuePolicy] = new[] { "sqs:SetQueueAttributes", "sqs:GetQueueAttributes", "sqs:ListQueues", "sqs:GetQueueUrl" },
    };

    /// <summary>The organization feature that lets the management account manage root user credentials (the IAM task policies).</summary>
    public const string RootCredentialsManagementFeature = "RootCredentialsManagement";

    /// <summary>The organization feature that lets it perform privileged root actions (the S3 and SQS unlocks).</summary>
    public const string RootSessionsFeature = "RootSessions";

    /// <summary>
    /// The feature AssumeRoot with a task policy needs, as the IAM User Guide ("Centralize root access for member accounts",
    /// id_root-enable-root-access) splits them: root credentials management for the IAM tasks, root sessions for the unlocks.
    /// </summary>
    public static string RequiredFeature(string name)
        => name == S3UnlockBucketPolicy || name == SqsUnlockQueuePolicy ? RootSessionsFeature : RootCredentialsManagementFeature;

    public static IReadOnlyList<string> Names { get; } = new[]
    {
        AuditRootUserCredentials,
        CreateRootUserPassword,
        DeleteRootUserCredentials,
        S3UnlockBucketPolicy,
        SqsUnlockQueuePolicy,
    };

    public static string Accepted => "Use one of " + string.Join(", ", Names) + ", or its full ARN (" + ArnPrefix + "<Name>; partitions aws, aws-us-gov, aws-cn).";

    /// <summary>The task policy's ARN in a partition (the commercial one unless told).</summary>
    public static string ArnOf(string name, string partition = AwsPartition.Commercial) => $"arn:{partition}:iam::aws:policy/root-task/{name}";

    /// <summary>The canonical short name for a short name (any case) or a full task policy ARN in an AWS partition.</summary>
    public static bool TryResolve(string? value, out string name) => TryResolve(value, out name, out _);

    /// <summary>As <see cref="TryResolve(string?, out string)"/>, also giving the ARN's partition (null for a short name).</summary>
    public static bool TryResolve(string? value, out string name, out string? partition)
    {
        name = string.Empty;
        partition = null;
        var text = value?.Trim() ?? string.Empty;
        if (text.StartsWith("arn:", StringComparison.Ordinal))
        {
            var arn = Arn.Match(text);
            if (!arn.Success || !AwsPartition.IsKnown(arn.Groups[1].Value))
            {
                return false;
            }

            partition = arn.Groups[1].Value;
            text = arn.Groups[2].Value;
        }

        var match = Names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            partition = null;
            return false;
        }

        name = match;
        return true;
    }

    public static string Resolve(string? value)
        => TryResolve(value, out var name) ? name : throw new ArgumentException($"'{value}' is not an AWS root task policy. " + Accepted);

    /// <summary>The actions a task policy allows, as IAM spells them.</summary>
    public static IReadOnlyList<string> ActionsOf(string name) => Actions.TryGetValue(name, out var actions) ? actions : Array.Empty<string>();

    /// <summary>True when a session of <paramref name="name"/> may call every one of <paramref name="actions"/>.</summary>
    public static bool Allows(string name, IEnumerable<string> actions)
        => actions.All(a => ActionsOf(name).Contains(a, StringComparer.OrdinalIgnoreCase));
}
