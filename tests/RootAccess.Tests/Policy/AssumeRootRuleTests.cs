using System.IO;
using System.Linq;
using RootAccess.Playground;
using RootAccess.Policy;
using Xunit;

namespace RootAccess.Tests;

/// <summary>Each example of the hardening guide, and its variations, gives the findings the guide implies.</summary>
public sealed class AssumeRootRuleTests
{
    private static readonly string Folder = Path.Combine(ModuleLocator.RepositoryRoot(), "tests", "RootAccess.Tests", "Policies");

    private static PolicyDocument Load(string file) => PolicyParser.Parse(File.ReadAllText(Path.Combine(Folder, file)), file);

    [Theory]
    [InlineData("guide-audit-only.json", PolicyType.Identity, null, "RA004,RA006")]
    [InlineData("guide-deny-create-password.json", PolicyType.Identity, null, "")]
    [InlineData("guide-hardened.json", PolicyType.Identity, null, "")]
    [InlineData("break-glass.json", PolicyType.Identity, null, "")]
    [InlineData("broad-assume-root.json", PolicyType.Identity, null, "RA001,RA002,RA003,RA004,RA006")]
    [InlineData("sts-wildcard.json", PolicyType.Identity, null, "RA001,RA002,RA003,RA004,RA006,RA007")]
    [InlineData("mfa-if-exists.json", PolicyType.Identity, null, "RA004,RA012")]
    [InlineData("task-any-value.json", PolicyType.Identity, null, "RA002,RA012")]
    [InlineData("task-wildcard-careful.json", PolicyType.Identity, null, "RA013")]
    [InlineData("task-set-careful.json", PolicyType.Identity, null, "RA013")]
    [InlineData("guide-deny-beside-wildcard.json", PolicyType.Identity, null, "")] // issue 27: the Deny in the same document blocks the password task
    [InlineData("management-iam-admin.json", PolicyType.Identity, "111122223333", "RA008")]
    [InlineData("scp-full-access.json", PolicyType.ServiceControl, null, "RA009")]
    [InlineData("scp-root-deny-no-exemption.json", PolicyType.ServiceControl, null, "RA010")]
    [InlineData("scp-root-deny-exempt.json", PolicyType.ServiceControl, null, "")]
    [InlineData("trust-member-account.json", PolicyType.Trust, "111122223333", "RA011")]
    [InlineData("trust-same-account.json", PolicyType.Trust, "111122223333", "")]
    public void Guide_examples_give_the_findings_the_guide_implies(string file, PolicyType type, string? managementAccount, string expected)
    {
        var documents = type == PolicyType.ServiceControl && file != "scp-full-access.json"
            ? new[] { Load("scp-full-access.json"), Load("scp-deny-assume-root.json"), Load(file) }
            : new[] { Load(file) };

        var findings = AssumeRootRules.Analyze(documents, type, managementAccount);

        Assert.Equal(expected.Split(',', System.StringSplitOptions.RemoveEmptyEntries), findings.Select(f => f.RuleId).Distinct().OrderBy(r => r));
        Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Remediation)));
    }

    // Each JSON block of the hardening guide, linted as the policy it is (identity policies of the management account, the
    // SCPs the guide says to attach) and as the default identity policy: nothing at Medium or above (issue 27).
    [Theory]
    [InlineData("guide-audit-only.json", PolicyType.Identity)]
    [InlineData("guide-deny-create-password.json", PolicyType.Identity)]
    [InlineData("guide-deny-except-approved-admin.json", PolicyType.Identity)]
    [InlineData("guide-deny-except-approved-admin.json", PolicyType.ServiceControl)]
    [InlineData("scp-deny-assume-root.json", PolicyType.Identity)]
    [InlineData("scp-deny-assume-root.json", PolicyType.ServiceControl)]
    [InlineData("guide-deny-without-mfa.json", PolicyType.Identity)]
    [InlineData("guide-deny-beside-wildcard.json", PolicyType.Identity)]
    public void The_guides_recommended_policies_lint_with_nothing_at_Medium_or_above(string file, PolicyType type)
    {
        var findings = AssumeRootRules.Analyze(new[] { Load(file) }, type, "111122223333");

        Assert.DoesNotContain(findings, f => f.Severity >= FindingSeverity.Medium);
    }

    [Fact]
    public void The_audit_only_grant_keeps_its_MFA_and_network_findings_at_Low_and_the_same_grant_with_more_tasks_does_not()
    {
        var audit = AssumeRootRules.Analyze(new[] { Load("guide-audit-only.json") }, PolicyType.Identity);
        var wider = PolicyParser.Parse(File.ReadAllText(Path.Combine(Folder, "guide-audit-only.json")).Replace("IAMAuditRootUserCredentials", "IAMDeleteRootUserCredentials"), "delete-only");

        Assert.Equal(new[] { "RA004", "RA006" }, audit.Select(f => f.RuleId).OrderBy(r => r));
        Assert.All(audit, f => Assert.Equal(FindingSeverity.Low, f.Severity));
        Assert.Contains(AssumeRootRules.Analyze(new[] { wider }, PolicyType.Identity), f => f.RuleId == "RA004" && f.Severity == FindingSeverity.High);
    }

    [Fact]
    public void NotPrincipal_in_an_SCP_is_named_Low_and_the_deny_still_reaches_everyone_else()
    {
        var findings = AssumeRootRules.Analyze(new[] { Load("scp-full-access.json"), Load("guide-deny-except-approved-admin.json") }, PolicyType.ServiceControl);

        var finding = Assert.Single(findings);
        Assert.Equal("RA015", finding.RuleId);
        Assert.Equal(FindingSeverity.Low, finding.Severity);
        Assert.Contains("NotPrincipal arn:aws:iam::222233334444:role/RootAccessAdmin", finding.Detail);
    }

    [Fact]
    public void Findings_name_the_statement_and_rank_the_kill_chain()
    {
        var findings = AssumeRootRules.Analyze(new[] { Load("broad-assume-root.json") }, PolicyType.Identity);
        var iam = AssumeRootRules.Analyze(new[] { Load("management-iam-admin.json") }, PolicyType.Identity, "111122223333").Single();

        var password = findings.Single(f => f.RuleId == "RA003");
        Assert.Equal(FindingSeverity.Critical, password.Severity);
        Assert.Equal("RootEverywhere", password.StatementSid);
        Assert.Equal("broad-assume-root.json", password.Source);
        Assert.Equal(FindingSeverity.Critical, iam.Severity);
        Assert.Contains("iam:PutUserPolicy", iam.Detail);
        Assert.DoesNotContain("iam:CreateAccessKey", iam.Detail);
    }

    [Fact]
    public void An_SCP_set_that_denies_AssumeRoot_has_no_RA009()
    {
        var findings = AssumeRootRules.Analyze(new[] { Load("scp-full-access.json"), Load("scp-deny-assume-root.json") }, PolicyType.ServiceControl);

        Assert.Empty(findings);
    }
}
