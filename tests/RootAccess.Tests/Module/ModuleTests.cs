using System;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading.Tasks;
using RootAccess.Cmdlets;
using RootAccess.Playground;
using Xunit;

namespace RootAccess.Tests;

public sealed class ModuleTests
{
    [Fact]
    public void The_manifest_is_valid_and_exports_exactly_the_cmdlets_the_assembly_defines()
    {
        using var ps = HostedPowerShell.Open();
        var defined = typeof(AwsCmdlet).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<CmdletAttribute>())
            .Where(a => a is not null)
            .Select(a => a!.VerbName + "-" + a.NounName)
            .OrderBy(n => n)
            .ToList();

        var manifest = ps.Run("Test-ModuleManifest -Path $args[0]", arguments: new object[] { ModuleLocator.ModuleManifest() });
        var exported = ps.Run("(Get-Module RootAccess).ExportedCmdlets.Keys");
        var aliases = ps.Run("(Get-Module RootAccess).ExportedAliases.Keys");
        var version = ps.Run("(Get-Module RootAccess).Version.ToString()");

        Assert.Empty(manifest.Errors);
        Assert.Equal(defined, exported.Output.Select(o => o.ToString()).OrderBy(n => n));
        Assert.Equal(new[] { "Get-OrgAccounts" }, aliases.Output.Select(o => o.ToString()));
        Assert.Equal(typeof(AwsCmdlet).Assembly.GetName().Version!.ToString(3), version.Output.Single().ToString());
    }

    [Fact]
    public void Every_cmdlet_has_the_AWS_common_parameters_and_declares_its_output()
    {
        using var ps = HostedPowerShell.Open();
        foreach (var type in typeof(AwsCmdlet).Assembly.GetTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() is not null))
        {
            // Test-AssumeRootPolicy works offline and takes no AWS parameters.
            if (!typeof(AwsCmdlet).IsAssignableFrom(type))
            {
                Assert.True(type.IsSealed, type.Name + " should be sealed");
                continue;
            }

            Assert.True(type.IsSealed, type.Name + " should be sealed");
            Assert.NotEmpty(type.GetCustomAttributes<OutputTypeAttribute>());
            var attribute = type.GetCustomAttribute<CmdletAttribute>()!;
            var parameters = ps.Run("(Get-Command $args[0]).Parameters.Keys", arguments: new object[] { attribute.VerbName + "-" + attribute.NounName }).Output.Select(o => o.ToString()).ToList();
            foreach (var common in new[] { "Region", "ProfileName", "Credential", "AccessKey", "SecretKey", "SessionToken", "EndpointUrl" })
            {
                Assert.Contains(common, parameters);
            }
        }
    }

    [Fact]
    public void TaskPolicy_completes_the_five_names()
    {
        using var ps = HostedPowerShell.Open();

        const string complete = "(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText";
        var all = ps.Run(complete, arguments: new object[] { "Invoke-AssumeRoot 123456789012 -TaskPolicy " });
        var s3 = ps.Run(complete, arguments: new object[] { "Invoke-AssumeRoot 123456789012 -TaskPolicy s3" });

        Assert.Equal(RootAccess.Core.TaskPolicies.Names, all.Output.Select(o => o.ToString()));
        Assert.Equal(new[] { "S3UnlockBucketPolicy" }, s3.Output.Select(o => o.ToString()));
    }

    [Fact]
    public async Task A_task_policy_is_accepted_by_short_name_in_any_case_or_by_ARN()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));

        var result = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(1)} iamauditrootusercredentials; Invoke-AssumeRoot -TargetPrincipal arn:aws:iam::{OrgBuilder.MemberId(2)}:root -TaskPolicyArn arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword -DurationSeconds 60");

        Assert.Empty(result.Errors);
        var sessions = result.Output.Select(o => (RootAccess.Root.RootSession)o.BaseObject).ToList();
        Assert.Equal(new[] { "IAMAuditRootUserCredentials", "IAMCreateRootUserPassword" }, sessions.Select(s => s.TaskPolicy));
        Assert.Equal(OrgBuilder.MemberId(2), sessions[1].AccountId);
        Assert.Contains("persistence", Assert.Single(result.Warnings));
    }

    [Fact]
    public async Task Tables_render_through_the_module_views()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));
        var rows = org.Run("Get-OrgAccounts | Get-RootCredentialStatus").Output;

        var text = org.PowerShell.Render(rows.Cast<object>());

        var header = text.Split('\n').First(l => l.StartsWith("AccountId", StringComparison.Ordinal));
        // Every header is a property name, so Where-Object and Select-Object take what the table shows.
        Assert.Matches(@"^AccountId\s+AccountName\s+Status\s+HasRootCredentials\s+PasswordPresent\s*$", header.TrimEnd('\r'));
        Assert.Contains(OrgBuilder.MemberId(2), text);
    }
}

public sealed class PesterFileTests
{
    [Fact]
    public void The_Pester_tests_parse_without_errors()
    {
        var files = System.IO.Directory.GetFiles(System.IO.Path.Combine(ModuleLocator.RepositoryRoot(), "tests", "Pester"), "*.ps1");

        Assert.True(files.Length >= 16, "tests/Pester holds a file per cmdlet, the module's file, the runner and its support");
        foreach (var path in files)
        {
            System.Management.Automation.Language.Parser.ParseFile(path, out _, out var errors);
            Assert.True(errors.Length == 0, path + ": " + string.Join("; ", errors.Select(e => e.Message)));
        }
    }
}
