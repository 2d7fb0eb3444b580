using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using RootAccess.Playground;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

public sealed class HelpTests
{
    private static readonly string Docs = Path.Combine(ModuleLocator.RepositoryRoot(), "docs");

    public static IEnumerable<object[]> Cmdlets()
    {
        using var ps = HostedPowerShell.Open();
        return ps.Run("(Get-Module RootAccess).ExportedCmdlets.Keys").Output.Select(o => new object[] { o.ToString() }).ToList();
    }

    public static IEnumerable<object[]> Examples()
        => Directory.GetFiles(Docs, "*-*.md").OrderBy(f => f, StringComparer.Ordinal).SelectMany(file =>
            Regex.Matches(File.ReadAllText(file), "### (Example [0-9]+: [^\n]*)\n```powershell\n(.*?)\n```", RegexOptions.Singleline)
                .Select(m => new object[] { Path.GetFileNameWithoutExtension(file), m.Groups[1].Value, string.Join("\n", m.Groups[2].Value.Split('\n').Select(l => l.Replace("PS C:\\> ", string.Empty))) }));

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Get_Help_shows_synopsis_description_every_parameter_and_examples(string cmdlet)
    {
        using var ps = HostedPowerShell.Open();

        var help = ps.Run("Get-Help $args[0] -Full", arguments: new object[] { cmdlet }).Output.Single();
        var parameters = ps.Run("(Get-Command $args[0]).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.Cmdlet]::OptionalCommonParameters }", arguments: new object[] { cmdlet }).Output.Select(o => o.ToString()).ToList();
        var described = ps.Run("(Get-Help $args[0] -Full).parameters.parameter | ForEach-Object { if (($_.description | ForEach-Object Text) -join '') { $_.name } }", arguments: new object[] { cmdlet }).Output.Select(o => o.ToString()).ToList();
        var examples = ps.Run("@((Get-Help $args[0] -Full).examples.example).Count", arguments: new object[] { cmdlet }).Output.Single().BaseObject;

        var synopsis = help.Properties["Synopsis"].Value?.ToString() ?? string.Empty;
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotContain("[<CommonParameters>]", synopsis);
        Assert.NotEmpty(ps.Run("((Get-Help $args[0] -Full).description | ForEach-Object Text) -join ''", arguments: new object[] { cmdlet }).Output.Single().ToString());
        Assert.Empty(parameters.Except(described));
        Assert.True((int)examples >= 2, $"{cmdlet} has {examples} examples");
    }

    [Fact]
    public void The_about_topic_is_installed()
    {
        using var ps = HostedPowerShell.Open();

        var result = ps.Run("Get-Help about_RootAccess");
        var about = string.Join("\n", result.Output.Select(o => o.ToString()));

        Assert.Contains("REQUIRED IAM PERMISSIONS", about);
        Assert.Contains("Azure Automation", about);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_documented_example_runs_against_the_simulator(string cmdlet, string title, string code)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rootaccess-example-" + Guid.NewGuid());
        Directory.CreateDirectory(folder);
        await using var simulator = await AwsSimulator.StartAsync();
        simulator.Trail.AddAssumeRoot(new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc), "arn:aws:iam::111111111111:role/RootAccessAdmin", "203.0.113.5", "444444444444", "IAMAuditRootUserCredentials");
        simulator.Trail.WriteLogFiles(Path.Combine(folder, "cloudtrail-archive"));
        var caller = simulator.State.Callers[0];
        // Every caller of the sample is also a profile named after its account, as the playground offers them.
        var profiles = Path.Combine(folder, "credentials");
        File.WriteAllText(profiles, CallerProfiles.Text(simulator.State));
        using var ps = HostedPowerShell.Open(new Dictionary<string, object>
        {
            ["*:ProfileLocation"] = profiles,
            ["*:EndpointUrl"] = simulator.Endpoint,
            ["*:Region"] = "us-east-1",
            ["*:AccessKey"] = caller.AccessKeyId,
            ["*:SecretKey"] = caller.SecretAccessKey,
        });
        try
        {
            ps.Runspace.SessionStateProxy.Path.SetLocation(folder);

            var result = ps.Run(code);

            Assert.True(result.Errors.Count == 0, $"{cmdlet} {title}: {string.Join("; ", result.Errors.Select(e => e.ToString()))}");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
