using System.IO;
using System.Linq;
using RootAccess.Playground;
using Xunit;

namespace RootAccess.Tests;

/// <summary>The layer rules of docs/ARCHITECTURE.md, read from the source so that a change that breaks one fails here.</summary>
public sealed class LayerRulesTests
{
    private static readonly string Source = Path.Combine(ModuleLocator.RepositoryRoot(), "src", "RootAccess");

    private static string[] Files(string folder) => Directory.GetFiles(Path.Combine(Source, folder), "*.cs", SearchOption.AllDirectories);

    [Theory]
    [InlineData("Core", "using RootAccess.")]
    [InlineData("Policy", "using RootAccess.Root")]
    [InlineData("Policy", "using RootAccess.Aws")]
    [InlineData("Fanout", "using RootAccess.Root")]
    [InlineData("Fanout", "using RootAccess.Aws")]
    [InlineData("Cmdlets", "AwsClientFactory.")]
    [InlineData("Root", "using RootAccess.Hardening")]
    [InlineData("Policy", "using RootAccess.Hardening")]
    public void A_layer_does_not_reach_what_it_may_not(string folder, string forbidden)
    {
        var offenders = Files(folder).Where(f => File.ReadAllLines(f).Any(l => l.TrimStart().StartsWith(forbidden, System.StringComparison.Ordinal) || (forbidden.EndsWith(".") && !forbidden.StartsWith("using") && l.Contains(forbidden)))).ToList();

        Assert.NotEmpty(Files(folder));
        Assert.True(offenders.Count == 0, $"{folder} must not use '{forbidden}': {string.Join(", ", offenders.Select(Path.GetFileName))}");
    }
}
