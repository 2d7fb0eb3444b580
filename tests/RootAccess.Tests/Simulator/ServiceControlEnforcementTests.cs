using System.Collections.Generic;
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
}
