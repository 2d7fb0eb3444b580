using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using RootAccess.Hardening;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

/// <summary>Test-RootAccessHardening against organizations built to fail and to pass each control.</summary>
public sealed class HardeningTests
{
    private const string DenyAssumeRoot = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\"}]}";
    private const string AllowAll = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    // Members 1-2 in a Workloads OU, 3-4 in a Security OU; the deny of sts:AssumeRoot reaches only Workloads.
    private static SimulatorState Imperfect()
    {
        var state = OrgBuilder.Organization(4);
        state.OrganizationalUnits.Add(new SimOrganizationalUnit { Id = "ou-test-workload1", Name = "Workloads", ParentId = "r-test" });
        state.OrganizationalUnits.Add(new SimOrganizationalUnit { Id = "ou-test-security1", Name = "Security", ParentId = "r-test" });
        for (var i = 1; i <= 4; i++)
        {
            state.FindAccount(OrgBuilder.MemberId(i))!.ParentId = i <= 2 ? "ou-test-workload1" : "ou-test-security1";
        }

        state.Policies = new List<SimPolicy>
        {
            new() { Id = "p-FullAWSAccess", Name = "FullAWSAccess", AwsManaged = true, Content = AllowAll, Targets = { "r-test" } },
            new() { Id = "p-test0deny01", Name = "DenyAssumeRoot", Content = DenyAssumeRoot, Targets = { "ou-test-workload1" } },
        };
        return state;
    }

    private static Dictionary<string, HardeningCheck> Checks(Playground.ScriptResult result)
        => result.Output.Select(o => (HardeningCheck)o.BaseObject).ToDictionary(c => c.ControlId);

    [Fact]
    public async Task The_imperfect_organization_fails_the_controls_it_was_built_to_fail_naming_accounts_and_ous()
    {
        await using var org = await SimulatedOrganization.StartAsync(Imperfect());

        var result = org.Run("Test-RootAccessHardening");
        var quiet = org.Run("Test-RootAccessHardening -Quiet -MinimumPriority P0");

        Assert.Empty(result.Errors);
        var checks = Checks(result);
        Assert.Equal(CheckStatus.Pass, checks["RA-H01"].Status);
        Assert.Equal(CheckStatus.Fail, checks["RA-H07"].Status);
        Assert.Contains(OrgBuilder.MemberId(3), checks["RA-H07"].Evidence);
        Assert.Contains("ou-test-security1", checks["RA-H07"].Evidence);
        Assert.DoesNotContain(OrgBuilder.MemberId(1), checks["RA-H07"].Evidence);
        Assert.Equal(CheckStatus.Fail, checks["RA-H09"].Status);
        Assert.Equal(CheckStatus.Fail, checks["RA-H12"].Status);
        Assert.All(checks.Values, c => Assert.False(string.IsNullOrWhiteSpace(c.Remediation + c.KillChainLink + c.Priority)));
        Assert.Equal(true, Assert.Single(quiet.Output).BaseObject); // P0 alone passes
        Assert.DoesNotContain(org.Simulator.IssuedSessions, s => s.TaskPolicy != "IAMAuditRootUserCredentials"); // read-only
    }

    [Fact]
    public async Task Removing_the_root_credentials_through_the_module_turns_that_control_from_fail_to_pass()
    {
        await using var org = await SimulatedOrganization.StartAsync(Imperfect());

        var before = Checks(org.Run("Test-RootAccessHardening"))["RA-H09"];
        var removal = org.Run("Get-OrgAccounts | Get-RootCredentialStatus | Where-Object HasRootCredentials | Remove-RootCredential -Force");
        var after = Checks(org.Run("Test-RootAccessHardening"))["RA-H09"];

        Assert.Equal(CheckStatus.Fail, before.Status);
        Assert.Empty(removal.Errors);
        Assert.Equal(CheckStatus.Pass, after.Status);
        Assert.Contains("0 with root credentials", after.Evidence);
    }

    [Fact]
    public async Task A_refused_read_makes_its_control_unknown_naming_the_permission_and_the_rest_is_still_evaluated()
    {
        await using var org = await SimulatedOrganization.StartAsync(Imperfect());
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListPoliciesForTarget", Kind = FaultKind.AccessDenied });

        var checks = Checks(org.Run("Test-RootAccessHardening"));

        Assert.Equal(CheckStatus.Unknown, checks["RA-H07"].Status);
        Assert.Contains("ListPoliciesForTarget", checks["RA-H07"].Evidence);
        Assert.Equal(CheckStatus.Pass, checks["RA-H01"].Status);
        Assert.Equal(CheckStatus.Fail, checks["RA-H09"].Status);
    }

    [Fact]
    public async Task A_hardened_organization_passes_every_control()
    {
        var state = Imperfect();
        state.Policies![1].Targets = new List<string> { "r-test" };
        state.DelegatedAdministrators.Add(OrgBuilder.MemberId(3));
        foreach (var account in state.Accounts.Where(a => a.Id != OrgBuilder.ManagementAccountId))
        {
            account.RootUser = new SimRootUser();
        }

        await using var org = await SimulatedOrganization.StartAsync(state);

        var result = org.Run("Test-RootAccessHardening");
        var quiet = org.Run("Test-RootAccessHardening -Quiet");

        Assert.All(Checks(result).Values, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.ControlId}: {c.Status}: {c.Evidence}"));
        Assert.Equal(true, Assert.Single(quiet.Output).BaseObject);
    }
}
