using System;
using System.Collections.Generic;
using System.Linq;
using RootAccess.Core;
using RootAccess.Policy;

namespace RootAccess.Hardening;

/// <summary>One case of the proof matrix: a request (or an event, or a lint) and the verdict the guardrails must give it.</summary>
public sealed class GuardrailProofCase
{
    public string Guardrail { get; set; } = string.Empty;

    public string Case { get; set; } = string.Empty;

    public string Expected { get; set; } = string.Empty;

    public string Actual { get; set; } = string.Empty;

    public bool Holds => string.Equals(Expected, Actual, StringComparison.Ordinal);

    public override string ToString() => $"{Guardrail}: {Case}: expected {Expected}, got {Actual}";
}

/// <summary>Guardrails that cannot be proven with the parameters given, with the cases that failed.</summary>
public sealed class GuardrailProofException : Exception
{
    public GuardrailProofException(IReadOnlyList<GuardrailProofCase> failed)
        : base(Text.Format(Messages.GuardrailUnproven, failed.Count, string.Join("; ", failed.Take(5).Select(f => f.ToString()))))
    {
        Failed = failed;
    }

    public IReadOnlyList<GuardrailProofCase> Failed { get; }
}

/// <summary>
/// Proves guardrails before they are written: each document is evaluated with the module's policy evaluator against the
/// cases it is meant to decide (break-glass with MFA and an admin address allowed, without MFA denied; a member account
/// denied; the approved role allowed only its task policies; an AssumeRoot task session blocked by no SCP; each alert
/// rule matching its row's event), must fit AWS's size limits, and must lint with nothing at Medium or above.
/// </summary>
public static class GuardrailProof
{
    // IAM and Organizations quotas: a customer managed policy holds at most 6,144 characters and an SCP 5,120, whitespace aside.
    private const int ManagedPolicyLimit = 6144;
    private const int ServiceControlPolicyLimit = 5120;
    private const string OutsideAddress = "198.51.100.23";
    private const string OutsideAccount = "999999999999";

