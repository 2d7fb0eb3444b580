using System;
using System.Collections.Generic;
using System.Linq;
using RootAccess.Core;
using RootAccess.Policy;

namespace RootAccess.Hardening;

/// <summary>
/// The controls judged on the management account's own IAM (its GetAccountAuthorizationDetails): who reaches
/// sts:AssumeRoot and IAMCreateRootUserPassword, how scoped, who may write IAM or stop CloudTrail, and who is trusted from
/// other accounts. SCPs never apply to the management account, so identity policies alone decide. Pure functions of the
/// export, tested without AWS.
/// </summary>
public sealed class ManagementAccountControls
{
    // A member account no grant names and a task policy AWS does not have: a grant that allows them is not scoped.
    private const string ProbeAccount = "arn:aws:iam::999999999999:root";
    private const string ProbeTask = "RootAccessScopeProbe";

    /// <summary>Actions that stop, delete or blind the trail (the guide's "cover tracks" link).</summary>
    public static readonly string[] TrailTamperingActions = { "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors" };

    private readonly IReadOnlyList<IamPrincipal> _principals;
    private readonly IReadOnlyList<AssumeRootReach> _reach;
    private readonly BreakGlass _breakGlass;
    private readonly string _managementAccountId;

    public ManagementAccountControls(IReadOnlyList<IamPrincipal> principals, BreakGlass breakGlass, string managementAccountId)
    {
        _principals = principals;
        // The account's own root ARN in a trust policy stands for the account's principals, each already analysed.
        _reach = AssumeRootReachability.Analyze(principals).Where(r => r.Principal != $"arn:aws:iam::{managementAccountId}:root").ToList();
        _breakGlass = breakGlass;
        _managementAccountId = managementAccountId;
    }

    // Service-linked roles are AWS's own (their policies cannot be changed); they are left out and said so.
    private IEnumerable<IamPrincipal> Judged => _principals.Where(p => !p.Arn.Contains(":role/aws-service-role/"));

    private string Counted => $"{Judged.Count()} users and roles of management account {_managementAccountId} read";

    // The principals that hold a grant of sts:AssumeRoot themselves (not through a chain or a self-grant).
    private int Holders => _reach.Where(r => r.Path == "direct" && r.TaskPolicy != "*").Select(r => r.Principal).Distinct().Count();

    /// <summary>RA-H03: IAMCreateRootUserPassword only for break-glass principals, and only with MFA and a source-IP condition.</summary>
    public void CreateRootUserPassword(HardeningCheck check)
    {
        var reaching = _reach.Where(r => r.TaskPolicy == TaskPolicies.CreateRootUserPassword || r.TaskPolicy == "*").ToList();
        var problems = new List<string>();
        foreach (var byPrincipal in reaching.GroupBy(r => r.Principal))
        {
            if (!_breakGlass.Contains(byPrincipal.Key))
            {
                var routes = byPrincipal.Select(r => r.TaskPolicy == "*" ? $"can grant itself AssumeRoot {Route(r)}" : $"{Route(r)}, {r.Conditions}").Distinct().ToList();
                problems.Add($"{byPrincipal.Key} ({string.Join("; ", routes)})");
            }
            else if (byPrincipal.FirstOrDefault(r => r.TaskPolicy != "*" && r.Path == "direct" && !(r.RequiresMfa && r.RestrictsSourceIp)) is { } weak)
            {
                problems.Add($"break-glass {byPrincipal.Key} without both conditions ({weak.Conditions})");
            }
        }

        var glass = reaching.Where(r => _breakGlass.Contains(r.Principal)).Select(r => r.Principal).Distinct().ToList();
        var unmatched = _breakGlass.Unmatched(_principals.Select(p => p.Arn));
        var named = _breakGlass.Count == 0 ? " (no -BreakGlassPrincipal named)"
            : unmatched.Count > 0 ? $" (-BreakGlassPrincipal {string.Join(", ", unmatched)} matches no user or role of the account)"
            : string.Empty;
        Verdict(check, problems,
            Text.Format(Messages.CreateRootUserPasswordPass, Counted, (glass.Count == 0 ? "no principal" : "the break-glass principals " + string.Join(", ", glass)), named),
            $"IAMCreateRootUserPassword is reachable by {problems.Count} principal(s) that are not break-glass or lack MFA and source-IP conditions{named}: ");
    }

