using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests.Services;

/// <summary>The auditor, the preflight and password recovery as plain services against the simulator: no runspace.</summary>
public sealed class AuditAndRecoveryServiceTests
{
    private static AwsContext Admin(AwsSimulator simulator) => new(new BasicAWSCredentials(OrgBuilder.AdminKey, OrgBuilder.AdminSecret), RegionEndpoint.USEast1, simulator.Endpoint);

    [Fact]
    public async Task The_auditor_reads_one_account_through_one_audit_session_and_its_clock_stamps_the_row()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(6));
        using var broker = new RootSessionBroker(Admin(simulator));
        var auditor = new RootCredentialAuditor(broker, () => new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc));

        var row = await auditor.AuditAccountAsync(new AuditSubject(AccountId.Parse(OrgBuilder.MemberId(6)), "member-06", "m6@example.com", "r-test/ou-x"), null, CancellationToken.None);

        Assert.Equal(AuditStatus.Audited, row.Status);
        Assert.Equal(("member-06", "m6@example.com", "r-test/ou-x"), (row.AccountName, row.Email, row.OuPath));
        Assert.Equal(OrgBuilder.ExpectPassword(6), row.PasswordPresent);
        Assert.Equal(OrgBuilder.ExpectMfa(6), row.MfaDeviceCount);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero), row.CheckedAt);
        var session = Assert.Single(simulator.IssuedSessions);
        Assert.Equal(TaskPolicies.AuditRootUserCredentials, session.TaskPolicy);
    }

    [Theory]
    [InlineData("ACTIVE", false, null)]
    [InlineData("SUSPENDED", false, "SUSPENDED")]
    [InlineData("pending_closure", false, "PENDING_CLOSURE")]
    [InlineData(null, true, "management account")]
    public void Skip_reasons_need_no_call(string? state, bool management, string? expected)
    {
        var id = management ? OrgBuilder.ManagementAccountId : OrgBuilder.MemberId(1);

        var reason = RootCredentialAuditor.SkipReason(new AuditSubject(AccountId.Parse(id), state: state), OrgBuilder.ManagementAccountId);

        if (expected is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Contains(expected, reason);
        }
    }

    [Fact]
    public async Task A_failed_read_is_one_step_error_naming_the_account_and_no_second_session_is_opened()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(2));
        simulator.Faults.Add(new FaultRule { Operation = "ListAccessKeys", AccountId = OrgBuilder.MemberId(2), Kind = FaultKind.Throttle, Count = 1 });
        simulator.Faults.Add(new FaultRule { Operation = "GetLoginProfile", AccountId = OrgBuilder.MemberId(2), Kind = FaultKind.AccessDenied });
        using var broker = new RootSessionBroker(Admin(simulator));
        var auditor = new RootCredentialAuditor(broker);

        var error = await Assert.ThrowsAsync<AccountStepException>(() => auditor.AuditAccountAsync(new AuditSubject(AccountId.Parse(OrgBuilder.MemberId(2))), null, CancellationToken.None));

        Assert.Equal(OrgBuilder.MemberId(2), error.AccountId);
        Assert.Equal(ErrorIds.RootCredentialAuditFailed, error.Step);
        Assert.Single(simulator.IssuedSessions); // the throttled read was retried as a read, not by a new root session
    }

    [Theory]
    [InlineData(true, false, null)]
    [InlineData(false, true, "RootCredentialsManagement")]
    public async Task The_preflight_finds_the_management_account_and_a_feature_that_is_off(bool featureOn, bool expectNotEnabled, string? named)
    {
        var state = OrgBuilder.Organization(1);
        state.Features.RootCredentialsManagement = featureOn;
        await using var simulator = await AwsSimulator.StartAsync(state);

        var result = await RootAccessPreflight.RunAsync(Admin(simulator), TaskPolicies.AuditRootUserCredentials, CancellationToken.None);

        Assert.Equal(OrgBuilder.ManagementAccountId, result.ManagementAccountId);
        Assert.Equal(expectNotEnabled, result.NotEnabled is not null);
        if (named is not null)
        {
            Assert.Contains(named, result.NotEnabled);
        }

        Assert.Empty(result.Unchecked);
        Assert.Equal(0, simulator.CallCount("AssumeRoot"));
    }

    [Fact]
    public async Task Password_recovery_inspects_through_an_audit_session_and_never_overwrites_a_password()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(2));
        using var broker = new RootSessionBroker(Admin(simulator));
        var enabler = new PasswordRecoveryEnabler(broker);
        var without = AccountId.Parse(OrgBuilder.MemberId(1)); // odd members have no password
        var with = AccountId.Parse(OrgBuilder.MemberId(2));

        var before = await enabler.InspectAsync(without, CancellationToken.None);
        var created = await enabler.EnableAsync(without, CancellationToken.None);
        var existing = await enabler.EnableAsync(with, CancellationToken.None);

        Assert.Null(before);
        Assert.True(created.Created);
        Assert.False(existing.Created);
        Assert.NotNull(simulator.State.FindAccount(with.Value)!.RootUser.Password);
        Assert.Equal(2, simulator.IssuedSessions.Count(s => s.TaskPolicy == TaskPolicies.CreateRootUserPassword));
        Assert.Equal(1, simulator.IssuedSessions.Count(s => s.TaskPolicy == TaskPolicies.AuditRootUserCredentials));
    }
}
