using System;
using System.Collections.Generic;

namespace RootAccess.Simulator;

/// <summary>
/// What a root session of each AWS task policy may do (the actions of the AWS managed policies under
/// arn:aws:iam::aws:policy/root-task/, IAM User Guide "Perform a privileged task on an AWS Organizations member
/// account"); everything else is denied.
/// </summary>
public static class TaskPolicyRules
{
    public const string ArnPrefix = "arn:aws:iam::aws:policy/root-task/";

    private static readonly Dictionary<string, HashSet<string>> Allowed = new(StringComparer.Ordinal)
    {
        ["IAMAuditRootUserCredentials"] = Set("iam:ListAccessKeys", "iam:ListSigningCertificates", "iam:GetLoginProfile", "iam:ListMFADevices", "iam:GetAccountSummary", "iam:GetUser", "iam:GetAccessKeyLastUsed"),
        ["IAMCreateRootUserPassword"] = Set("iam:CreateLoginProfile", "iam:GetLoginProfile"),
        ["IAMDeleteRootUserCredentials"] = Set("iam:DeleteAccessKey", "iam:DeleteSigningCertificate", "iam:DeleteLoginProfile", "iam:DeactivateMFADevice", "iam:ListAccessKeys", "iam:ListSigningCertificates", "iam:GetLoginProfile", "iam:ListMFADevices", "iam:GetUser", "iam:GetAccessKeyLastUsed"),
        ["S3UnlockBucketPolicy"] = Set("s3:DeleteBucketPolicy", "s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:ListAllMyBuckets"),
        ["SQSUnlockQueuePolicy"] = Set("sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:ListQueues", "sqs:GetQueueUrl"),
    };

    public static IReadOnlyCollection<string> Names => Allowed.Keys;

    /// <summary>The short name of a task policy ARN, or null when it is not one of the five.</summary>
    public static string? NameOf(string? arn)
    {
        if (arn is null || !arn.StartsWith(ArnPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = arn.Substring(ArnPrefix.Length);
        return Allowed.ContainsKey(name) ? name : null;
    }

    /// <summary>The organization feature AssumeRoot needs for a task policy: RootSessions for the unlocks, else RootCredentialsManagement.</summary>
    public static string RequiredFeature(string taskPolicy)
        => taskPolicy.StartsWith("IAM", StringComparison.Ordinal) ? "RootCredentialsManagement" : "RootSessions";

    public static bool Allows(string taskPolicy, string action)
        => Allowed.TryGetValue(taskPolicy, out var actions) && actions.Contains(action);

    private static HashSet<string> Set(params string[] actions) => new(actions, StringComparer.OrdinalIgnoreCase);
}
