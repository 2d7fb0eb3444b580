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

    internal static Dictionary<string, HardeningCheck> Checks(Playground.ScriptResult result)
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
        Assert.Equal(false, Assert.Single(quiet.Output).BaseObject); // no alerting rule and no trail: P0 fails
        Assert.Equal(CheckStatus.Fail, checks["RA-H05"].Status);
        Assert.Contains("No organization trail", checks["RA-H06"].Evidence);
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
    public async Task A_root_user_deny_without_the_root_session_exemption_fails_RA_H16_naming_the_SCP_the_accounts_the_tasks_and_the_exempted_document()
    {
        var state = Imperfect();
        state.Policies!.Add(new SimPolicy { Id = "p-test0root01", Name = "DenyRootUser", Targets = { "ou-test-security1" },
            Content = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyRootUser\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"}}}]}" });
        await using var org = await SimulatedOrganization.StartAsync(state);

        var result = org.Run("Test-RootAccessHardening");
        var sessions = Checks(result)["RA-H16"];

        Assert.Equal(CheckStatus.Fail, sessions.Status);
        Assert.Contains("SCP DenyRootUser (p-test0root01) statement DenyRootUser denies the task sessions of IAMAuditRootUserCredentials, IAMCreateRootUserPassword, IAMDeleteRootUserCredentials, S3UnlockBucketPolicy, SQSUnlockQueuePolicy", sessions.Evidence);
        Assert.Contains($"in 2 member account(s): {OrgBuilder.MemberId(3)}, {OrgBuilder.MemberId(4)}.", sessions.Evidence);
        Assert.Contains("\"Null\":{\"aws:AssumedRoot\":\"true\"}", sessions.Evidence);
        // The exempted document it offers passes: no SCP left blocks a session.
        var exempted = sessions.Evidence.Substring(sessions.Evidence.IndexOf("Exempted document: ", System.StringComparison.Ordinal) + "Exempted document: ".Length);
        Assert.Empty(RootAccess.Policy.RootSessionCompatibility.Blocks(new[] { RootAccess.Policy.PolicyParser.Parse(exempted, "offered") }));
        Assert.Equal(CheckStatus.Pass, Checks(result)["RA-H01"].Status);
    }

    // The fixtures, signed in as the tests' admin (a caller of the management account).
    internal static SimulatorState Fixture(SimulatorState state)
    {
        state.Callers.Insert(0, new SimCaller { AccessKeyId = OrgBuilder.AdminKey, SecretAccessKey = OrgBuilder.AdminSecret, AccountId = state.ManagementAccountId, Arn = $"arn:aws:iam::{state.ManagementAccountId}:role/RootAccessAdmin" });
        return state;
    }

    internal const string LogArchive = "-LogArchiveCredential ([Amazon.Runtime.BasicAWSCredentials]::new('AKIASIMULATORLOGARC1', 'simulator/log-archive/audit/secret/key000'))";

    [Fact]
    public async Task The_sample_organization_fails_each_control_it_was_built_to_fail_with_evidence_naming_principal_policy_trail_or_account()
    {
        await using var org = await SimulatedOrganization.StartAsync(Fixture(SimulatorState.Sample()));
        var before = org.State.ToJson();

        var result = org.Run($"Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin {LogArchive}");

        Assert.Empty(result.Errors);
        var checks = Checks(result);
        Assert.Equal(16, checks.Count);
        void Fails(string id, params string[] named)
        {
            Assert.True(checks[id].Status == CheckStatus.Fail, $"{id}: {checks[id].Status}: {checks[id].Evidence}");
            foreach (var name in named)
            {
                Assert.Contains(name, checks[id].Evidence);
            }
        }

        Fails("RA-H02", "ci-deploy", "AKIA1111EXAMPLE00001");
        Fails("RA-H03", "role/RootAccessAdmin", "user/ci-deploy", "break-glass arn:aws:iam::111111111111:role/BreakGlassAdmin without both conditions");
        Fails("RA-H04", "role/RootAccessAdmin (any target account and any task policy)");
        Fails("RA-H05", "assume-root-alerts", "StopLogging", "UpdateAssumeRolePolicy");
        Fails("RA-H06", "org-trail", "org-cloudtrail-logs-333333333333", "GOVERNANCE");
        Fails("RA-H07", "222222222222 (security-tooling, r-sim0/ou-sim0-security1)", "888888888888");
        Fails("RA-H08", "role/BreakGlassAdmin", "user/ci-deploy");
        Fails("RA-H09", "444444444444 (prod-payments)");
        Fails("RA-H10", "user/ci-deploy");
        Fails("RA-H11", "user/ci-deploy");
        Fails("RA-H12");
        Fails("RA-H13", "role/BreakGlassAdmin");
        Fails("RA-H14", "role/SecurityToolingAudit trusts arn:aws:iam::222222222222:role/SecurityAudit");
        Assert.Equal(CheckStatus.Pass, checks["RA-H01"].Status);
        Assert.Equal(CheckStatus.Pass, checks["RA-H15"].Status);
        Assert.DoesNotContain("role/RootAccessAdmin", checks["RA-H08"].Evidence); // its grant needs MFA
        Assert.DoesNotContain("RootAccessAdmin", checks["RA-H10"].Evidence); // ReadOnlyAccess writes nothing
        Assert.Equal(before, org.State.ToJson()); // read-only
        Assert.Contains(result.Progress, p => p.Contains("Auditing the root credentials of 7 member accounts"));
        Assert.Contains(result.Progress, p => p.Contains("Reading the organization trail"));
        Assert.EndsWith("(100)", result.Progress[^1]); // completed
        Assert.DoesNotContain(org.Simulator.IssuedSessions, s => s.TaskPolicy != "IAMAuditRootUserCredentials");
    }

    [Fact]
    public async Task The_hardened_organization_passes_every_control_and_only_the_named_break_glass_role_makes_it_so()
    {
        await using var org = await SimulatedOrganization.StartAsync(Fixture(SimulatorState.Hardened()));

        var result = org.Run($"Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin {LogArchive}");
        var quiet = org.Run($"Test-RootAccessHardening -Quiet -BreakGlassPrincipal 'arn:aws:iam::111111111111:role/Break*' {LogArchive}");
        var unnamed = Checks(org.Run($"Test-RootAccessHardening {LogArchive}"));
        var noArchive = Checks(org.Run("Test-RootAccessHardening -BreakGlassPrincipal BreakGlassAdmin"));

        Assert.Empty(result.Errors);
        Assert.Equal(16, Checks(result).Count);
        Assert.All(Checks(result).Values, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.ControlId}: {c.Status}: {c.Evidence}"));
        Assert.Equal(true, Assert.Single(quiet.Output).BaseObject);
        // Without the exemption the break-glass role is just another principal that can create root passwords and write IAM.
        Assert.Equal(CheckStatus.Fail, unnamed["RA-H03"].Status);
        Assert.Contains("no -BreakGlassPrincipal named", unnamed["RA-H03"].Evidence);
        Assert.Equal(CheckStatus.Fail, unnamed["RA-H10"].Status);
        Assert.Contains("role/BreakGlassAdmin", unnamed["RA-H11"].Evidence);
        // Without the log archive's credentials Object Lock cannot be read: Unknown, saying what to pass.
        Assert.Equal(CheckStatus.Unknown, noArchive["RA-H06"].Status);
        Assert.Contains("-LogArchiveCredential", noArchive["RA-H06"].Evidence);
        Assert.Equal(CheckStatus.Pass, noArchive["RA-H03"].Status);
    }

    [Fact]
    public async Task A_recovery_password_left_behind_fails_until_the_module_removes_it()
    {
        await using var org = await SimulatedOrganization.StartAsync(Fixture(SimulatorState.Hardened()));
        const string Assess = "Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin";

        var recovery = org.Run("Enable-RootPasswordRecovery 444444444444 -Force");
        var left = Checks(org.Run(Assess));
        var removal = org.Run("Remove-RootCredential 444444444444 -Force");
        var after = Checks(org.Run(Assess));

        Assert.Empty(recovery.Errors);
        Assert.Equal(CheckStatus.Fail, left["RA-H15"].Status);
        Assert.Contains("444444444444 (prod-payments; IAMCreateRootUserPassword session", left["RA-H15"].Evidence);
        Assert.Equal(CheckStatus.Fail, left["RA-H09"].Status);
        Assert.Empty(removal.Errors);
        Assert.Equal(CheckStatus.Pass, after["RA-H15"].Status);
        Assert.Equal(CheckStatus.Pass, after["RA-H09"].Status);
        Assert.Contains("1 member accounts had an IAMCreateRootUserPassword session", after["RA-H15"].Evidence);
    }

    [Theory]
    [InlineData("GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails", new[] { "RA-H03", "RA-H04", "RA-H08", "RA-H10", "RA-H11", "RA-H13", "RA-H14" })]
    [InlineData("ListUsers", "iam:ListUsers", new[] { "RA-H02" })]
    [InlineData("ListRules", "events:ListRules", new[] { "RA-H05" })]
    [InlineData("DescribeTrails", "cloudtrail:DescribeTrails", new[] { "RA-H06" })]
    [InlineData("GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration", new[] { "RA-H06" })]
    [InlineData("LookupEvents", "cloudtrail:LookupEvents", new[] { "RA-H15" })]
    public async Task Each_refused_read_makes_only_its_controls_unknown_naming_the_permission(string operation, string permission, string[] unknown)
    {
        await using var org = await SimulatedOrganization.StartAsync(Fixture(SimulatorState.Hardened()));
        org.Simulator.CloudTrailRequestsPerSecond = 0;
        org.Simulator.Faults.Add(new FaultRule { Operation = operation, Kind = FaultKind.AccessDenied });

        var checks = Checks(org.Run($"Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin {LogArchive}"));

        Assert.Equal(16, checks.Count);
        foreach (var check in checks.Values)
        {
            if (unknown.Contains(check.ControlId))
            {
                Assert.True(check.Status == CheckStatus.Unknown, $"{check.ControlId}: {check.Status}: {check.Evidence}");
                Assert.Contains(permission, check.Evidence);
            }
            else
            {
                Assert.True(check.Status == CheckStatus.Pass, $"{check.ControlId}: {check.Status}: {check.Evidence}");
            }
        }
    }

    [Theory]
    [InlineData(FaultKind.Throttle)]
    [InlineData(FaultKind.ServerError)]
    public async Task The_callers_account_is_read_through_the_retry_policy_so_one_transient_failure_leaves_every_control_evaluated(FaultKind kind)
    {
        await using var org = await SimulatedOrganization.StartAsync(Fixture(SimulatorState.Hardened()));
        org.Simulator.CloudTrailRequestsPerSecond = 0;
        org.Simulator.Faults.Add(new FaultRule { Operation = "GetCallerIdentity", Kind = kind, Count = 2 });

        var checks = Checks(org.Run($"Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin {LogArchive}"));

        Assert.Equal(16, checks.Count);
        Assert.All(checks.Values, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.ControlId}: {c.Status}: {c.Evidence}"));
        Assert.True(org.Simulator.CallCount("GetCallerIdentity") >= 4, "both the caller's and the log archive's identity are read, each after its failures");
    }

    [Fact]
    public async Task From_the_delegated_administrator_the_management_accounts_iam_is_unknown_and_says_where_to_run()
    {
        var state = Fixture(SimulatorState.Hardened());
        state.Callers[0].AccountId = "222222222222";
        state.Callers[0].Arn = "arn:aws:iam::222222222222:role/RootAccessAdmin";
        await using var org = await SimulatedOrganization.StartAsync(state);

        var checks = Checks(org.Run("Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin"));

        foreach (var id in new[] { "RA-H02", "RA-H03", "RA-H04", "RA-H08", "RA-H10", "RA-H11", "RA-H13", "RA-H14" })
        {
            Assert.Equal(CheckStatus.Unknown, checks[id].Status);
            Assert.Contains("from account 222222222222, not the management account 111111111111", checks[id].Evidence);
        }

        Assert.Equal(CheckStatus.Pass, checks["RA-H07"].Status);
        Assert.Equal(CheckStatus.Pass, checks["RA-H09"].Status);
    }

    [Fact]
    public async Task Authorization_details_read_page_by_page_give_the_same_verdicts_as_one_page()
    {
        await using var whole = await SimulatedOrganization.StartAsync(Fixture(SimulatorState.Sample()));
        await using var paged = await SimulatedOrganization.StartAsync(Fixture(SimulatorState.Sample()));
        paged.Simulator.IamPageSize = 1;

        var one = Checks(whole.Run("Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin"));
        var many = Checks(paged.Run("Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin"));

        Assert.True(paged.Simulator.CallCount("GetAccountAuthorizationDetails") >= 5);
        foreach (var id in new[] { "RA-H02", "RA-H03", "RA-H04", "RA-H08", "RA-H10", "RA-H11", "RA-H13", "RA-H14" })
        {
            Assert.Equal(one[id].Status + one[id].Evidence, many[id].Status + many[id].Evidence);
        }
    }

    [Fact]
    public async Task Both_log_archive_parameters_together_or_an_unknown_profile_are_refused_naming_the_parameter()
    {
        await using var org = await SimulatedOrganization.StartAsync(Fixture(SimulatorState.Hardened()));

        var both = org.Run($"Test-RootAccessHardening {LogArchive} -LogArchiveProfileName log-archive");
        var missing = org.Run("Test-RootAccessHardening -LogArchiveProfileName no-such-profile-here");

        Assert.Contains("-LogArchiveCredential and -LogArchiveProfileName", Assert.Single(both.Errors).ToString());
        Assert.Empty(both.Output);
        var error = Assert.Single(missing.Errors);
        Assert.Contains("-LogArchiveProfileName", error.ToString());
        Assert.Contains("no-such-profile-here", error.ToString());
        Assert.Empty(org.Simulator.IssuedSessions);
    }

    [Fact]
    public async Task Stopping_the_assessment_mid_audit_ends_it_with_no_calls_after_and_no_session_but_audit_ones()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(120));
        org.Simulator.Faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.Latency, LatencyMs = 150 });
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = org.PowerShell.Runspace;
        ps.AddScript("Test-RootAccessHardening");

        var running = ps.BeginInvoke();
        var deadline = System.DateTime.UtcNow.AddSeconds(60);
        while (org.Simulator.CallCount("AssumeRoot") < 10 && System.DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Factory.FromAsync(ps.BeginStop(null, null), ps.EndStop);
        var callsAtStop = org.Simulator.CallLog.Count;
        await Task.Delay(700);

        Assert.Equal(System.Management.Automation.PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Equal(callsAtStop, org.Simulator.CallLog.Count);
        Assert.True(org.Simulator.CallCount("AssumeRoot") < 120, "the audit should have been cut short");
        Assert.All(org.Simulator.IssuedSessions, s => Assert.Equal("IAMAuditRootUserCredentials", s.TaskPolicy));
        // The audit runs through the fan-out engine: it starts at the adaptive limit, never one session per account at once.
        Assert.InRange(org.Simulator.CallCount("AssumeRoot"), 10, 64);
    }
}