    public static IReadOnlyList<GuardrailProofCase> Prove(IReadOnlyList<Guardrail> guardrails, GuardrailOptions options)
    {
        var cases = new List<GuardrailProofCase>();
        var byName = guardrails.ToDictionary(g => g.Name, g => g, StringComparer.Ordinal);
        var documents = guardrails.Where(g => g.Kind != GuardrailKind.EventRule).ToDictionary(g => g.Name, g => PolicyParser.Parse(g.Document, g.Name), StringComparer.Ordinal);
        var identity = guardrails.Where(g => g.Kind == GuardrailKind.IdentityPolicy).Select(g => documents[g.Name]).Prepend(PolicyDocument.AllowAll).ToList();
        var ip = options.AdminSourceIps.Count > 0 ? options.AdminSourceIps[0].Split('/')[0] : "10.20.30.40";
        var member = options.MemberAccountIds.FirstOrDefault(a => a != options.DelegatedAdminAccountId) ?? "210987654321";
        var target = $"arn:{options.Partition}:iam::{member}:root";
        var breakGlass = Guardrails.BreakGlassArns(options);
        var unattended = options.UnattendedRoleArns;
        var other = options.ManagementPrincipals.FirstOrDefault(p => !breakGlass.Contains(p) && !unattended.Contains(p)) ?? $"arn:{options.Partition}:iam::{options.ManagementAccountId}:role/AnyOtherRole";

        void Check(string guardrail, string what, Decision expected, Func<Decision> actual)
            => cases.Add(new GuardrailProofCase { Guardrail = guardrail, Case = what, Expected = expected.ToString(), Actual = actual().ToString() });

        Decision Management(string principal, string task, bool mfa, string from, string to)
            => PolicyEvaluator.Evaluate(AssumeRootRules.Request(task, mfa, mfa ? 60 : null, from, to, principal), identity, null, isManagementAccount: true);

        // The management account: break-glass, the approved role, anyone else, unattended roles.
        foreach (var glass in breakGlass)
        {
            Check(Guardrails.AssumeRootGuard, $"break-glass {glass} opens {TaskPolicies.CreateRootUserPassword} with MFA from {ip}", Decision.Allow, () => Management(glass, TaskPolicies.CreateRootUserPassword, true, ip, target));
            Check(Guardrails.AssumeRootGuard, $"break-glass {glass} without MFA", Decision.ExplicitDeny, () => Management(glass, TaskPolicies.CreateRootUserPassword, false, ip, target));
            if (options.AdminSourceIps.Count > 0)
            {
                Check(Guardrails.AssumeRootGuard, $"break-glass {glass} from {OutsideAddress}", Decision.ExplicitDeny, () => Management(glass, TaskPolicies.CreateRootUserPassword, true, OutsideAddress, target));
            }
        }

        var approvedHere = options.RootAccessRoleArn is { } approved && AccountOf(approved) == options.ManagementAccountId ? approved : null;
        foreach (var principal in new[] { approvedHere, other }.Where(p => p is not null).Select(p => p!).Distinct())
        {
            Check(Guardrails.AssumeRootGuard, $"{principal} opens {TaskPolicies.CreateRootUserPassword} with MFA from {ip}", Decision.ExplicitDeny, () => Management(principal, TaskPolicies.CreateRootUserPassword, true, ip, target));
            foreach (var task in TaskPolicies.Names.Where(t => t != TaskPolicies.CreateRootUserPassword))
            {
                var expected = options.TaskPolicies.Contains(task) ? Decision.Allow : Decision.ExplicitDeny;
                Check(Guardrails.AssumeRootGuard, $"{principal} opens {task} in {member} with MFA from {ip}", expected, () => Management(principal, task, true, ip, target));
            }

            Check(Guardrails.AssumeRootGuard, $"{principal} opens {options.TaskPolicies[0]} in {OutsideAccount}, outside the members", Decision.ExplicitDeny, () => Management(principal, options.TaskPolicies[0], true, ip, $"arn:{options.Partition}:iam::{OutsideAccount}:root"));
            Check(Guardrails.AssumeRootGuard, $"{principal} opens {options.TaskPolicies[0]} without MFA", Decision.ExplicitDeny, () => Management(principal, options.TaskPolicies[0], false, ip, target));
            if (options.AdminSourceIps.Count > 0)
            {
                Check(Guardrails.AssumeRootGuard, $"{principal} opens {options.TaskPolicies[0]} from {OutsideAddress}", Decision.ExplicitDeny, () => Management(principal, options.TaskPolicies[0], true, OutsideAddress, target));
            }
        }

        foreach (var role in unattended.Where(r => AccountOf(r) == options.ManagementAccountId))
        {
            Check(Guardrails.AssumeRootGuard, $"unattended {role} opens {TaskPolicies.AuditRootUserCredentials} without MFA", options.TaskPolicies.Contains(TaskPolicies.AuditRootUserCredentials) ? Decision.Allow : Decision.ExplicitDeny,
                () => Management(role, TaskPolicies.AuditRootUserCredentials, false, OutsideAddress, target));
            Check(Guardrails.AssumeRootGuard, $"unattended {role} opens {TaskPolicies.CreateRootUserPassword}", Decision.ExplicitDeny, () => Management(role, TaskPolicies.CreateRootUserPassword, false, OutsideAddress, target));
        }

        // Root-equivalent IAM writes and CloudTrail tampering: break-glass only; ordinary reads untouched.
        foreach (var action in AssumeRootRules.RootEquivalentIamActions.Concat(ManagementAccountControls.TrailTamperingActions))
        {
            Check(Guardrails.ManagementGuard, $"{other} calls {action}", Decision.ExplicitDeny, () => PolicyEvaluator.Evaluate(Plain(action, other), identity, null, true));
            foreach (var glass in breakGlass)
            {
                Check(Guardrails.ManagementGuard, $"break-glass {glass} calls {action}", Decision.Allow, () => PolicyEvaluator.Evaluate(Plain(action, glass), identity, null, true));
            }
        }

        Check(Guardrails.ManagementGuard, $"{other} reads iam:GetRole", Decision.Allow, () => PolicyEvaluator.Evaluate(Plain("iam:GetRole", other), identity, null, true));

        // Nobody but break-glass takes the guardrails off, or takes over a break-glass user's way in.
        var guardArn = $"arn:{options.Partition}:iam::{options.ManagementAccountId}:policy/{Guardrails.AssumeRootGuard}";
        foreach (var action in new[] { "iam:DetachRolePolicy", "iam:DetachUserPolicy", "iam:DetachGroupPolicy" })
        {
            Check(Guardrails.ManagementGuard, $"{other} calls {action} on {Guardrails.AssumeRootGuard}", Decision.ExplicitDeny, () => PolicyEvaluator.Evaluate(Plain(action, other).With("iam:PolicyARN", guardArn), identity, null, true));
        }

        Check(Guardrails.ManagementGuard, $"{other} detaches a policy of its own", Decision.Allow, () => PolicyEvaluator.Evaluate(Plain("iam:DetachRolePolicy", other).With("iam:PolicyARN", $"arn:{options.Partition}:iam::{options.ManagementAccountId}:policy/TeamPolicy"), identity, null, true));
        foreach (var action in new[] { "iam:DeletePolicy", "iam:DeletePolicyVersion" })
        {
            Check(Guardrails.ManagementGuard, $"{other} calls {action} on {Guardrails.AssumeRootGuard}", Decision.ExplicitDeny, () => PolicyEvaluator.Evaluate(new PolicyRequest(action, guardArn, other).With("aws:PrincipalArn", other), identity, null, true));
        }

        foreach (var user in breakGlass.Where(a => a.Contains(":user/")))
        {
            foreach (var action in Guardrails.BreakGlassCredentialActions)
            {
                Check(Guardrails.ManagementGuard, $"{other} calls {action} on break-glass {user}", Decision.ExplicitDeny, () => PolicyEvaluator.Evaluate(new PolicyRequest(action, user, other).With("aws:PrincipalArn", other), identity, null, true));
            }
        }

        foreach (var role in unattended)
        {
            Check(Guardrails.ManagementGuard, $"{other} passes unattended {role}", other == approvedHere ? Decision.Allow : Decision.ExplicitDeny, () => PolicyEvaluator.Evaluate(new PolicyRequest("iam:PassRole", role, other).With("aws:PrincipalArn", other), identity, null, true));
            if (approvedHere is not null)
            {
                Check(Guardrails.ManagementGuard, $"approved {approvedHere} passes unattended {role}", Decision.Allow, () => PolicyEvaluator.Evaluate(new PolicyRequest("iam:PassRole", role, approvedHere).With("aws:PrincipalArn", approvedHere), identity, null, true));
            }
        }

        // Member accounts: the SCPs on their path (FullAWSAccess beside the guardrails).
        // Each level of the OU path is one set of SCPs, FullAWSAccess beside the guardrail, so each level allows what it does not deny.
        var memberScps = new List<PolicyDocument> { PolicyDocument.BesideFullAccess(documents[Guardrails.MemberScp]) };
        var someone = $"arn:{options.Partition}:iam::{member}:role/Admin";
        Check(Guardrails.MemberScp, $"{someone} of member {member} calls sts:AssumeRoot", Decision.ExplicitDeny,
            () => PolicyEvaluator.Evaluate(AssumeRootRules.Request(TaskPolicies.AuditRootUserCredentials, true, 60, ip, target, someone), new[] { PolicyDocument.AllowAll }, memberScps));
        foreach (var task in TaskPolicies.Names)
        {
            foreach (var action in TaskPolicies.ActionsOf(task))
            {
                Check(Guardrails.MemberScp, $"an AssumeRoot session ({task}) in member {member} calls {action}", Decision.Allow,
                    () => PolicyEvaluator.Evaluate(RootSessionCompatibility.SessionRequest(action, member), new[] { PolicyDocument.AllowAll }, memberScps));
            }
        }

        if (options.DelegatedAdminAccountId is { } delegated && options.RootAccessRoleArn is { } admin && documents.TryGetValue(Guardrails.DelegatedAdminScp, out var delegatedScp))
        {
            var scps = new[] { PolicyDocument.BesideFullAccess(documents[Guardrails.MemberScp]), PolicyDocument.BesideFullAccess(delegatedScp) };
            var attended = !unattended.Contains(admin);
            Decision Delegated(string principal, string task, bool mfa, string from)
                => PolicyEvaluator.Evaluate(AssumeRootRules.Request(task, mfa, mfa ? 60 : null, from, target, principal), new[] { PolicyDocument.AllowAll }, scps);
            foreach (var task in TaskPolicies.Names)
            {
                var expected = options.TaskPolicies.Contains(task) && task != TaskPolicies.CreateRootUserPassword ? Decision.Allow : Decision.ExplicitDeny;
                Check(Guardrails.DelegatedAdminScp, $"{admin} in delegated administrator {delegated} opens {task} with MFA from {ip}", expected, () => Delegated(admin, task, true, ip));
            }

            var sibling = $"arn:{options.Partition}:iam::{delegated}:role/AnyOtherRole";
            Check(Guardrails.DelegatedAdminScp, $"{sibling} in delegated administrator {delegated} opens {options.TaskPolicies[0]}", Decision.ExplicitDeny, () => Delegated(sibling, options.TaskPolicies[0], true, ip));
            if (attended)
            {
                Check(Guardrails.DelegatedAdminScp, $"{admin} opens {options.TaskPolicies[0]} without MFA", Decision.ExplicitDeny, () => Delegated(admin, options.TaskPolicies[0], false, ip));
                if (options.AdminSourceIps.Count > 0)
                {
                    Check(Guardrails.DelegatedAdminScp, $"{admin} opens {options.TaskPolicies[0]} from {OutsideAddress}", Decision.ExplicitDeny, () => Delegated(admin, options.TaskPolicies[0], true, OutsideAddress));
                }
            }
        }

        // Alert rules: each matches its row's event and nothing unrelated; together they cover what RA-H05 asks.
        var rules = guardrails.Where(g => g.Kind == GuardrailKind.EventRule).ToList();
        var rows = Guardrails.AlertRows(options.Partition).ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            cases.Add(Match(rule.Name, $"matches its row's event ({rows[rule.Name].What})", true, EventPattern.Matches(rule.Document, rows[rule.Name].Event)));
            cases.Add(Match(rule.Name, "matches sts GetCallerIdentity", false, EventPattern.Matches(rule.Document, Guardrails.Event("aws.sts", new System.Text.Json.Nodes.JsonObject { ["eventSource"] = "sts.amazonaws.com", ["eventName"] = "GetCallerIdentity" }))));
        }

