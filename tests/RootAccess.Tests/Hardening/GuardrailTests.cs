using System.Linq;
using RootAccess.Hardening;
using RootAccess.Policy;
using Xunit;

namespace RootAccess.Tests;

/// <summary>The guardrail documents and their proof matrix, without AWS: what is proven, and what is refused with its case.</summary>
public sealed class GuardrailTests
{
    private const string Management = "111111111111";
    private const string Glass = "arn:aws:iam::111111111111:role/BreakGlassAdmin";
    private const string Admin = "arn:aws:iam::111111111111:role/RootAccessAdmin";
    private const string Runbook = "arn:aws:iam::111111111111:role/RootAccessAzureAutomation";

    private static GuardrailOptions Options(System.Action<GuardrailOptions>? change = null)
    {
        var options = new GuardrailOptions
        {
            ManagementAccountId = Management,
            ScpTargetId = "r-sim0",
            MemberAccountIds = new[] { "222222222222", "444444444444" },
            ManagementPrincipals = new[] { Glass, Admin, Runbook, "arn:aws:iam::111111111111:user/ci-deploy" },
            BreakGlassPrincipals = new[] { "role/BreakGlassAdmin" },
            RootAccessRoleArn = Admin,
            AdminSourceIps = new[] { "203.0.113.0/24" },
            AlertTarget = "arn:aws:sns:us-east-1:111111111111:security-alerts",
        };
        change?.Invoke(options);
        return options;
    }

    [Fact]
    public void Every_case_holds_for_the_guides_parameters_and_each_guardrail_names_the_control_it_fixes()
    {
        var options = Options();
        var guardrails = Guardrails.Build(options);
        var cases = GuardrailProof.Require(guardrails, options);

        Assert.All(cases, c => Assert.True(c.Holds, c.ToString()));
        Assert.Equal(new[] { "RA-H03, RA-H04, RA-H08, RA-H13", "RA-H05", "RA-H07", "RA-H10, RA-H11" }, guardrails.Select(g => g.ControlId).Distinct().OrderBy(c => c));
        Assert.Equal(9, guardrails.Count(g => g.Kind == GuardrailKind.EventRule)); // one per row of the guide's monitoring table
        Assert.All(guardrails, g => Assert.True(g.ProvenCases > 0, g.Name));
        Assert.Contains(cases, c => c.Case.Contains("an AssumeRoot session (S3UnlockBucketPolicy) in member 222222222222 calls s3:DeleteBucketPolicy") && c.Actual == "Allow");
        Assert.Contains(cases, c => c.Case.Contains($"break-glass {Glass} without MFA") && c.Actual == "ExplicitDeny");
    }

    [Fact]
    public void The_delegated_administrator_gets_its_own_SCP_and_only_its_approved_role_opens_only_the_approved_tasks()
    {
        const string Delegated = "arn:aws:iam::222222222222:role/RootAccessAdmin";
        var options = Options(o =>
        {
            o.DelegatedAdminAccountId = "222222222222";
            o.RootAccessRoleArn = Delegated;
            o.TaskPolicies = new[] { "IAMAuditRootUserCredentials", "S3UnlockBucketPolicy" };
        });
        var guardrails = Guardrails.Build(options);
        var cases = GuardrailProof.Require(guardrails, options);

        var scp = Assert.Single(guardrails, g => g.Name == Guardrails.DelegatedAdminScp);
        Assert.Equal("222222222222", scp.Target);
        Assert.Contains(Delegated, Assert.Single(guardrails, g => g.Name == Guardrails.MemberScp).Document);
        Assert.Contains(cases, c => c.Case == $"{Delegated} in delegated administrator 222222222222 opens IAMDeleteRootUserCredentials with MFA from 203.0.113.0" && c.Actual == "ExplicitDeny");
        Assert.Contains(cases, c => c.Case == $"{Delegated} in delegated administrator 222222222222 opens S3UnlockBucketPolicy with MFA from 203.0.113.0" && c.Actual == "Allow");
        Assert.Contains(cases, c => c.Case.StartsWith("arn:aws:iam::222222222222:role/AnyOtherRole in delegated administrator") && c.Actual == "ExplicitDeny");
    }

