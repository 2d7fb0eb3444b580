using System;
using System.Collections.Generic;
using System.Linq;

namespace RootAccess.Root;

/// <summary>The five AWS-managed root task policies (<c>arn:aws:iam::aws:policy/root-task/&lt;Name&gt;</c>).</summary>
public static class TaskPolicies
{
    public const string ArnPrefix = "arn:aws:iam::aws:policy/root-task/";

    public const string AuditRootUserCredentials = "IAMAuditRootUserCredentials";
    public const string CreateRootUserPassword = "IAMCreateRootUserPassword";
    public const string DeleteRootUserCredentials = "IAMDeleteRootUserCredentials";
    public const string S3UnlockBucketPolicy = "S3UnlockBucketPolicy";
    public const string SqsUnlockQueuePolicy = "SQSUnlockQueuePolicy";

    public static IReadOnlyList<string> Names { get; } = new[]
    {
        AuditRootUserCredentials,
        CreateRootUserPassword,
        DeleteRootUserCredentials,
        S3UnlockBucketPolicy,
        SqsUnlockQueuePolicy,
    };

    public static string Accepted => "Use one of " + string.Join(", ", Names) + ", or its full ARN (" + ArnPrefix + "<Name>).";

    public static string ArnOf(string name) => ArnPrefix + name;

    /// <summary>The canonical short name for a short name (any case) or a full task policy ARN in any partition.</summary>
    public static bool TryResolve(string? value, out string name)
    {
        name = string.Empty;
        var text = value?.Trim() ?? string.Empty;
        var slash = text.LastIndexOf('/');
        if (text.StartsWith("arn:", StringComparison.Ordinal))
        {
            var prefixEnd = text.IndexOf(":iam::aws:policy/root-task/", StringComparison.Ordinal);
            if (prefixEnd < 0 || slash < 0)
            {
                return false;
            }

            text = text.Substring(slash + 1);
        }

        var match = Names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            return false;
        }

        name = match;
        return true;
    }

    public static string Resolve(string? value)
        => TryResolve(value, out var name) ? name : throw new ArgumentException($"'{value}' is not an AWS root task policy. " + Accepted);
}
