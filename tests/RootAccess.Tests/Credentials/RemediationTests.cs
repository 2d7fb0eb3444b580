using System;
using System.Linq;
using System.Threading.Tasks;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

public sealed class RemediationTests
{
    // Member 6 has a password, an MFA device, two access keys; member 5 a certificate and a key; member 4 nothing but a password.
    private static Task<SimulatedOrganization> Start() => SimulatedOrganization.StartAsync(OrgBuilder.Organization(6));

    private static RootCredentialRemoval[] Rows(Playground.ScriptResult result) => result.Output.Select(o => (RootCredentialRemoval)o.BaseObject).ToArray();

    [Fact]
    public async Task Remove_deletes_every_root_credential_and_a_second_run_finds_none()
    {
        await using var org = await Start();
        var id = OrgBuilder.MemberId(6);

        var first = org.Run($"Remove-RootCredential {id} -Force");
        var second = org.Run($"Remove-RootCredential {id} -Force");

        Assert.Empty(first.Errors);
        var rows = Rows(first);
        Assert.Equal(5, rows.Length);
        Assert.Equal(RemovalAction.NotPresent, rows.Single(r => r.CredentialType == RootCredentialType.SigningCertificate).Action);
        var removed = rows.Where(r => r.Action == RemovalAction.Removed).ToArray();
        Assert.Equal(new[] { "root", $"AKIA{6:D6}KEY{0:D7}", $"AKIA{6:D6}KEY{1:D7}", $"arn:aws:iam::{id}:mfa/root-account-mfa-device" }.OrderBy(x => x), removed.Select(r => r.CredentialId).OrderBy(x => x));
        Assert.Contains("DeleteVirtualMFADevice", rows.Single(r => r.CredentialType == RootCredentialType.MfaDevice).Message);
        var root = org.State.FindAccount(id)!.RootUser;
        Assert.Null(root.Password);
        Assert.Empty(root.AccessKeys);
        Assert.All(root.MfaDevices, d => Assert.False(d.Active));
        Assert.Empty(second.Errors);
        Assert.Equal(4, Rows(second).Length);
        Assert.All(Rows(second), r => Assert.Equal(RemovalAction.NotPresent, r.Action));
        Assert.Equal(Enum.GetValues<RootCredentialType>().OrderBy(t => t), Rows(second).Select(r => r.CredentialType).OrderBy(t => t));
    }

    [Fact]
    public async Task WhatIf_reports_WouldRemove_and_changes_nothing()
    {
        await using var org = await Start();
        var before = org.State.ToJson();

        var result = org.Run($"Remove-RootCredential {OrgBuilder.MemberId(6)} -WhatIf");

        Assert.Empty(result.Errors);
        Assert.All(Rows(result).Where(r => r.Action != RemovalAction.NotPresent), r => Assert.Equal(RemovalAction.WouldRemove, r.Action));
        Assert.Equal(4, Rows(result).Count(r => r.Action == RemovalAction.WouldRemove));
        Assert.Contains($"What if: Remove the root password (login profile) of account {OrgBuilder.MemberId(6)}", result.HostText);
        Assert.Equal(before, org.State.ToJson());
    }

    [Fact]
    public async Task Declining_the_confirmation_skips_the_item()
    {
        await using var org = await Start();
        org.PowerShell.Host.ConfirmAnswer = 2;
        var before = org.State.ToJson();

        var result = org.Run($"Remove-RootCredential {OrgBuilder.MemberId(4)}");

        var row = Assert.Single(Rows(result), r => r.CredentialType == RootCredentialType.LoginProfile);
        Assert.Equal(RemovalAction.Skipped, row.Action);
        Assert.Equal(before, org.State.ToJson());
    }

    [Fact]
    public async Task The_audit_pipes_into_removal_and_only_accounts_with_credentials_are_touched()
    {
        var state = OrgBuilder.Organization(6);
        state.FindAccount(OrgBuilder.MemberId(1))!.RootUser = new SimRootUser();
        await using var org = await SimulatedOrganization.StartAsync(state);

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus | Where-Object HasRootCredentials | Remove-RootCredential -Force");
        var after = org.Run("Get-OrgAccounts | Get-RootCredentialStatus | Where-Object HasRootCredentials");

        Assert.Empty(result.Errors);
        Assert.Equal(Enumerable.Range(2, 5).Select(OrgBuilder.MemberId), Rows(result).Select(r => r.AccountId).Distinct().OrderBy(x => x));
        Assert.Empty(after.Errors);
        Assert.Empty(after.Output);
    }

    [Fact]
    public async Task CredentialType_limits_what_is_removed()
    {
        await using var org = await Start();
        var id = OrgBuilder.MemberId(6);

        var result = org.Run($"Remove-RootCredential {id} -CredentialType AccessKey -Force");

        Assert.All(Rows(result), r => Assert.Equal(RootCredentialType.AccessKey, r.CredentialType));
        Assert.Equal(2, Rows(result).Length);
        Assert.NotNull(org.State.FindAccount(id)!.RootUser.Password);
        Assert.Empty(org.State.FindAccount(id)!.RootUser.AccessKeys);
    }

