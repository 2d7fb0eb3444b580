using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RootAccess.Playground;
using RootAccess.Root;
using Xunit;

namespace RootAccess.Tests;

/// <summary>Tests that change process environment variables; they never run beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class EnvironmentTests
{
    [Fact]
    public async Task With_AWS_Tools_session_defaults_set_every_cmdlet_runs_without_region_or_credential_parameters()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(3));
        using var env = new EnvironmentScope(new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = null,
            ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_REGION"] = null,
            ["AWS_DEFAULT_REGION"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_CONFIG_FILE"] = Path.Combine(Path.GetTempPath(), "rootaccess-no-config-" + Guid.NewGuid()),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Path.GetTempPath(), "rootaccess-no-credentials-" + Guid.NewGuid()),
            ["AWS_ENDPOINT_URL"] = org.Simulator.Endpoint,
        });
        using var ps = HostedPowerShell.Open();
        // What Set-AWSCredential -ProfileName org-admin and Set-DefaultAWSRegion eu-central-1 leave in the session.
        ps.Runspace.SessionStateProxy.SetVariable("global:StoredAWSCredentials", Amazon.PowerShell.Common.AWSPSCredentials.FromProfile(new Amazon.Runtime.BasicAWSCredentials(OrgBuilder.AdminKey, OrgBuilder.AdminSecret), "org-admin"));
        ps.Runspace.SessionStateProxy.SetVariable("global:StoredAWSRegion", "eu-central-1");
        var member = OrgBuilder.MemberId(1);
        var scripts = new[]
        {
            "Get-OrgAccount",
            "Get-OrgAccounts | Get-RootCredentialStatus",
            $"Invoke-AssumeRoot {member} IAMAuditRootUserCredentials",
            $"Remove-RootCredential {member} -WhatIf",
            $"Enable-RootPasswordRecovery {member} -WhatIf",
            $"Unlock-S3BucketPolicy -AccountId {member}",
            $"Unlock-SQSQueuePolicy -AccountId {member}",
            "Get-OrgRootAccessStatus",
            "Enable-OrgRootAccess -WhatIf",
            "Disable-OrgRootAccess -WhatIf",
            "Get-AssumeRootEvent -Since 1h",
        };

        foreach (var script in scripts)
        {
            org.Simulator.SigningRegions.Clear();
            var result = ps.Run(script);
            Assert.True(result.Errors.Count == 0, $"{script}: {string.Join(" | ", result.Errors.Select(e => e.FullyQualifiedErrorId + " " + e.ErrorDetails?.Message))}");
            Assert.True(org.Simulator.SigningRegions.Count > 0, $"{script}: no call reached the simulator");
            Assert.All(org.Simulator.SigningRegions.Where(r => r.Key is not ("iam" or "organizations")), r => Assert.True(r.Value == "eu-central-1", $"{script}: {r.Key} signed for {r.Value}"));
        }

        Assert.True(org.Simulator.CallCount("AssumeRoot") >= 4);
        Assert.DoesNotContain(org.Simulator.CallLog, c => c.StartsWith("Enable", StringComparison.Ordinal) || c.StartsWith("Disable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_resolvable_region_is_a_terminating_error_that_names_Region()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));
        using var env = new EnvironmentScope(new Dictionary<string, string?>
        {
            ["AWS_REGION"] = null,
            ["AWS_DEFAULT_REGION"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_CONFIG_FILE"] = Path.Combine(Path.GetTempPath(), "rootaccess-no-config-" + Guid.NewGuid()),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Path.GetTempPath(), "rootaccess-no-credentials-" + Guid.NewGuid()),
        });
        using var ps = HostedPowerShell.Open(new Dictionary<string, object>
        {
            ["*:EndpointUrl"] = org.Simulator.Endpoint,
            ["*:AccessKey"] = OrgBuilder.AdminKey,
            ["*:SecretKey"] = OrgBuilder.AdminSecret,
        });

        var result = ps.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(1)} IAMAuditRootUserCredentials");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NoRegion,RootAccess.Cmdlets.InvokeAssumeRootCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-Region", error.ErrorDetails.Message);
        Assert.Equal("Region", error.TargetObject);
        Assert.Equal(0, org.Simulator.CallCount("AssumeRoot"));
    }

    [Fact]
    public async Task The_sdk_default_chain_and_AWS_ENDPOINT_URL_reach_the_simulator_without_parameters()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(4));
        using var env = new EnvironmentScope(new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = OrgBuilder.AdminKey,
            ["AWS_SECRET_ACCESS_KEY"] = OrgBuilder.AdminSecret,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_REGION"] = "eu-west-2",
            ["AWS_ENDPOINT_URL"] = org.Simulator.Endpoint,
            ["AWS_PROFILE"] = null,
        });
        using var ps = HostedPowerShell.Open();

        var result = ps.Run("Get-OrgAccounts | Get-RootCredentialStatus");

        Assert.Empty(result.Errors);
        Assert.Equal(4, SignaturePipelineTests.Rows(result).Count(r => r.Status == RootAccess.Root.AuditStatus.Audited));
        Assert.Equal("eu-west-2", org.Simulator.SigningRegions["sts"]);
        Assert.Equal("us-east-1", org.Simulator.SigningRegions["iam"]);
        Assert.Equal("us-east-1", org.Simulator.SigningRegions["organizations"]);
    }

    [Fact]
    public async Task A_named_profile_supplies_credentials_and_region()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));
        var credentialsFile = Path.Combine(Path.GetTempPath(), "rootaccess-credentials-" + Guid.NewGuid());
        File.WriteAllText(credentialsFile, $"[rootadmin]\naws_access_key_id = {OrgBuilder.AdminKey}\naws_secret_access_key = {OrgBuilder.AdminSecret}\nregion = ap-southeast-2\n");
        using var env = new EnvironmentScope(new Dictionary<string, string?> { ["AWS_REGION"] = null, ["AWS_DEFAULT_REGION"] = null, ["AWS_ACCESS_KEY_ID"] = null, ["AWS_SECRET_ACCESS_KEY"] = null });
        try
        {
            using var ps = HostedPowerShell.Open();

            var session = ps.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(2)} IAMAuditRootUserCredentials -ProfileName rootadmin -ProfileLocation $args[0] -EndpointUrl $args[1]", arguments: new object[] { credentialsFile, org.Simulator.Endpoint });
            var missing = ps.Run("Get-OrgAccount -ProfileName nosuchprofile -ProfileLocation $args[0]", arguments: new object[] { credentialsFile });

            Assert.Empty(session.Errors);
            Assert.Equal("ap-southeast-2", ((RootSession)Assert.Single(session.Output).BaseObject).Region);
            var error = Assert.Single(missing.Errors);
            Assert.Equal("ProfileNotFound,RootAccess.Cmdlets.GetOrgAccountCommand", error.FullyQualifiedErrorId);
            Assert.Contains("nosuchprofile", error.ErrorDetails.Message);
        }
        finally
        {
            File.Delete(credentialsFile);
        }
    }

    private sealed class EnvironmentScope : IDisposable
    {
        private readonly Dictionary<string, string?> _saved;

        public EnvironmentScope(Dictionary<string, string?> values)
        {
            _saved = values.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
            foreach (var pair in values)
            {
                Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            }

            Amazon.Runtime.FallbackRegionFactory.Reset();
        }

        public void Dispose()
        {
            foreach (var pair in _saved)
            {
                Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            }

            Amazon.Runtime.FallbackRegionFactory.Reset();
        }
    }
}