    /// <summary>RA-H04: every grant of sts:AssumeRoot names its target accounts and its task policies.</summary>
    public void Scoped(HardeningCheck check)
    {
        var problems = new List<string>();
        foreach (var principal in Judged)
        {
            var ip = AssumeRootRules.ExpectedIp(principal.Policies);
            var target = AssumeRootRules.ExpectedTarget(principal.Policies);
            var anyTarget = TaskPolicies.Names.Any(t => Allowed(principal, AssumeRootRules.Request(t, true, 0, ip, ProbeAccount, principal.Arn)));
            var anyTask = Allowed(principal, AssumeRootRules.Request(ProbeTask, true, 0, ip, target, principal.Arn)) || Allowed(principal, AssumeRootRules.Request(ProbeTask, true, 0, ip, ProbeAccount, principal.Arn));
            var unscoped = new[] { (anyTarget, "any target account"), (anyTask, "any task policy") }.Where(u => u.Item1).Select(u => u.Item2).ToList();
            if (unscoped.Count > 0)
            {
                problems.Add($"{principal.Arn} ({string.Join(" and ", unscoped)})");
            }
            else if (!_breakGlass.Contains(principal.Arn) && _reach.FirstOrDefault(r => r.Principal == principal.Arn && r.TaskPolicy == "*") is { } grant)
            {
                problems.Add($"{principal.Arn} (can grant itself any AssumeRoot: {grant.Path})");
            }
        }

        Verdict(check, problems, $"{Counted}; all {Holders} principals granted sts:AssumeRoot are limited to named member accounts and task policies.",
            $"{problems.Count} principal(s) can call sts:AssumeRoot unscoped: ");
    }

    /// <summary>RA-H08: no grant of sts:AssumeRoot works without MFA.</summary>
    public void MfaRequired(HardeningCheck check) => Conditioned(check, r => !r.RequiresMfa, "MFA", "without MFA");

    /// <summary>RA-H13: no grant of sts:AssumeRoot works from any source IP.</summary>
    public void IpRestricted(HardeningCheck check) => Conditioned(check, r => !r.RestrictsSourceIp, "a source-IP condition", "from any source IP");

    /// <summary>RA-H10: the guide's root-equivalent IAM writes are denied to every principal but the break-glass ones.</summary>
    public void IamWritesDenied(HardeningCheck check) => Actions(check, AssumeRootRules.RootEquivalentIamActions, "root-equivalent IAM writes");

    /// <summary>RA-H11: only break-glass principals may stop, delete or change the trail.</summary>
    public void TrailTamperingDenied(HardeningCheck check) => Actions(check, TrailTamperingActions, "CloudTrail tampering actions");

    /// <summary>RA-H14: no role of the management account trusts a principal of another account (the member-to-management chain).</summary>
    public void NoCrossAccountTrust(HardeningCheck check)
    {
        var problems = new List<string>();
        foreach (var role in Judged.Where(p => p.IsRole))
        {
            var trusted = role.Trust!.Statements.Where(s => s.Effect == PolicyEffect.Allow && s.Principals is not null)
                .SelectMany(s => s.Principals!.Where(k => k.Key == "AWS" || k.Key == "*").SelectMany(k => k.Value))
                .Where(v => v == "*" || AccountOf(v) is { } account && account != _managementAccountId).Distinct().ToList();
            if (trusted.Count > 0)
            {
                problems.Add($"{role.Arn} trusts {string.Join(", ", trusted)}");
            }
        }

        Verdict(check, problems, $"{Counted}; no role trusts a principal outside account {_managementAccountId}.", $"{problems.Count} role(s) of the management account can be assumed from other accounts: ");
    }

    private void Conditioned(HardeningCheck check, Func<AssumeRootReach, bool> weak, string condition, string how)
    {
        var problems = _reach.Where(r => r.Path == "direct" && r.TaskPolicy != "*" && weak(r)).GroupBy(r => r.Principal)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(r => r.TaskPolicy))})").ToList();
        Verdict(check, problems, $"{Counted}; every one of the {Holders} principals granted sts:AssumeRoot needs {condition}.", $"{problems.Count} principal(s) can call sts:AssumeRoot {how}: ");
    }

    private void Actions(HardeningCheck check, IReadOnlyList<string> actions, string what)
    {
        var problems = new List<string>();
        foreach (var principal in Judged.Where(p => !_breakGlass.Contains(p.Arn)))
        {
            var allowed = actions.Where(a => principal.Allows(a, "*")).ToList();
            if (allowed.Count > 0)
            {
                problems.Add($"{principal.Arn} ({(allowed.Count == actions.Count ? "all of them" : string.Join(", ", allowed))})");
            }
        }

        Verdict(check, problems, $"{Counted}; no principal but the break-glass ones may use {what} ({string.Join(", ", actions)}).", $"{problems.Count} principal(s) that are not break-glass may use {what}: ");
    }

    private static void Verdict(HardeningCheck check, IReadOnlyList<string> problems, string pass, string fail)
    {
        check.Status = problems.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
        check.Evidence = problems.Count == 0 ? pass : fail + string.Join("; ", problems) + ".";
    }

    private static bool Allowed(IamPrincipal principal, PolicyRequest request) => PolicyEvaluator.Evaluate(request, principal.Policies) == Decision.Allow;

    private static string Route(AssumeRootReach reach) => reach.Path == "direct" ? "granted directly" : "via " + reach.Path.Replace(" (", ", ").TrimEnd(')');

    private static string? AccountOf(string principal)
        => principal.Length == 12 && principal.All(char.IsDigit) ? principal : principal.Split(':') is { Length: >= 6 } parts && parts[0] == "arn" ? parts[4] : null;
}