    public static TheoryData<string, System.Action<GuardrailOptions>, string> Refusals => new()
    {
        { "the approved role named break-glass too", o => o.BreakGlassPrincipals = new[] { "role/BreakGlassAdmin", "role/RootAccessAdmin" }, $"{Admin} opens IAMCreateRootUserPassword with MFA from 203.0.113.0: expected ExplicitDeny, got Allow" },
        { "an admin network that is every address", o => o.AdminSourceIps = new[] { "0.0.0.0/0" }, "from 198.51.100.23: expected ExplicitDeny, got Allow" },
        { "the password task given to the delegated administrator", o => { o.DelegatedAdminAccountId = "222222222222"; o.RootAccessRoleArn = "arn:aws:iam::222222222222:role/RootAccessAdmin"; o.TaskPolicies = new[] { "IAMAuditRootUserCredentials", "IAMCreateRootUserPassword" }; }, "opens IAMCreateRootUserPassword with MFA from 203.0.113.0: expected ExplicitDeny, got Allow" },
        { "more members than a managed policy holds", o => o.MemberAccountIds = Enumerable.Range(0, 300).Select(i => (100000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), $"{Guardrails.AssumeRootGuard}: fits the 6144-character limit: expected Fits, got" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_parameter_set_that_cannot_be_proven_is_refused_naming_the_case_that_failed(string what, System.Action<GuardrailOptions> change, string failedCase)
    {
        var options = Options(change);

        var refused = Assert.Throws<GuardrailProofException>(() => GuardrailProof.Require(Guardrails.Build(options), options));

        Assert.Contains(failedCase, refused.Message);
        Assert.Contains(refused.Failed, f => f.ToString().Contains(failedCase));
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void Unattended_roles_keep_their_runbooks_without_MFA_but_never_the_password_task_and_may_still_be_passed()
    {
        var options = Options(o => o.UnattendedRoleArns = new[] { Runbook });
        var guardrails = Guardrails.Build(options);
        var cases = GuardrailProof.Require(guardrails, options);
        var identity = new[] { PolicyDocument.AllowAll }.Concat(guardrails.Where(g => g.Kind == GuardrailKind.IdentityPolicy).Select(g => PolicyParser.Parse(g.Document, g.Name))).ToList();

        Assert.Contains(cases, c => c.Case == $"unattended {Runbook} opens IAMAuditRootUserCredentials without MFA" && c.Actual == "Allow");
        Assert.Equal(Decision.ExplicitDeny, PolicyEvaluator.Evaluate(AssumeRootRules.Request("IAMCreateRootUserPassword", false, null, "198.51.100.23", "arn:aws:iam::222222222222:root", Runbook), identity, null, true));
        // SSM Automation passes its assume role: the approved role (and break-glass) may pass the runbook's role, nobody
        // else may, and no other role is passed but by break-glass.
        Decision Pass(string role, string by) => PolicyEvaluator.Evaluate(new PolicyRequest("iam:PassRole", role, by).With("aws:PrincipalArn", by), identity, null, true);
        var someone = "arn:aws:iam::111111111111:user/ci-deploy";
        Assert.Equal(Decision.Allow, Pass(Runbook, Admin));
        Assert.Equal(Decision.Allow, Pass(Runbook, Glass));
        Assert.Equal(Decision.ExplicitDeny, Pass(Runbook, someone));
        Assert.Equal(Decision.ExplicitDeny, Pass(Glass, Admin));
        Assert.Contains(cases, c => c.Case == $"approved {Admin} passes unattended {Runbook}" && c.Actual == "Allow");
    }

    [Fact]
    public void The_template_deploys_each_guardrail_by_its_kind_to_its_targets()
    {
        var options = Options();
        var guardrails = Guardrails.Build(options);

        using var template = System.Text.Json.JsonDocument.Parse(GuardrailTemplate.Render(guardrails, options));

        var resources = template.RootElement.GetProperty("Resources").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
        Assert.Equal(guardrails.Count, resources.Count);
        var scp = resources["RootAccessDenyAssumeRootInMemberAccounts"];
        Assert.Equal("AWS::Organizations::Policy", scp.GetProperty("Type").GetString());
        Assert.Equal("r-sim0", scp.GetProperty("Properties").GetProperty("TargetIds")[0].GetString());
        var guard = resources["RootAccessAssumeRootGuard"].GetProperty("Properties");
        Assert.Equal(new[] { "BreakGlassAdmin", "RootAccessAdmin", "RootAccessAzureAutomation" }, guard.GetProperty("Roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("ci-deploy", guard.GetProperty("Users")[0].GetString());
        var rule = resources["RootAccessAssumeRootCreateRootPassword"].GetProperty("Properties");
        Assert.Equal("ENABLED", rule.GetProperty("State").GetString());
        Assert.Equal(options.AlertTarget, rule.GetProperty("Targets")[0].GetProperty("Arn").GetString());
    }

    [Fact]
    public void Nobody_but_break_glass_takes_the_guardrails_off_or_a_break_glass_users_way_in()
    {
        const string Alice = "arn:aws:iam::111111111111:user/breakglass-alice";
        var options = Options(o =>
        {
            o.ManagementPrincipals = o.ManagementPrincipals.Append(Alice).ToList();
            o.BreakGlassPrincipals = new[] { "role/BreakGlassAdmin", "user/breakglass-alice" };
        });
        var guardrails = Guardrails.Build(options);
        var cases = GuardrailProof.Require(guardrails, options);

        Assert.Contains(cases, c => c.Case == $"{Admin} calls iam:DetachRolePolicy on {Guardrails.AssumeRootGuard}" && c.Actual == "ExplicitDeny");
        Assert.Contains(cases, c => c.Case == $"{Admin} calls iam:DeletePolicyVersion on {Guardrails.AssumeRootGuard}" && c.Actual == "ExplicitDeny");
        Assert.Contains(cases, c => c.Case == $"{Admin} calls iam:CreateAccessKey on break-glass {Alice}" && c.Actual == "ExplicitDeny");
        Assert.Contains(cases, c => c.Case == $"{Admin} detaches a policy of its own" && c.Actual == "Allow");
        // Without -AdminSourceIp the guard cannot give break-glass its source-IP condition, so it does not claim RA-H03.
        var withoutNetworks = Options(o => o.AdminSourceIps = System.Array.Empty<string>());
        Assert.Equal("RA-H04, RA-H08", Guardrails.Build(withoutNetworks).Single(g => g.Name == Guardrails.AssumeRootGuard).ControlId);
    }
}
