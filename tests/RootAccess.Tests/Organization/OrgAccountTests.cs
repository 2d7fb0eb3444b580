using System;
using System.Linq;
using System.Threading.Tasks;
using RootAccess.Root;
using Xunit;

namespace RootAccess.Tests;

public sealed class OrgAccountTests
{
    [Fact]
    public async Task Every_page_is_read_and_each_account_is_described_from_State()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(25));
        org.Simulator.OrganizationsPageSize = 3;

        var result = org.Run("Get-OrgAccount");

        Assert.Empty(result.Errors);
        var accounts = result.Output.Select(o => (OrgAccount)o.BaseObject).ToList();
        Assert.Equal(26, accounts.Count);
        Assert.Equal(9, org.Simulator.CallCount("ListAccounts"));
        var management = Assert.Single(accounts, a => a.IsManagementAccount);
        Assert.Equal(OrgBuilder.ManagementAccountId, management.AccountId);
        var member = accounts.Single(a => a.AccountId == OrgBuilder.MemberId(5));
        Assert.Equal("member-05", member.Name);
        Assert.Equal("member5@example.com", member.Email);
        Assert.Equal("ACTIVE", member.State);
        Assert.Equal("CREATED", member.JoinedMethod);
        Assert.Equal(new DateTime(2024, 1, 15, 9, 30, 0, DateTimeKind.Utc), member.JoinedTimestamp);
        Assert.Equal($"arn:aws:organizations::{OrgBuilder.ManagementAccountId}:account/o-test000001/{OrgBuilder.MemberId(5)}", member.Arn);
        Assert.Null(member.ParentId);
    }

    [Fact]
    public async Task A_listing_survives_server_errors_beyond_the_sdk_retries()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(30));
        org.Simulator.OrganizationsPageSize = 10;
        org.Simulator.Faults.Add(new RootAccess.Simulator.FaultRule { Operation = "ListAccounts", Kind = RootAccess.Simulator.FaultKind.ServerError, Count = 4 });

        var result = org.Run("Get-OrgAccount");

        Assert.Empty(result.Errors);
        Assert.Equal(31, result.Output.Count);
        Assert.Equal(4 + 4, org.Simulator.CallCount("ListAccounts"));
    }

    [Fact]
    public async Task State_keeps_only_the_named_states()
    {
        var state = OrgBuilder.Organization(5);
        state.FindAccount(OrgBuilder.MemberId(1))!.State = "SUSPENDED";
        state.FindAccount(OrgBuilder.MemberId(2))!.State = "CLOSED";
        await using var org = await SimulatedOrganization.StartAsync(state);

        var suspended = org.Run("Get-OrgAccount -State suspended, CLOSED");
        var active = org.Run("Get-OrgAccount -State ACTIVE");
        var bad = org.Run("Get-OrgAccount -State RETIRED");

        Assert.Equal(new[] { OrgBuilder.MemberId(1), OrgBuilder.MemberId(2) }, suspended.Output.Select(o => ((OrgAccount)o.BaseObject).AccountId));
        Assert.Equal(4, active.Output.Count);
        var error = Assert.Single(bad.Errors);
        Assert.Contains("ACTIVE", error.Exception.Message);
    }

    [Fact]
    public async Task ParentId_lists_one_OU_and_Recurse_walks_its_children_with_ParentId_set()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(9));

        var direct = org.Run("Get-OrgAccount -ParentId ou-test-aaaaaaaa");
        var recursive = org.Run("Get-OrgAccount -ParentId ou-test-aaaaaaaa -Recurse");
        var everything = org.Run("Get-OrgAccount -Recurse");

        Assert.Equal(new[] { 1, 4, 7 }.Select(OrgBuilder.MemberId), direct.Output.Select(o => ((OrgAccount)o.BaseObject).AccountId));
        var walked = recursive.Output.Select(o => (OrgAccount)o.BaseObject).ToList();
        Assert.Equal(6, walked.Count);
        Assert.All(walked.Where(a => new[] { 3, 6, 9 }.Select(OrgBuilder.MemberId).Contains(a.AccountId)), a => Assert.Equal("ou-test-bbbbbbbb", a.ParentId));
        Assert.Equal(10, everything.Output.Count);
        Assert.All(everything.Output, o => Assert.NotNull(((OrgAccount)o.BaseObject).ParentId));
    }

    [Fact]
    public async Task A_malformed_or_unknown_ParentId_is_a_clear_error()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));

        var malformed = org.Run("Get-OrgAccount -ParentId Workloads");
        var unknown = org.Run("Get-OrgAccount -ParentId ou-test-cccccccc");

        var bad = Assert.Single(malformed.Errors);
        Assert.Contains("'ParentId'", bad.Exception.Message);
        Assert.Contains("ou-", bad.Exception.Message);
        var missing = Assert.Single(unknown.Errors);
        Assert.Equal("ListAccountsFailed,ParentNotFoundException,RootAccess.Cmdlets.GetOrgAccountCommand", missing.FullyQualifiedErrorId);
        Assert.Equal("ou-test-cccccccc", missing.TargetObject);
    }

    [Fact]
    public async Task A_caller_who_may_not_list_accounts_gets_one_terminating_error()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));

        var result = org.Run($"Get-OrgAccount -AccessKey {OrgBuilder.MemberCallerKey} -SecretKey {OrgBuilder.MemberCallerSecret}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ListAccountsFailed,AccessDeniedException,RootAccess.Cmdlets.GetOrgAccountCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
    }
}
