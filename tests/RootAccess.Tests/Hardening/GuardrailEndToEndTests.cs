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
    private const string Parameters = "-BreakGlassPrincipal role/BreakGlassAdmin -RootAccessRoleArn arn:aws:iam::111111111111:role/RootAccessAdmin -AdminSourceIp 203.0.113.0/24 -AlertTarget arn:aws:sns:us-east-1:111111111111:security-alerts";

    // The controls the guardrails address, by what they generate.
    private static readonly string[] Addressed = { "RA-H03", "RA-H04", "RA-H05", "RA-H07", "RA-H08", "RA-H10", "RA-H11", "RA-H13" };

    private const string LogArchive = HardeningTests.LogArchive;

    private static Dictionary<string, HardeningCheck> Checks(Playground.ScriptResult result) => HardeningTests.Checks(result);

    [Fact]
    public async Task Applied_to_the_sample_organization_the_guardrails_turn_each_control_they_address_from_fail_to_pass_and_audits_still_run()
    {
        await using var org = await SimulatedOrganization.StartAsync(HardeningTests.Fixture(SimulatorState.Sample()));
        var folder = Path.Combine(Path.GetTempPath(), "guardrails-" + System.Guid.NewGuid().ToString("N"));
        try
        {
            var before = Checks(org.Run($"Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin {LogArchive}"));
            var generated = org.Run($"New-RootAccessGuardrail {Parameters} -OutputPath '{folder}'");
            Assert.Empty(generated.Errors);
            Assert.All(Addressed, id => Assert.True(before[id].Status == CheckStatus.Fail, $"{id} before: {before[id].Status}: {before[id].Evidence}"));

            await TemplateApplier.ApplyAsync(File.ReadAllText(Path.Combine(folder, GuardrailTemplate.TemplateFileName)), org.Simulator.Endpoint, OrgBuilder.AdminKey, OrgBuilder.AdminSecret, org.State.ManagementAccountId);
            var after = Checks(org.Run($"Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin {LogArchive}"));
            var audit = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

            Assert.All(Addressed, id => Assert.True(after[id].Status == CheckStatus.Pass, $"{id} after: {after[id].Status}: {after[id].Evidence}"));
            // Nothing else moved: the controls no guardrail addresses keep their verdicts.
            Assert.All(before.Keys.Except(Addressed), id => Assert.Equal(before[id].Status, after[id].Status));
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
