using System.Linq;
using System.Threading.Tasks;
using RootAccess.Root;
using Xunit;

namespace RootAccess.Tests;

public sealed class OrgRootAccessTests
{
    private static async Task<SimulatedOrganization> StartOff()
    {
        var state = OrgBuilder.Organization(2);
        state.Features.TrustedAccessForIam = false;
        state.Features.RootCredentialsManagement = false;
        state.Features.RootSessions = false;
        state.DelegatedAdministrators.Add(OrgBuilder.MemberId(1));
        return await SimulatedOrganization.StartAsync(state);
    }

    private static OrgRootAccessStatus Status(Playground.ScriptResult result) => (OrgRootAccessStatus)Assert.Single(result.Output).BaseObject;

    [Fact]
    public async Task Status_before_and_after_enabling_and_a_second_enable_changes_nothing()
    {
        await using var org = await StartOff();

        var before = Status(org.Run("Get-OrgRootAccessStatus"));
        var enabled = Status(org.Run("Enable-OrgRootAccess -Force"));
        var callsAfterFirst = org.Simulator.CallLog.Count(c => c.StartsWith("Enable"));
        var again = Status(org.Run("Enable-OrgRootAccess -Force"));

        Assert.Equal("o-test000001", before.OrganizationId);
        Assert.Equal(OrgBuilder.ManagementAccountId, before.ManagementAccountId);
        Assert.False(before.TrustedAccessEnabled || before.RootCredentialsManagement || before.RootSessions);
        Assert.Equal(OrgBuilder.MemberId(1), before.DelegatedAdministrators);
        Assert.True(enabled.TrustedAccessEnabled && enabled.RootCredentialsManagement && enabled.RootSessions);
        Assert.Equal("trusted access for iam.amazonaws.com: enabled; root credentials management: enabled; root sessions: enabled", enabled.Changes);
        Assert.Equal(3, callsAfterFirst);
        Assert.Equal(3, org.Simulator.CallLog.Count(c => c.StartsWith("Enable")));
        Assert.Equal("trusted access for iam.amazonaws.com: already on; root credentials management: already on; root sessions: already on", again.Changes);
        Assert.True(org.State.Features.RootSessions);
    }

    [Fact]
    public async Task WhatIf_changes_nothing_and_one_Feature_leaves_the_other_off()
    {
        await using var org = await StartOff();
        var before = org.State.ToJson();

        var preview = Status(org.Run("Enable-OrgRootAccess -WhatIf"));
        var forcedPreview = Status(org.Run("Enable-OrgRootAccess -WhatIf -Force"));
        Assert.Equal(before, org.State.ToJson());
        var partial = Status(org.Run("Enable-OrgRootAccess -Feature RootCredentialsManagement -Force"));
        Assert.Contains("would be enabled", forcedPreview.Changes); // -Force never turns -WhatIf into a change

        Assert.Contains("root sessions: would be enabled", preview.Changes);
        Assert.False(preview.RootSessions);
        Assert.True(partial.RootCredentialsManagement);
        Assert.False(partial.RootSessions);
    }

    [Fact]
    public async Task Disable_turns_features_off_and_asks_first()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));

        var preview = Status(org.Run("Disable-OrgRootAccess -WhatIf"));
        Assert.True(org.State.Features.RootSessions);
        var disabled = Status(org.Run("Disable-OrgRootAccess -Feature RootSessions -Confirm:$false"));
        var unlock = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(1)} S3UnlockBucketPolicy");
        var audit = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(1)} IAMAuditRootUserCredentials");

        Assert.Contains("root sessions: would be disabled", preview.Changes);
        Assert.False(disabled.RootSessions);
        Assert.True(disabled.RootCredentialsManagement);
        Assert.True(disabled.TrustedAccessEnabled);
        Assert.Contains("not enabled", Assert.Single(unlock.Errors).ErrorDetails.Message);
        Assert.Empty(audit.Errors); // root credentials management alone serves the IAM task policies
        Assert.Single(audit.Output);
    }

    [Fact]
    public async Task Enable_asks_for_confirmation_like_its_twin_and_changes_nothing_when_declined()
    {
        await using var org = await StartOff();
        var before = org.State.ToJson();
        org.PowerShell.Host.ConfirmAnswer = 3; // No to All

        var declined = Status(org.Run("Enable-OrgRootAccess"));
        org.PowerShell.Host.ConfirmAnswer = null;

        Assert.Equal(before, org.State.ToJson());
        Assert.Contains("not confirmed", declined.Changes);
        var attribute = (System.Management.Automation.CmdletAttribute)System.Attribute.GetCustomAttribute(typeof(RootAccess.Cmdlets.EnableOrgRootAccessCommand), typeof(System.Management.Automation.CmdletAttribute))!;
        Assert.Equal(System.Management.Automation.ConfirmImpact.High, attribute.ConfirmImpact);
    }

    [Fact]
    public async Task Errors_say_what_to_do()
    {
        var billing = OrgBuilder.Organization(2);
        billing.FeatureSet = "CONSOLIDATED_BILLING";
        await using var org = await SimulatedOrganization.StartAsync(billing);
        await using var delegated = await StartOff();
        delegated.State.Features.TrustedAccessForIam = true;

        var allFeatures = org.Run("Get-OrgRootAccessStatus");
        var notManagement = delegated.Run($"Enable-OrgRootAccess -Force -AccessKey {OrgBuilder.MemberCallerKey} -SecretKey {OrgBuilder.MemberCallerSecret}");

        var error = Assert.Single(allFeatures.Errors);
        Assert.Equal("OrgRootAccessStatusFailed,OrganizationNotInAllFeaturesModeException,RootAccess.Cmdlets.GetOrgRootAccessStatusCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Enable all features", error.ErrorDetails.Message);
        var refused = Assert.Single(notManagement.Errors);
        Assert.Contains("CallerIsNotManagementAccountException", refused.FullyQualifiedErrorId);
        Assert.Contains("Only the management account can enable", refused.ErrorDetails.Message);
        Assert.False(delegated.State.Features.RootCredentialsManagement);
    }
}
