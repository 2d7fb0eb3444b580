using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

/// <summary>SCPs as the simulator applies them: inside root sessions (with aws:AssumedRoot) and on a delegated administrator's AssumeRoot.</summary>
public sealed class ServiceControlEnforcementTests
{
    private const string RootDeny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyRootUser\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"}}}]}";
    private const string RootDenyExempt = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyRootUser\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"},\"Null\":{\"aws:AssumedRoot\":\"true\"}}}]}";

    private static SimulatorState With(string content, string target)
    {
        var state = OrgBuilder.Organization(3);
        state.Policies = new List<SimPolicy> { new() { Id = "p-test0scp001", Name = "RootGuard", Content = content, Targets = { target } } };
        return state;
    }

    [Fact]
    public async Task A_root_deny_SCP_without_the_exemption_fails_the_audit_of_the_accounts_under_it_and_names_the_SCP()
    {
        await using var org = await SimulatedOrganization.StartAsync(With(RootDeny, OrgBuilder.MemberId(2)));

        var result = org.Run("Get-RootCredentialStatus -AccountId $args[0], $args[1]", OrgBuilder.MemberId(1), OrgBuilder.MemberId(2));

        var error = Assert.Single(result.Errors);
        Assert.Contains(OrgBuilder.MemberId(2), error.ToString());
        Assert.Contains("explicit deny in a service control policy: RootGuard (p-test0scp001)", error.ToString());
        Assert.Contains(result.Output, o => (string)o.Properties["AccountId"].Value == OrgBuilder.MemberId(1) && (string)o.Properties["Status"].Value == "Audited");
    }

    [Fact]
    public async Task The_exempted_root_deny_leaves_the_task_sessions_alone()
    {
        await using var org = await SimulatedOrganization.StartAsync(With(RootDenyExempt, "r-test"));

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task A_delegated_administrators_AssumeRoot_is_decided_by_the_SCPs_on_its_path_and_the_management_account_never()
    {
        const string DenyExceptApproved = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\",\"Condition\":{\"ArnNotEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::999999999999:role/Approved\"}}}]}";
        var state = With(DenyExceptApproved, "r-test");
        state.DelegatedAdministrators.Add(OrgBuilder.MemberId(1));
        await using var simulator = await AwsSimulator.StartAsync(state);

        Task<AssumeRootResponse> AssumeRoot(string key, string secret)
        {
            using var sts = AwsClientFactory.CreateSts(new AwsContext(new BasicAWSCredentials(key, secret), RegionEndpoint.USEast1, simulator.Endpoint));
            return sts.AssumeRootAsync(new AssumeRootRequest { TargetPrincipal = OrgBuilder.MemberId(2), TaskPolicyArn = new PolicyDescriptorType { Arn = TaskPolicies.ArnPrefix + "IAMAuditRootUserCredentials" } });
        }

        var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => AssumeRoot(OrgBuilder.MemberCallerKey, OrgBuilder.MemberCallerSecret));
        var management = await AssumeRoot(OrgBuilder.AdminKey, OrgBuilder.AdminSecret);

        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Contains("sts:AssumeRoot with an explicit deny in a service control policy", denied.Message);
        Assert.StartsWith("ASIA", management.Credentials.AccessKeyId);
    }

    // A "protect root credentials" SCP: the audit can read them, nobody (no root session either) can delete them.
    private const string KeepRootCredentials = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"KeepRootCredentials\",\"Effect\":\"Deny\",\"Action\":[\"iam:DeleteLoginProfile\",\"iam:DeleteAccessKey\",\"iam:DeactivateMFADevice\"],\"Resource\":\"*\",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"}}}]}";

    [Fact]
    public async Task A_removal_an_SCP_will_deny_says_so_before_any_removal_session_opens_and_the_other_accounts_are_removed()
    {
        var state = OrgBuilder.Organization(6);
        state.OrganizationalUnits.Add(new SimOrganizationalUnit { Id = "ou-test-locked01", Name = "Locked", ParentId = "r-test" });
        state.FindAccount(OrgBuilder.MemberId(6))!.ParentId = "ou-test-locked01";
        state.Policies = new List<SimPolicy> { new() { Id = "p-test0keep001", Name = "KeepRootCredentials", Content = KeepRootCredentials, Targets = { "ou-test-locked01" } } };
        await using var org = await SimulatedOrganization.StartAsync(state);
        var before = org.State.FindAccount(OrgBuilder.MemberId(6))!.RootUser.AccessKeys.Count;

        var result = org.Run("Remove-RootCredential $args[0], $args[1] -Force", OrgBuilder.MemberId(5), OrgBuilder.MemberId(6));

        var rows = result.Output.Select(o => (RootAccess.Root.RootCredentialRemoval)o.BaseObject).ToList();
        var blocked = rows.Where(r => r.AccountId == OrgBuilder.MemberId(6)).ToList();
        Assert.NotEmpty(blocked);
        Assert.All(blocked.Where(r => r.Action != RootAccess.Root.RemovalAction.NotPresent), r =>
        {
            Assert.Equal(RootAccess.Root.RemovalAction.Failed, r.Action);
            Assert.Contains("SCP KeepRootCredentials (p-test0keep001) statement KeepRootCredentials", r.Message);
            Assert.Contains("no session was opened and nothing was removed", r.Message);
        });
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("RootCredentialRemovalFailed", System.StringComparison.Ordinal) && e.ToString().Contains("aws:AssumedRoot"));
        // No removal session was ever opened in the blocked account, and its credentials are all there.
        Assert.DoesNotContain(org.Simulator.IssuedSessions, s => s.AccountId == OrgBuilder.MemberId(6) && s.TaskPolicy == "IAMDeleteRootUserCredentials");
        Assert.Equal(before, org.State.FindAccount(OrgBuilder.MemberId(6))!.RootUser.AccessKeys.Count);
        Assert.Empty(org.State.FindAccount(OrgBuilder.MemberId(5))!.RootUser.AccessKeys);
    }

    [Fact]
    public async Task A_caller_that_may_not_read_the_SCPs_removes_without_the_check_and_is_told_so()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(6));
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListPoliciesForTarget", Kind = FaultKind.AccessDenied });

        var result = org.Run("Remove-RootCredential $args[0] -Force -Verbose", OrgBuilder.MemberId(5));

        Assert.Empty(result.Errors);
        Assert.Empty(org.State.FindAccount(OrgBuilder.MemberId(5))!.RootUser.AccessKeys);
        Assert.Contains(result.Verbose, v => v.Contains("Preflight: could not check the SCPs on the accounts' paths"));
    }
}
