using System;
using System.IO;
using System.Linq;
using RootAccess.Playground;
using RootAccess.Policy;
using Xunit;

namespace RootAccess.Tests;

public sealed class TestAssumeRootPolicyTests
{
    private static readonly string Folder = Path.Combine(ModuleLocator.RepositoryRoot(), "tests", "RootAccess.Tests", "Policies");

    [Fact]
    public void Files_by_wildcard_give_findings_most_severe_first()
    {
        using var ps = HostedPowerShell.Open();

        var result = ps.Run("Test-AssumeRootPolicy -Path $args[0]", arguments: new object[] { Path.Combine(Folder, "broad-*.json") });

        Assert.Empty(result.Errors);
        var findings = result.Output.Select(o => (PolicyFinding)o.BaseObject).ToList();
        Assert.Equal(FindingSeverity.Critical, findings[0].Severity);
        Assert.Equal(findings.OrderByDescending(f => f.Severity).Select(f => f.Severity), findings.Select(f => f.Severity));
        Assert.Contains(findings, f => f.RuleId == "RA001" && f.StatementSid == "RootEverywhere");
    }

    [Fact]
    public void A_second_Statement_key_cannot_slip_past_a_ci_gate()
    {
        using var ps = HostedPowerShell.Open();
        const string Smuggled = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}],\n \"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\"}]}";

        var gate = ps.Run("$args[0] | Test-AssumeRootPolicy -Quiet -MinimumSeverity Critical", arguments: new object[] { Smuggled });

        Assert.Equal(false, Assert.Single(gate.Output).BaseObject);
        var error = Assert.Single(gate.Errors);
        Assert.StartsWith("PolicyParseError", error.FullyQualifiedErrorId);
        Assert.Contains("\"Statement\" appears twice", error.ErrorDetails.Message);
        Assert.Contains("line 2", error.ErrorDetails.Message);
    }

    [Fact]
    public void A_folder_is_read_for_every_policy_file_in_it()
    {
        using var ps = HostedPowerShell.Open();

        var folder = ps.Run("Test-AssumeRootPolicy -Path $args[0]", arguments: new object[] { Folder });
        var files = ps.Run("Test-AssumeRootPolicy -Path $args[0]", arguments: new object[] { Path.Combine(Folder, "*.json") });

        Assert.Empty(folder.Errors);
        Assert.NotEmpty(folder.Output);
        Assert.Equal(files.Output.Select(o => o.ToString()).OrderBy(x => x), folder.Output.Select(o => o.ToString()).OrderBy(x => x));
    }

    [Fact]
    public void Quiet_gates_on_the_minimum_severity()
    {
        using var ps = HostedPowerShell.Open();
        var audit = File.ReadAllText(Path.Combine(Folder, "guide-audit-only.json"));

        var anything = ps.Run("$args[0] | Test-AssumeRootPolicy -Quiet", arguments: new object[] { audit });
        var highOrWorse = ps.Run("$args[0] | Test-AssumeRootPolicy -Quiet -MinimumSeverity Critical", arguments: new object[] { audit });
        var hardened = ps.Run("Test-AssumeRootPolicy -Path $args[0] -Quiet", arguments: new object[] { Path.Combine(Folder, "guide-hardened.json") });

        Assert.Equal(false, Assert.Single(anything.Output).BaseObject);
        Assert.Equal(true, Assert.Single(highOrWorse.Output).BaseObject);
        Assert.Equal(true, Assert.Single(hardened.Output).BaseObject);
    }

    [Fact]
    public void A_corpus_of_malformed_documents_gives_one_clear_error_each_and_no_crash()
    {
        using var ps = HostedPowerShell.Open();
        var corpus = new[]
        {
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\"",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRoot\",7]}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Condition\":{\"StringSortOf\":{\"a\":\"b\"}}}}",
            "{\"Statement\":[]}",
            "{\"Statement\":[{}]}",
            "not json at all",
        };

        var result = ps.Run("$args[0] | Test-AssumeRootPolicy", arguments: new object[] { corpus });
        var quiet = ps.Run("$args[0] | Test-AssumeRootPolicy -Quiet -ErrorAction SilentlyContinue", arguments: new object[] { corpus });

        Assert.Equal(corpus.Length, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("PolicyParseError,RootAccess.Cmdlets.TestAssumeRootPolicyCommand", e.FullyQualifiedErrorId));
        Assert.Contains(result.Errors, e => e.ErrorDetails.Message.Contains("line 1, column"));
        Assert.Contains(result.Errors, e => e.ErrorDetails.Message.Contains("unknown condition operator 'StringSortOf'"));
        Assert.Empty(result.Output);
        Assert.Equal(false, Assert.Single(quiet.Output).BaseObject);
    }

    [Fact]
    public void Authorization_details_report_reach_and_bad_exports_are_errors()
    {
        using var ps = HostedPowerShell.Open();
        var file = Path.Combine(Path.GetTempPath(), "rootaccess-details-" + Guid.NewGuid() + ".json");
        File.WriteAllText(file, "{\"UserDetailList\":[],\"GroupDetailList\":[],\"Policies\":[],\"RoleDetailList\":[{\"RoleName\":\"R\",\"Arn\":\"arn:aws:iam::111111111111:role/R\",\"AssumeRolePolicyDocument\":\"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A111111111111%3Aroot%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D\",\"RolePolicyList\":[{\"PolicyName\":\"p\",\"PolicyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\"}]}}],\"AttachedManagedPolicies\":[]}]}");
        try
        {
            var result = ps.Run("Test-AssumeRootPolicy -AuthorizationDetails $args[0]", arguments: new object[] { file });
            File.WriteAllText(file, "{\"Users\": []}");
            var bad = ps.Run("Test-AssumeRootPolicy -AuthorizationDetails $args[0]", arguments: new object[] { file });

            Assert.Empty(result.Errors);
            var reach = result.Output.Select(o => (AssumeRootReach)o.BaseObject).ToList();
            Assert.Equal(5, reach.Count(r => r.Principal == "arn:aws:iam::111111111111:role/R"));
            Assert.Contains(reach, r => r.TaskPolicy == "IAMCreateRootUserPassword" && r.Severity == FindingSeverity.Critical);
            Assert.Contains("get-account-authorization-details", Assert.Single(bad.Errors).ErrorDetails.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
