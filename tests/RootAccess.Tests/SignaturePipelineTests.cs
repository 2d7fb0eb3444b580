using System;
using System.Linq;
using System.Threading.Tasks;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

public sealed class SignaturePipelineTests
{
    [Fact]
    public async Task Signature_pipeline_returns_one_correct_row_per_active_member()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(25));

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

        Assert.Empty(result.Errors);
        var rows = result.Output.Select(o => (RootCredentialStatus)o.BaseObject).ToList();
        Assert.Equal(25, rows.Count);
        Assert.Equal(25, rows.Select(r => r.AccountId).Distinct().Count());
        for (var i = 1; i <= 25; i++)
        {
            var row = rows.Single(r => r.AccountId == OrgBuilder.MemberId(i));
            Assert.Equal($"member-{i:D2}", row.AccountName);
            Assert.Equal(OrgBuilder.ExpectPassword(i), row.PasswordPresent);
            Assert.Equal(OrgBuilder.ExpectMfa(i), row.MfaDeviceCount);
            Assert.Equal(OrgBuilder.ExpectKeys(i), row.AccessKeyCount);
            Assert.Equal(OrgBuilder.ExpectKeys(i) > 0 ? 1 : 0, row.ActiveAccessKeyCount);
            Assert.Equal(OrgBuilder.ExpectCertificates(i), row.SigningCertificateCount);
            var expectAny = OrgBuilder.ExpectPassword(i) || OrgBuilder.ExpectMfa(i) > 0 || OrgBuilder.ExpectKeys(i) > 0 || OrgBuilder.ExpectCertificates(i) > 0;
            Assert.Equal(expectAny, row.HasRootCredentials);
            if (OrgBuilder.ExpectMfa(i) > 0)
            {
                Assert.Equal($"arn:aws:iam::{OrgBuilder.MemberId(i)}:mfa/root-account-mfa-device", row.MfaDevices);
            }

            if (OrgBuilder.ExpectKeys(i) > 0)
            {
                Assert.Equal(new DateTime(2026, 10, 1, 12, 0, 0, DateTimeKind.Utc).AddDays(i), row.AccessKeyLastUsed);
            }
            else
            {
                Assert.Null(row.AccessKeyLastUsed);
            }
        }
    }

    [Fact]
    public async Task Management_account_is_skipped_with_a_warning_not_an_error()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(3));

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains(OrgBuilder.ManagementAccountId, warning);
        Assert.Contains("management account", warning);
        Assert.Equal(0, org.Simulator.Trail.Records.Count(r => r["eventName"]!.GetValue<string>() == "AssumeRoot" && r["requestParameters"]!["targetPrincipal"]!.GetValue<string>() == OrgBuilder.ManagementAccountId));
    }

    [Fact]
    public async Task A_string_id_and_a_root_session_also_pipe_in()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(8));

        var byId = org.Run($"'{OrgBuilder.MemberId(4)}', 'arn:aws:iam::{OrgBuilder.MemberId(6)}:root' | Get-RootCredentialStatus -Ordered");
        var bySession = org.Run($"Invoke-AssumeRoot -AccountId {OrgBuilder.MemberId(3)} -TaskPolicy IAMAuditRootUserCredentials | Get-RootCredentialStatus");

        Assert.Empty(byId.Errors);
        Assert.Equal(new[] { OrgBuilder.MemberId(4), OrgBuilder.MemberId(6) }, byId.Output.Select(o => ((RootCredentialStatus)o.BaseObject).AccountId));
        Assert.Empty(bySession.Errors);
        var row = (RootCredentialStatus)Assert.Single(bySession.Output).BaseObject;
        Assert.Equal(OrgBuilder.MemberId(3), row.AccountId);
        Assert.Equal(3, row.AccessKeyCount);
        Assert.Equal(2 + 1, org.Simulator.CallCount("AssumeRoot")); // two for the ids, one for the session, none more: the piped session is reused
    }

    [Fact]
    public async Task One_failing_account_yields_one_error_naming_it_and_the_other_rows()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(25));
        var failing = OrgBuilder.MemberId(7);
        org.Simulator.Faults.Add(new FaultRule { Operation = "AssumeRoot", AccountId = failing, Kind = FaultKind.AccessDenied });

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

        Assert.Equal(24, result.Output.Count);
        Assert.DoesNotContain(result.Output, o => ((RootCredentialStatus)o.BaseObject).AccountId == failing);
        var error = Assert.Single(result.Errors);
        Assert.Equal(failing, error.TargetObject);
        Assert.StartsWith("AssumeRootFailed,AccessDenied", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains(failing, error.ErrorDetails.Message);
    }

    [Fact]
    public async Task A_failing_iam_read_is_an_audit_error_for_that_account_only()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(6));
        var failing = OrgBuilder.MemberId(5);
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListSigningCertificates", AccountId = failing, Kind = FaultKind.AccessDenied });

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

        Assert.Equal(5, result.Output.Count);
        var error = Assert.Single(result.Errors);
        Assert.Equal(failing, error.TargetObject);
        Assert.StartsWith("RootCredentialAuditFailed,AccessDenied", error.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task Throttled_and_failed_calls_are_retried_by_the_sdk_and_every_account_still_reports()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(6));
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListMFADevices", Kind = FaultKind.Throttle, Count = 2 });
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListAccounts", Kind = FaultKind.ServerError, Count = 1 });
        org.Simulator.Faults.Add(new FaultRule { Operation = "GetLoginProfile", Kind = FaultKind.DropConnection, Count = 1 });

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

        Assert.Empty(result.Errors);
        Assert.Equal(6, result.Output.Count);
        Assert.Equal(6 + 2, org.Simulator.CallCount("ListMFADevices"));
    }

    [Fact]
    public async Task Accounts_that_are_not_active_fail_alone_and_State_filters_them_out()
    {
        var state = OrgBuilder.Organization(4);
        state.FindAccount(OrgBuilder.MemberId(2))!.State = "SUSPENDED";
        await using var org = await SimulatedOrganization.StartAsync(state);

        var all = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");
        var active = org.Run("Get-OrgAccounts -State ACTIVE | Get-RootCredentialStatus");

        Assert.Equal(3, all.Output.Count);
        var error = Assert.Single(all.Errors);
        Assert.Equal(OrgBuilder.MemberId(2), error.TargetObject);
        Assert.Contains("SUSPENDED", error.ErrorDetails.Message);
        Assert.Empty(active.Errors);
        Assert.Equal(3, active.Output.Count);
    }
}
