using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RootAccess.Hardening;
using RootAccess.Playground;
using RootAccess.Policy;
using Xunit;

namespace RootAccess.Tests;

/// <summary>The rule and control catalogues are data: complete, each entry used, and the checks take their text from there.</summary>
public sealed class CatalogueTests
{
    private static readonly string Source = Path.Combine(ModuleLocator.RepositoryRoot(), "src", "RootAccess");

    [Fact]
    public void The_16_controls_are_in_the_catalogue_once_each_with_every_field_and_a_kill_chain_link()
    {
        Assert.Equal(Enumerable.Range(1, 16).Select(i => $"RA-H{i:00}"), ControlCatalogue.Controls.Keys.Order());
        foreach (var control in ControlCatalogue.Controls.Values)
        {
            var check = ControlCatalogue.New(control.Id);
            Assert.Matches("^P[0-2]$", check.Priority);
            Assert.Contains(check.KillChainLink, HardeningReport.KillChain);
            Assert.False(string.IsNullOrWhiteSpace(check.Title) || string.IsNullOrWhiteSpace(check.Remediation), control.Id);
        }
    }

    [Fact]
    public void Every_rule_the_checks_raise_is_in_the_catalogue_and_every_catalogued_rule_is_raised_somewhere()
    {
        var raised = Regex.Matches(File.ReadAllText(Path.Combine(Source, "Policy", "AssumeRootRules.cs")), "Finding\\(\"(RA\\d{3})\"").Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(Enumerable.Range(1, 15).Select(i => $"RA{i:000}"), RuleCatalogue.Rules.Keys.Order());
        Assert.Equal(RuleCatalogue.Rules.Keys.Order(), raised.Order());
        Assert.All(RuleCatalogue.Rules.Values, r => Assert.False(string.IsNullOrWhiteSpace(r.Title) || string.IsNullOrWhiteSpace(r.Remediation), r.Id));
    }

    [Fact]
    public void Every_control_the_assessor_reads_is_catalogued_and_no_check_writes_a_title_or_remediation_of_its_own()
    {
        var reads = Directory.GetFiles(Path.Combine(Source, "Hardening"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        var named = reads.SelectMany(text => Regex.Matches(text, "\"(RA-H\\d{2})\"").Select(m => m.Groups[1].Value)).ToHashSet();

        Assert.Equal(ControlCatalogue.Controls.Keys.Order(), named.Order());
        Assert.DoesNotContain(reads, text => Regex.IsMatch(text, "(Remediation|Title) = \""));
    }

    [Theory]
    [InlineData("scp-full-access.json,scp-deny-assume-root.json", true)]
    [InlineData("scp-full-access.json", false)]
    [InlineData("scp-root-deny-exempt.json", true)] // SCPs allow nothing by themselves: without FullAWSAccess nothing is allowed
    public void RA009_and_RA_H07_ask_the_one_SCP_question(string files, bool denies)
    {
        var scps = files.Split(',').Select(f => PolicyParser.Parse(File.ReadAllText(Path.Combine(ModuleLocator.RepositoryRoot(), "tests", "RootAccess.Tests", "Policies", f)), f)).ToList();

        Assert.Equal(denies, AssumeRootRules.DenyMembersAssumeRoot(scps));
        Assert.Equal(!denies, AssumeRootRules.Analyze(scps, PolicyType.ServiceControl).Any(f => f.RuleId == "RA009"));
        Assert.False(AssumeRootRules.DenyMembersAssumeRoot([]));
    }
}
