using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RootAccess.Hardening;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

/// <summary>New-RootAccessGuardrail on the sample organization: generated, applied as CloudFormation would, and checked again.</summary>
public sealed class GuardrailEndToEndTests
{
    private const string Parameters = "-RootAccessRoleArn arn:aws:iam::111111111111:role/RootAccessAdmin -AdminSourceIp 203.0.113.0/24 -AlertTarget arn:aws:sns:us-east-1:111111111111:security-alerts";

    private const string LogArchive = HardeningTests.LogArchive;

    private static Dictionary<string, HardeningCheck> Checks(Playground.ScriptResult result) => HardeningTests.Checks(result);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Applied_to_the_sample_organization_the_guardrails_turn_each_control_they_claim_from_fail_to_pass_and_audits_still_run(bool narrowBreakGlassTrust)
    {
        // The sample's break-glass role trusts the whole account, so New-RootAccessGuardrail warns and does not claim RA-H03
        // or RA-H04; with the trust narrowed to the break-glass path (one user, with MFA), it claims and fixes them too.
        var state = HardeningTests.Fixture(SimulatorState.Sample());
        var breakGlass = "role/BreakGlassAdmin";
        if (narrowBreakGlassTrust)
        {
            var management = state.FindAccount(state.ManagementAccountId)!.Iam;
            management.Users.Add(new SimIamUser { UserName = "breakglass-alice" });
            management.Roles.Single(r => r.RoleName == "BreakGlassAdmin").TrustPolicy = System.Text.Json.Nodes.JsonNode.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:user/breakglass-alice\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}");
            breakGlass += ", user/breakglass-alice";
        }

        await using var org = await SimulatedOrganization.StartAsync(state);
        var folder = Path.Combine(Path.GetTempPath(), "guardrails-" + System.Guid.NewGuid().ToString("N"));
        try
        {
            var before = Checks(org.Run($"Test-RootAccessHardening -BreakGlassPrincipal {breakGlass} {LogArchive}"));
            var generated = org.Run($"New-RootAccessGuardrail -BreakGlassPrincipal {breakGlass} {Parameters} -OutputPath '{folder}'");
            Assert.Empty(generated.Errors);
            var claimed = generated.Output.Select(o => (Guardrail)o.BaseObject).SelectMany(g => g.ControlId.Split(", ")).Distinct().OrderBy(c => c).ToList();
            Assert.Equal(narrowBreakGlassTrust, claimed.Contains("RA-H03") && claimed.Contains("RA-H04"));
            Assert.Equal(!narrowBreakGlassTrust, generated.Warnings.Any(w => w.Contains("BreakGlassAdmin trusts")));
            Assert.All(claimed, id => Assert.True(before[id].Status == CheckStatus.Fail, $"{id} before: {before[id].Status}: {before[id].Evidence}"));

            await TemplateApplier.ApplyAsync(File.ReadAllText(Path.Combine(folder, GuardrailTemplate.TemplateFileName)), org.Simulator.Endpoint, OrgBuilder.AdminKey, OrgBuilder.AdminSecret, org.State.ManagementAccountId);
            var after = Checks(org.Run($"Test-RootAccessHardening -BreakGlassPrincipal {breakGlass} {LogArchive}"));
            var audit = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

            Assert.Equal(new[] { "RA-H05", "RA-H07", "RA-H08", "RA-H10", "RA-H11", "RA-H13" }, claimed.Except(new[] { "RA-H03", "RA-H04" }));
            Assert.All(claimed, id => Assert.True(after[id].Status == CheckStatus.Pass, $"{id} after: {after[id].Status}: {after[id].Evidence}"));
            // Nothing else moved: the controls no guardrail claims keep their verdicts.
            Assert.All(before.Keys.Except(claimed), id => Assert.Equal(before[id].Status, after[id].Status));
            Assert.Empty(audit.Errors);
            var members = org.State.Accounts.Where(a => a.Id != org.State.ManagementAccountId && a.State == "ACTIVE").Select(a => a.Id).OrderBy(a => a).ToList();
            var audited = audit.Output.Select(o => (RootAccess.Root.RootCredentialStatus)o.BaseObject).Where(r => r.Status == RootAccess.Root.AuditStatus.Audited).Select(r => r.AccountId).OrderBy(a => a).ToList();
            Assert.Equal(members, audited);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, true);
            }
        }
    }
}
