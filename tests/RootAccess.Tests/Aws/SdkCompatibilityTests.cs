using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using RootAccess.Playground;
using Xunit;

namespace RootAccess.Tests;

/// <summary>
/// A session that already loaded another AWSSDK.Core: each case runs in its own playground process, since a
/// process holds one AWSSDK.Core and this test process already has its own.
/// </summary>
public sealed class SdkCompatibilityTests
{
    private static string Package(string version)
    {
        var root = typeof(SdkCompatibilityTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "NuGetPackageRoot").Value!;
        return Path.Combine(root, "awssdk.core", version, "lib", "netstandard2.0", "AWSSDK.Core.dll");
    }

    private static (int Exit, string Output) RunWithPreloaded(string version)
    {
        // The playground's own output folder: its deps.json names the SDK's assets, which this test folder resolves differently.
        var configuration = typeof(HostedPowerShell).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var playground = Path.Combine(ModuleLocator.RepositoryRoot(), "src", "RootAccess.Playground", "bin", configuration, "net10.0", "RootAccess.Playground.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { playground, "--preload", Package(version), "Get-OrgAccounts | Get-RootCredentialStatus | ForEach-Object AccountId" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the playground did not finish");
        return (process.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public void A_newer_AWSSDK_Core_4_already_loaded_is_fine()
    {
        var (exit, output) = RunWithPreloaded("4.1.0");

        Assert.Equal(0, exit);
        Assert.Contains("444444444444", output);
    }

    [Fact]
    public void AWSSDK_Core_3_from_AWS_Tools_4_fails_the_import_with_the_fix()
    {
        var (exit, output) = RunWithPreloaded("3.7.402");

        Assert.Equal(3, exit);
        Assert.Contains("RootAccess cannot load", output);
        Assert.Contains("AWS.Tools 4.x", output);
        Assert.Contains("Start a new session", output);
        Assert.DoesNotContain("Could not load file or assembly", output);
    }

    [Fact]
    public void An_older_AWSSDK_Core_4_fails_the_import_with_the_fix()
    {
        var (exit, output) = RunWithPreloaded("4.0.3.3");

        Assert.Equal(3, exit);
        Assert.Contains("AWSSDK.Core 4.0.3.3, older than", output);
        Assert.Contains("Update-Module AWS.Tools.Common", output);
    }
}
