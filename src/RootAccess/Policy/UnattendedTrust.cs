using System;
using System.Linq;
using RootAccess.Core;

namespace RootAccess.Policy;

/// <summary>
/// What a role's trust policy says about who takes the role: unattended when only a platform's identity can (a
/// Federated OIDC provider through AssumeRoleWithWebIdentity, a Service principal through AssumeRole), never a person
/// or another AWS principal. For such a role MFA and source-IP conditions cannot hold, so its one control is the trust
/// itself: bound to one identity (the provider's aud and sub with StringEquals; the service's aws:SourceAccount or
/// aws:SourceArn) or not (<see cref="Unbound"/> says how).
/// </summary>
public sealed class UnattendedTrust
{
    private UnattendedTrust(PolicyStatement? statement, string? unbound)
    {
        Statement = statement;
        Unbound = unbound;
    }

    /// <summary>Why the trust is not bound to one identity, or null when it is.</summary>
    public string? Unbound { get; }

    /// <summary>The statement that is not bound, when one is not.</summary>
    public PolicyStatement? Statement { get; }

    /// <summary>The trust of an unattended role, or null when a person or an AWS principal may take the role.</summary>
    public static UnattendedTrust? Of(PolicyDocument trust)
    {
        var allows = trust.Statements.Where(s => s.Effect == PolicyEffect.Allow && !s.NotPrincipal && s.Principals is not null).ToList();
        if (allows.Count == 0 || allows.Any(s => s.Principals!.Keys.Any(k => k is not ("Federated" or "Service"))))
        {
            return null;
        }

        foreach (var statement in allows)
        {
            foreach (var principal in statement.Principals!)
            {
                foreach (var name in principal.Value)
                {
                    var problem = principal.Key == "Federated" ? FederatedProblem(statement, name) : ServiceProblem(statement, name);
                    if (problem is not null)
                    {
                        return new UnattendedTrust(statement, problem);
                    }
                }
            }
        }

        return new UnattendedTrust(null, null);
    }

    private static string? FederatedProblem(PolicyStatement statement, string provider)
    {
        var marker = ":oidc-provider/";
        var at = provider.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0 || provider.Contains('*'))
        {
            return $"{provider} is not one IAM OIDC provider, so the role trusts identities nobody listed.";
        }

        var prefix = provider.Substring(at + marker.Length);
        var missing = new[] { "aud", "sub" }.Where(claim => !Pins(statement, prefix + ":" + claim)).ToList();
        return missing.Count == 0
            ? null
            : Text.Format(Messages.RA014FederatedDetail, provider, string.Join(" and ", missing.Select(c => prefix + ":" + c)));
    }

    private static string? ServiceProblem(PolicyStatement statement, string service)
        => Pins(statement, "aws:SourceAccount") || Pins(statement, "aws:SourceArn")
            ? null
            : $"The trust of {service} has no aws:SourceAccount or aws:SourceArn condition, so the service acting for any account (the confused deputy) can take the role and its root sessions.";

    // A condition that holds for exactly the values listed: StringEquals, or ArnEquals/ArnLike for ARNs, without IfExists or a set operator.
    private static bool Pins(PolicyStatement statement, string key)
        => statement.Conditions.Any(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)
            && c.Operator is "StringEquals" or "ArnEquals" or "ArnLike"
            && c.Values.Count > 0
            && c.Values.All(v => v != "*")
            && (c.Operator != "StringEquals" || c.Values.All(v => !v.Contains('*'))));
}
