using System.Collections.Generic;
using System.IO;
using System.Linq;
using RootAccess.Playground;
using Xunit;

namespace RootAccess.Tests;

/// <summary>
/// The layer rules of docs/ARCHITECTURE.md as one table of allowed edges between the module's folders, checked
/// against every edge the compiler finds in the source (usings, fully qualified names, unqualified uses).
/// </summary>
public sealed class LayerRulesTests
{
    private static readonly string Source = Path.Combine(ModuleLocator.RepositoryRoot(), "src", "RootAccess");

    /// <summary>Which layers a layer may use. Anything not listed is forbidden, so a new upward edge fails here.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Layers = new Dictionary<string, string[]>
    {
        ["Module"] = [],
        ["Core"] = [],
        ["Aws"] = ["Core", "Module"],
        ["Policy"] = ["Core"],
        ["Fanout"] = ["Core"],
        ["Root"] = ["Core", "Aws", "Policy"],
        ["Hardening"] = ["Core", "Aws", "Policy", "Fanout", "Root"],
        ["Evidence"] = ["Core", "Aws", "Policy", "Fanout", "Root", "Hardening"],
        ["Cmdlets"] = ["Core", "Aws", "Policy", "Fanout", "Root", "Hardening", "Evidence", "Module"],
    };

    /// <summary>Which folders inside one layer may use which: the features of Root lean on Sessions only, and no cmdlet support leans on a cmdlet.</summary>
    public static readonly ISet<string> FoldersWithinALayer = new HashSet<string>
    {
        "Aws -> Aws/Protocol",
        "Aws/Protocol -> Aws",
        "Hardening -> Hardening/Reads",
        "Hardening/Reads -> Hardening",
        "Root/Credentials -> Root/Sessions",
        "Root/ResourcePolicies -> Root/Sessions",
        "Root/Rollout -> Root/Sessions",
        "Root/Rollout -> Root/Credentials",
        "Cmdlets -> Cmdlets/Base",
        "Cmdlets -> Cmdlets/Arguments",
        "Cmdlets -> Cmdlets/RootSessions",
        "Cmdlets/RootSessions -> Cmdlets/Base",
        "Cmdlets/RootSessions -> Cmdlets/Arguments",
        "Cmdlets/Base -> Cmdlets/Arguments",
    };

    public static IEnumerable<LayerEdge> Violations(IEnumerable<LayerEdge> edges) => edges.Where(e =>
    {
        var from = LayerGraph.LayerOf(e.From);
        var to = LayerGraph.LayerOf(e.To);
        if (from != to)
        {
            return !Layers.TryGetValue(from, out var allowed) || !allowed.Contains(to);
        }

        return !FoldersWithinALayer.Contains($"{e.From} -> {e.To}");
    });

    [Fact]
    public void Every_edge_between_folders_is_one_the_table_allows()
    {
        var edges = LayerGraph.EdgesOfModule(Source);

        Assert.NotEmpty(edges);
        var folders = Directory.GetDirectories(Source).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).Append("Module");
        Assert.Equal(Layers.Keys.Order(), folders.Order());
        var violations = Violations(edges).Select(e => e.ToString()).ToList();
        Assert.True(violations.Count == 0, "Edges the layer table does not allow:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void No_cmdlet_builds_an_AWS_client()
    {
        var offenders = LayerGraph.EdgesOfModule(Source).Where(e => LayerGraph.LayerOf(e.From) == "Cmdlets" && e.Name == "AwsClientFactory").ToList();

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Theory]
    [InlineData("Core", "typeof(RootAccess.Root.RootSessionBroker)", "Root/Sessions")]
    [InlineData("Core", "typeof(global::RootAccess.Aws.AwsRetry)", "Aws")]
    [InlineData("Core", "typeof(Policy.PolicyDocument)", "Policy")]
    [InlineData("Aws", "typeof(Root.RootSession)", "Root/Sessions")]
    [InlineData("Policy", "typeof(Hardening.HardeningAssessor)", "Hardening")]
    [InlineData("Root/Sessions", "typeof(RootAccess.Cmdlets.InvokeAssumeRootCommand)", "Cmdlets")]
    [InlineData("Root/Sessions", "typeof(Root.RootCredentialAuditor)", "Root/Credentials")]
    public void An_upward_edge_written_with_a_fully_qualified_name_is_found(string folder, string expression, string reached)
    {
        var forged = Path.Combine(Source, folder, "Forged.cs");
        var text = $"namespace RootAccess.{folder.Split('/')[0]};\ninternal static class Forged {{ internal static object Reach() => {expression}; }}\n";

        var violations = Violations(LayerGraph.Edges(Source, LayerGraph.ModuleWith(Source, (forged, text)))).ToList();

        Assert.All(violations, v => Assert.Equal("Forged.cs", v.File));
        Assert.Contains(violations, v => (v.From, v.To) == (folder, reached));
    }
}
