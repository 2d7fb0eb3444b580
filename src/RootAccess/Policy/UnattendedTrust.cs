using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
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
        // Fail closed: any Allow that is not a plain Federated OIDC provider or an automation service (NotPrincipal, an AWS
        // principal, "*", a SAML or public identity provider people sign in with, a service whose code others can change)
        // keeps every rule about the person at the keyboard.
        var allows = trust.Statements.Where(s => s.Effect == PolicyEffect.Allow).ToList();
        if (allows.Count == 0 || allows.Any(s => s.NotPrincipal || s.Principals is null || s.Principals.Any(p => !Unattended(p.Key, p.Value))))
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

    // The services that run a customer's automation document under a role, and nothing else (a Lambda function's or an
    // instance's code can be changed by whoever may update it, so their roles keep the rules for people).
    private static readonly string[] AutomationServices = { "ssm.amazonaws.com" };

    private const string OidcMarker = ":oidc-provider/";

    private static bool Unattended(string type, IReadOnlyList<string> names)
        => type switch
        {
            "Federated" => names.All(n => n.StartsWith("arn:", StringComparison.Ordinal) && n.Contains(OidcMarker) && !n.Contains('*')),
            "Service" => names.All(n => AutomationServices.Contains(n, StringComparer.Ordinal)),
            _ => false,
        };

    private static string? FederatedProblem(PolicyStatement statement, string provider)
    {
        var at = provider.IndexOf(OidcMarker, StringComparison.Ordinal);

        var prefix = provider.Substring(at + OidcMarker.Length);
        var missing = new[] { "aud", "sub" }.Where(claim => !Pins(statement, prefix + ":" + claim)).ToList();
        return missing.Count == 0
            ? null
            : Text.Format(Messages.RA014FederatedDetail, provider, string.Join(" and ", missing.Select(c => prefix + ":" + c)));
    }

    private static string? ServiceProblem(PolicyStatement statement, string service)
        => Pins(statement, "aws:SourceAccount") || Pins(statement, "aws:SourceArn", value => Regex.IsMatch(value, ":[0-9]{12}:"))
            ? null
            : $"The trust of {service} has no aws:SourceAccount or aws:SourceArn condition, so the service acting for any account (the confused deputy) can take the role and its root sessions.";

    // A condition that holds for one identity: StringEquals with one value without a wildcard, or ArnEquals/ArnLike whose
    // every value names the account (no IfExists, no set operator).
    private static bool Pins(PolicyStatement statement, string key, Func<string, bool>? names = null)
        => statement.Conditions.Any(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)
            && (c.Operator == "StringEquals"
                ? c.Values.Count == 1 && !c.Values[0].Contains('*') && !c.Values[0].Contains('?')
                : c.Operator is "ArnEquals" or "ArnLike" && c.Values.Count > 0 && c.Values.All(v => names?.Invoke(v) ?? false)));
}