        if (rules.Count > 0)
        {
            foreach (var alerted in AlertingRead.AlertedEvents)
            {
                cases.Add(Match("RA-H05 rules", $"an enabled rule matches {alerted.EventName}", true, rules.Any(r => EventPattern.Matches(r.Document, AlertingRead.SampleEvent(alerted)))));
            }
        }

        // Each document: within AWS's size limit, and nothing at Medium or above from Test-AssumeRootPolicy.
        foreach (var guardrail in guardrails.Where(g => g.Kind != GuardrailKind.EventRule))
        {
            var size = guardrail.Document.Count(c => !char.IsWhiteSpace(c));
            var limit = guardrail.Kind == GuardrailKind.ServiceControlPolicy ? ServiceControlPolicyLimit : ManagedPolicyLimit;
            cases.Add(new GuardrailProofCase { Guardrail = guardrail.Name, Case = $"fits the {limit}-character limit", Expected = "Fits", Actual = size <= limit ? "Fits" : $"{size} characters" });
            var type = guardrail.Kind == GuardrailKind.ServiceControlPolicy ? PolicyType.ServiceControl : PolicyType.Identity;
            var findings = AssumeRootRules.Analyze(new[] { documents[guardrail.Name] }, type, options.ManagementAccountId).Where(f => f.Severity >= FindingSeverity.Medium).ToList();
            cases.Add(new GuardrailProofCase { Guardrail = guardrail.Name, Case = "Test-AssumeRootPolicy finds nothing at Medium or above", Expected = "None", Actual = findings.Count == 0 ? "None" : string.Join(", ", findings.Select(f => $"{f.RuleId} {f.Severity}")) });
        }

        foreach (var guardrail in guardrails)
        {
            guardrail.ProvenCases = cases.Count(c => c.Guardrail == guardrail.Name || (guardrail.Kind == GuardrailKind.EventRule && c.Guardrail == "RA-H05 rules"));
        }

        return cases;
    }

    /// <summary>Proves and refuses: the cases, or <see cref="GuardrailProofException"/> naming those that failed.</summary>
    public static IReadOnlyList<GuardrailProofCase> Require(IReadOnlyList<Guardrail> guardrails, GuardrailOptions options)
    {
        var cases = Prove(guardrails, options);
        var failed = cases.Where(c => !c.Holds).ToList();
        return failed.Count == 0 ? cases : throw new GuardrailProofException(failed);
    }

    private static GuardrailProofCase Match(string guardrail, string what, bool expected, bool actual)
        => new() { Guardrail = guardrail, Case = what, Expected = expected ? "Match" : "NoMatch", Actual = actual ? "Match" : "NoMatch" };

    private static PolicyRequest Plain(string action, string principal) => new PolicyRequest(action, "*", principal).With("aws:PrincipalArn", principal);

    private static string? AccountOf(string arn) => arn.Split(':') is { Length: >= 6 } parts ? parts[4] : null;
}
