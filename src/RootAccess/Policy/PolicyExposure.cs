using System;
using System.Collections.Generic;
using System.Linq;
using RootAccess.Core;

namespace RootAccess.Policy;

/// <summary>
/// What a resource policy's Allow statements grant beyond the account that owns the resource: everyone ("*", or an
/// NotPrincipal allow), or principals of other accounts. A restore that would write such a policy asks for explicit
/// consent: whoever wrote the backup would otherwise choose who may read the bucket or queue.
/// </summary>
public static class PolicyExposure
{
    /// <summary>One line per grant beyond <paramref name="ownerAccountId"/>; empty when the policy keeps to the account (or is not a policy).</summary>
    public static IReadOnlyList<string> BeyondAccount(string policy, string ownerAccountId)
    {
        PolicyDocument document;
        try
        {
            document = PolicyParser.Parse(policy, "policy");
        }
        catch (PolicyParseException)
        {
            return new[] { "the policy is not valid IAM JSON, so who it grants cannot be told" };
        }

        var grants = new List<string>();
        foreach (var statement in document.Statements.Where(s => s.Effect == PolicyEffect.Allow))
        {
            var actions = (statement.NotAction ? "everything but " : string.Empty) + string.Join(", ", statement.Actions);
            var orgBound = statement.Conditions.Any(c => string.Equals(c.Key, "aws:PrincipalOrgID", StringComparison.OrdinalIgnoreCase) && !c.Operator.Contains("IfExists"));
            if (statement.NotPrincipal)
            {
                grants.Add($"{statement.Name} allows {actions} to every principal but the ones it names (NotPrincipal)");
                continue;
            }

            foreach (var pair in statement.Principals ?? new Dictionary<string, IReadOnlyList<string>>())
            {
                foreach (var principal in pair.Value)
                {
                    // Only a principal proven to be in the owner account keeps the grant inside it.
                    if (principal == "*" || (string.Equals(pair.Key, "AWS", StringComparison.OrdinalIgnoreCase) && AccountOf(principal) == "*"))
                    {
                        grants.Add($"{statement.Name} allows {actions} to everyone{(orgBound ? " in the organization named by aws:PrincipalOrgID" : string.Empty)}");
                    }
                    else if (string.Equals(pair.Key, "AWS", StringComparison.OrdinalIgnoreCase))
                    {
                        if (AccountOf(principal) is not { } account)
                        {
                            grants.Add($"{statement.Name} allows {actions} to {principal}, whose account cannot be told (a unique id or an unusual ARN)");
                        }
                        else if (account != ownerAccountId)
                        {
                            grants.Add($"{statement.Name} allows {actions} to {principal} (account {account})");
                        }
                    }
                    else if (string.Equals(pair.Key, "Service", StringComparison.OrdinalIgnoreCase))
                    {
                        var scoped = statement.Conditions.Any(c => c.Key.Equals("aws:SourceAccount", StringComparison.OrdinalIgnoreCase) || c.Key.Equals("aws:SourceArn", StringComparison.OrdinalIgnoreCase) || c.Key.Equals("aws:SourceOrgID", StringComparison.OrdinalIgnoreCase));
                        if (!scoped)
                        {
                            grants.Add($"{statement.Name} allows {actions} to the service {principal} on behalf of any account (no aws:SourceAccount or aws:SourceArn condition)");
                        }
                    }
                    else
                    {
                        grants.Add($"{statement.Name} allows {actions} to the {pair.Key} principal {principal}, which may belong to another account");
                    }
                }
            }
        }

        return grants;
    }

    // The account of an AWS principal: its id, its root or any ARN's account part ("*" for any account); null for a unique id.
    private static string? AccountOf(string principal)
        => AccountId.TryParse(principal, out var id) ? id.Value
            : principal.Split(':') is { Length: >= 5 } parts && (parts[4].Length == 12 && parts[4].All(char.IsDigit) || parts[4].Contains("*")) ? (parts[4].Contains("*") ? "*" : parts[4])
            : null;
}
