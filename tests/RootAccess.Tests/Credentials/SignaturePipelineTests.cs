using System;
using System.Linq;
using System.Threading.Tasks;
using System.Collections.Generic;
using RootAccess.Playground;
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
        var rows = Rows(result).Where(r => r.Status == AuditStatus.Audited).ToList();
        Assert.Equal(25, rows.Count);
        Assert.Equal(26, result.Output.Count); // and the management account's Skipped row
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
                Assert.Equal(new DateTimeOffset(new DateTime(2026, 10, 1, 12, 0, 0, DateTimeKind.Utc).AddDays(i)), row.AccessKeyLastUsed);
            }
            else
            {
                Assert.Null(row.AccessKeyLastUsed);
            }
        }
    }

    [Fact]
    public async Task Management_account_is_a_skipped_row_not_an_error_and_no_session_is_tried()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(3));

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(4, result.Output.Count);
        var skipped = Assert.Single(Rows(result), r => r.Status == AuditStatus.Skipped);
        Assert.Equal(OrgBuilder.ManagementAccountId, skipped.AccountId);
        Assert.Contains("management account", skipped.Reason);
        Assert.Null(skipped.HasRootCredentials);
        Assert.Null(skipped.MfaDeviceCount);
        Assert.Equal(0, org.Simulator.Trail.Records.Count(r => r["eventName"]!.GetValue<string>() == "AssumeRoot" && r["requestParameters"]!["targetPrincipal"]!.GetValue<string>() == OrgBuilder.ManagementAccountId));
    }

    [Fact]
    public async Task The_csv_has_one_row_per_account_with_the_right_status_and_reason()
    {
        var state = OrgBuilder.Organization(6);
        state.FindAccount(OrgBuilder.MemberId(2))!.State = "SUSPENDED";
        state.FindAccount(OrgBuilder.MemberId(3))!.State = "PENDING_CLOSURE";
        await using var org = await SimulatedOrganization.StartAsync(state);
        var failing = OrgBuilder.MemberId(5);
        org.Simulator.Faults.Add(new FaultRule { Operation = "AssumeRoot", AccountId = failing, Kind = FaultKind.AccessDenied });
        var csv = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rootaccess-evidence-" + Guid.NewGuid() + ".csv");

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus | Export-Csv $args[0]", csv);

        var lines = System.IO.File.ReadAllLines(csv);
        System.IO.File.Delete(csv);
        var header = lines[0].Split(',').Select(c => c.Trim('"')).ToList();
        var status = header.IndexOf("Status");
        var reason = header.IndexOf("Reason");
        var byAccount = lines.Skip(1).Select(ParseCsvLine).ToDictionary(f => f[0]);
        Assert.Equal(7, lines.Length - 1);
        Assert.Equal(7, byAccount.Count);
        Assert.Equal("Skipped", byAccount[OrgBuilder.ManagementAccountId][status]);
        Assert.Contains("management account", byAccount[OrgBuilder.ManagementAccountId][reason]);
        Assert.Equal("Skipped", byAccount[OrgBuilder.MemberId(2)][status]);
        Assert.Contains("SUSPENDED", byAccount[OrgBuilder.MemberId(2)][reason]);
        Assert.Equal("Skipped", byAccount[OrgBuilder.MemberId(3)][status]);
        Assert.Contains("PENDING_CLOSURE", byAccount[OrgBuilder.MemberId(3)][reason]);
        Assert.Equal("Failed", byAccount[failing][status]);
        Assert.Contains("AccessDenied", byAccount[failing][reason]);
        Assert.All(new[] { 1, 4, 6 }, i => Assert.Equal("Audited", byAccount[OrgBuilder.MemberId(i)][status]));
        var error = Assert.Single(result.Errors); // the failed account is also an error record, so $? and -ErrorVariable see it
        Assert.Equal(failing, error.TargetObject);
        Assert.Equal(0, org.Simulator.Trail.Records.Count(r => r["eventName"]!.GetValue<string>() == "AssumeRoot" && r["requestParameters"]!["targetPrincipal"]!.GetValue<string>() is var t && (t == OrgBuilder.MemberId(2) || t == OrgBuilder.MemberId(3))));
    }

    [Fact]
    public async Task ErrorAction_Stop_still_stops_at_the_failed_account()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(3));
        org.Simulator.Faults.Add(new FaultRule { Operation = "AssumeRoot", AccountId = OrgBuilder.MemberId(2), Kind = FaultKind.AccessDenied });

        var result = org.Run($"'{OrgBuilder.MemberId(2)}' | Get-RootCredentialStatus -ErrorAction Stop; 'after'");

        Assert.DoesNotContain(result.Output, o => o.BaseObject is string text && text == "after");
        Assert.StartsWith("AssumeRootFailed,AccessDenied", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public async Task With_the_feature_off_the_audit_writes_one_error_that_says_how_to_turn_it_on()
    {
        var state = OrgBuilder.Organization(20);
        state.Features.RootCredentialsManagement = false;
        await using var org = await SimulatedOrganization.StartAsync(state);

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RootAccessNotEnabled", error.FullyQualifiedErrorId);
        Assert.Contains("RootCredentialsManagement", error.ErrorDetails.Message);
        Assert.Contains("Enable-OrgRootAccess", error.ErrorDetails.Message);
        Assert.Equal(0, org.Simulator.CallCount("AssumeRoot"));
    }

    [Fact]
    public async Task A_caller_who_may_not_run_the_preflight_still_audits_and_says_so_in_verbose()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(3));
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListOrganizationsFeatures", Kind = FaultKind.AccessDenied });

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus -Verbose");

        Assert.Empty(result.Errors);
        Assert.Equal(3, Rows(result).Count(r => r.Status == AuditStatus.Audited));
        Assert.Contains(result.Verbose, v => v.Contains("ListOrganizationsFeatures") && v.Contains("not checked"));
    }

    [Fact]
    public async Task Rows_carry_password_last_use_mfa_types_certificates_and_key_use_as_iso_utc()
    {
        var state = OrgBuilder.Organization(1);
        var root = state.FindAccount(OrgBuilder.MemberId(1))!.RootUser;
        root.Password = new SimPassword { CreateDate = new DateTime(2021, 4, 12, 8, 20, 0, DateTimeKind.Utc), LastUsed = new DateTime(2025, 3, 2, 8, 0, 0, DateTimeKind.Utc) };
        root.MfaDevices.Clear();
        root.MfaDevices.Add(new SimMfaDevice { SerialNumber = $"arn:aws:iam::{OrgBuilder.MemberId(1)}:mfa/root-account-mfa-device" });
        root.MfaDevices.Add(new SimMfaDevice { SerialNumber = "GAHT12345678" });
        root.MfaDevices.Add(new SimMfaDevice { SerialNumber = $"arn:aws:iam::{OrgBuilder.MemberId(1)}:u2f/root/yubikey-ABCDEFGH" });
        root.SigningCertificates.Clear();
        root.SigningCertificates.Add(new SimSigningCertificate { CertificateId = "CERTACTIVE0000000000000000000001", Status = "Active" });
        root.SigningCertificates.Add(new SimSigningCertificate { CertificateId = "CERTINACTIVE00000000000000000002", Status = "Inactive" });
        await using var org = await SimulatedOrganization.StartAsync(state);

        var row = Assert.Single(Rows(org.Run($"Get-RootCredentialStatus {OrgBuilder.MemberId(1)}")));
        var json = org.Run($"Get-RootCredentialStatus {OrgBuilder.MemberId(1)} | ConvertTo-Json");

        Assert.Equal(new DateTimeOffset(2021, 4, 12, 8, 20, 0, TimeSpan.Zero), row.PasswordCreated);
        Assert.Equal(new DateTimeOffset(2025, 3, 2, 8, 0, 0, TimeSpan.Zero), row.PasswordLastUsed);
        Assert.Equal(TimeSpan.Zero, row.PasswordLastUsed!.Value.Offset);
        Assert.Equal((3, 1, 1, 1), (row.MfaDeviceCount, row.VirtualMfaCount, row.HardwareMfaCount, row.FidoMfaCount));
        Assert.Equal((2, 1), (row.SigningCertificateCount, row.ActiveSigningCertificateCount));
        Assert.Equal(TimeSpan.Zero, row.CheckedAt.Offset);
        Assert.Contains("\"PasswordLastUsed\": \"2025-03-02T08:00:00+00:00\"", Assert.Single(json.Output).BaseObject as string);
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

        var rows = Rows(result);
        Assert.Equal(24, rows.Count(r => r.Status == AuditStatus.Audited));
        var failed = Assert.Single(rows, r => r.Status == AuditStatus.Failed);
        Assert.Equal(failing, failed.AccountId);
        Assert.StartsWith("AssumeRootFailed,AccessDenied", failed.ErrorId);
        var error = Assert.Single(result.Errors);
        Assert.Equal(failing, error.TargetObject);
        Assert.StartsWith("AssumeRootFailed,AccessDenied", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains(failing, error.ErrorDetails.Message);
        Assert.Equal(error.ErrorDetails.Message, failed.Reason);
    }

    [Fact]
    public async Task A_failing_iam_read_is_an_audit_error_for_that_account_only()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(6));
        var failing = OrgBuilder.MemberId(5);
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListSigningCertificates", AccountId = failing, Kind = FaultKind.AccessDenied });

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

        Assert.Equal(5, Rows(result).Count(r => r.Status == AuditStatus.Audited));
        Assert.Equal(failing, Assert.Single(Rows(result), r => r.Status == AuditStatus.Failed).AccountId);
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
        Assert.Equal(6, Rows(result).Count(r => r.Status == AuditStatus.Audited));
        Assert.Equal(6 + 2, org.Simulator.CallCount("ListMFADevices"));
    }

    [Fact]
    public async Task Accounts_that_are_not_active_are_skipped_without_a_session_and_State_filters_them_out()
    {
        var state = OrgBuilder.Organization(4);
        state.FindAccount(OrgBuilder.MemberId(2))!.State = "SUSPENDED";
        await using var org = await SimulatedOrganization.StartAsync(state);

        var all = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");
        var active = org.Run("Get-OrgAccounts -State ACTIVE | Get-RootCredentialStatus");
        var byId = org.Run($"Get-RootCredentialStatus {OrgBuilder.MemberId(2)}");

        Assert.Empty(all.Errors);
        Assert.Equal(3, Rows(all).Count(r => r.Status == AuditStatus.Audited));
        var skipped = Assert.Single(Rows(all), r => r.AccountId == OrgBuilder.MemberId(2));
        Assert.Equal(AuditStatus.Skipped, skipped.Status);
        Assert.Contains("SUSPENDED", skipped.Reason);
        Assert.Empty(active.Errors);
        Assert.Equal(3, Rows(active).Count(r => r.Status == AuditStatus.Audited));
        Assert.DoesNotContain(Rows(active), r => r.AccountId == OrgBuilder.MemberId(2));
        // Given by id alone its state is unknown: AssumeRoot is tried, and AWS's refusal names it.
        Assert.Contains("SUSPENDED", Assert.Single(byId.Errors).ErrorDetails.Message);
        Assert.Equal(AuditStatus.Failed, Assert.Single(Rows(byId)).Status);
    }

    internal static List<RootCredentialStatus> Rows(ScriptResult result) => result.Output.Select(o => (RootCredentialStatus)o.BaseObject).ToList();

    // Export-Csv's quoting: every field quoted, "" inside, an empty field for null.
    private static string[] ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
