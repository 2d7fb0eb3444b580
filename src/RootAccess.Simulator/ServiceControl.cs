using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace RootAccess.Simulator;

/// <summary>
/// SCPs as the simulator enforces them on member accounts (never the management account): an explicit Deny in an SCP
/// attached anywhere on the account's path (root, OUs, the account) refuses the request. Inside an AssumeRoot session
/// the caller is the member's root user with <c>aws:AssumedRoot</c> true (AWS-FACTS, "Root sessions and SCPs"). The
/// fixtures stand for FullAWSAccess on every level, so only denies are evaluated.
/// </summary>
internal static class ServiceControl
{
    /// <summary>The context keys of a request a root session makes in its member account.</summary>
    public static Dictionary<string, string> RootSessionContext(string accountId, string sourceIp) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["aws:PrincipalArn"] = $"arn:aws:iam::{accountId}:root",
        ["aws:PrincipalAccount"] = accountId,
        ["aws:AssumedRoot"] = "true",
        ["aws:SourceIp"] = sourceIp,
    };

    /// <summary>The SCP that denies <paramref name="action"/> to a principal of <paramref name="accountId"/>, or null.</summary>
    public static SimPolicy? Denying(IServiceContext context, string accountId, string action, IReadOnlyDictionary<string, string> keys)
    {
        lock (context.Gate)
        {
            var state = context.State;
            if (accountId == state.ManagementAccountId || state.FindAccount(accountId) is null)
            {
                return null;
            }

            var path = new HashSet<string>(StringComparer.Ordinal) { accountId };
            var level = accountId;
            while (!level.StartsWith("r-", StringComparison.Ordinal) && path.Count < 10)
            {
                level = state.ParentOf(level);
                path.Add(level);
            }

            var request = new TrustRequest(action, string.Empty, Array.Empty<string>(), keys);
            // Policies left null stand for FullAWSAccess alone (EffectivePolicies would write that default into the state).
            return (state.Policies ?? new List<SimPolicy>()).Where(p => p.Targets.Any(path.Contains))
                .FirstOrDefault(p => TrustPolicy.Denies(Parse(p.Content), request));
        }
    }

    /// <summary>Refuses the request when an SCP on the account's path denies it, as AWS words it.</summary>
    public static void Require(IServiceContext context, string accountId, string principalArn, string action, IReadOnlyDictionary<string, string> keys, Func<string, ServiceError> refusal)
    {
        if (Denying(context, accountId, action, keys) is { } scp)
        {
            throw refusal($"User: {principalArn} is not authorized to perform: {action} with an explicit deny in a service control policy: {scp.Name} ({scp.Id})");
        }
    }

    private static JsonNode? Parse(string content)
    {
        try
        {
            return JsonNode.Parse(content);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