    [Fact]
    public async Task One_failing_item_does_not_stop_the_rest()
    {
        await using var org = await Start();
        var id = OrgBuilder.MemberId(6);
        org.Simulator.Faults.Add(new FaultRule { Operation = "DeleteAccessKey", AccountId = id, Kind = FaultKind.AccessDenied, Count = 1 });

        var result = org.Run($"Remove-RootCredential {id} -Force");

        var rows = Rows(result);
        Assert.Single(rows, r => r.Action == RemovalAction.Failed && r.CredentialType == RootCredentialType.AccessKey);
        Assert.Equal(3, rows.Count(r => r.Action == RemovalAction.Removed));
        var error = Assert.Single(result.Errors);
        Assert.Equal(id, error.TargetObject);
        Assert.StartsWith("RootCredentialRemovalFailed", error.FullyQualifiedErrorId);
        Assert.Single(org.State.FindAccount(id)!.RootUser.AccessKeys);
        Assert.Null(org.State.FindAccount(id)!.RootUser.Password);
    }

    [Fact]
    public async Task Enable_password_recovery_creates_the_login_profile_once_and_warns()
    {
        await using var org = await Start();
        var id = OrgBuilder.MemberId(3); // no password

        var preview = org.Run($"Enable-RootPasswordRecovery {id} -WhatIf");
        Assert.Null(org.State.FindAccount(id)!.RootUser.Password);
        var enabled = org.Run($"Enable-RootPasswordRecovery {id} -Force");
        var again = org.Run($"Enable-RootPasswordRecovery {id} -Confirm:$false");
        var forced = org.Run($"Enable-RootPasswordRecovery {id} -Force");

        Assert.Equal(PasswordRecoveryAction.WouldEnable, ((PasswordRecoveryResult)Assert.Single(preview.Output).BaseObject).Action);
        var result = (PasswordRecoveryResult)Assert.Single(enabled.Output).BaseObject;
        Assert.Equal(PasswordRecoveryAction.Enabled, result.Action);
        Assert.NotNull(org.State.FindAccount(id)!.RootUser.Password);
        Assert.Contains("persistent", string.Join(" ", enabled.Warnings).Replace("outlives", "persistent"));
        var refused = Assert.Single(again.Errors);
        Assert.Equal("RootPasswordAlreadyPresent,RootAccess.Cmdlets.EnableRootPasswordRecoveryCommand", refused.FullyQualifiedErrorId);
        Assert.Contains("-Force", refused.ErrorDetails.Message);
        Assert.Equal(PasswordRecoveryAction.AlreadyPresent, ((PasswordRecoveryResult)Assert.Single(forced.Output).BaseObject).Action);
        // Only the confirmed creation opened the password task policy: previews and refusals read through audit sessions.
        Assert.Equal(1, org.Simulator.IssuedSessions.Count(s => s.TaskPolicy == "IAMCreateRootUserPassword" && s.AccountId == id));
    }

    [Fact]
    public async Task A_session_of_the_wrong_task_policy_is_refused_and_reported_clearly()
    {
        await using var org = await Start();
        var id = OrgBuilder.MemberId(6);

        var result = org.Run($"Invoke-AssumeRoot {id} IAMCreateRootUserPassword | Get-RootCredentialStatus");

        var error = Assert.Single(result.Errors);
        Assert.Equal(id, error.TargetObject);
        Assert.StartsWith("TaskPolicyCannotDoThis", error.FullyQualifiedErrorId);
        Assert.Contains("IAMCreateRootUserPassword", error.ErrorDetails.Message);
        Assert.Contains("IAMAuditRootUserCredentials", error.ErrorDetails.Message);
        Assert.Equal(0, org.Simulator.CallCount("GetLoginProfile") + org.Simulator.CallCount("ListAccessKeys") + org.Simulator.CallCount("ListMFADevices"));
    }

    [Fact]
    public async Task Previews_and_declined_prompts_open_no_destructive_session()
    {
        await using var org = await Start();
        var id = OrgBuilder.MemberId(6);
        var noPassword = OrgBuilder.MemberId(3);

        org.Run($"Remove-RootCredential {id} -WhatIf");
        org.Run($"Enable-RootPasswordRecovery {noPassword} -WhatIf");
        org.PowerShell.Host.ConfirmAnswer = 2;
        var declined = org.Run($"Remove-RootCredential {id} -Confirm; Enable-RootPasswordRecovery {noPassword} -Confirm");

        Assert.All(declined.Output.Select(o => o.BaseObject).OfType<RootCredentialRemoval>(), r => Assert.Contains(r.Action, new[] { RemovalAction.Skipped, RemovalAction.NotPresent }));
        Assert.Equal(PasswordRecoveryAction.Skipped, declined.Output.Select(o => o.BaseObject).OfType<PasswordRecoveryResult>().Single().Action);
        Assert.DoesNotContain(org.Simulator.IssuedSessions, s => s.TaskPolicy == "IAMDeleteRootUserCredentials" || s.TaskPolicy == "IAMCreateRootUserPassword");
        Assert.NotNull(org.State.FindAccount(id)!.RootUser.Password);
        Assert.Null(org.State.FindAccount(noPassword)!.RootUser.Password);
    }

    [Fact]
    public async Task Mfa_alone_is_not_removed_while_the_password_stays_unless_asked()
    {
        await using var org = await Start();
        var id = OrgBuilder.MemberId(6);

        var kept = org.Run($"Remove-RootCredential {id} -CredentialType MfaDevice -Force");
        var forced = org.Run($"Remove-RootCredential {id} -CredentialType MfaDevice -AllowPasswordWithoutMfa -Force");

        var row = Assert.Single(Rows(kept));
        Assert.Equal(RemovalAction.Skipped, row.Action);
        Assert.Contains("-AllowPasswordWithoutMfa", row.Message);
        Assert.Equal(RemovalAction.Removed, Assert.Single(Rows(forced)).Action);
        Assert.NotNull(org.State.FindAccount(id)!.RootUser.Password);
        Assert.All(org.State.FindAccount(id)!.RootUser.MfaDevices, d => Assert.False(d.Active));
    }
}
