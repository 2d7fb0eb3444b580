using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RootAccess.Tests;

/// <summary>One use of a type, member or namespace declared in another folder of src/RootAccess.</summary>
/// <remarks>A namespace's folder is its layer ("Root"): a using names a layer, not a feature in it.</remarks>
public sealed record LayerEdge(string From, string To, string File, int Line, string Name)
{
    public override string ToString() => $"{From} -> {To} ({File}:{Line} {Name})";
}

/// <summary>
/// The module's folders and every edge between them, found by the compiler: a using, a fully qualified name
/// (RootAccess.Root.X, Core.AccountId, global::...) and an unqualified use all resolve to the folder that declares them.
/// </summary>
public static class LayerGraph
{
    /// <summary>The folder of a file below <paramref name="root"/>: "Core", "Root/Sessions", "Cmdlets/Base"; "Cmdlets" for a command file; "Module" at the top.</summary>
    public static string FolderOf(string root, string file)
    {
        var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return parts.Length switch
        {
            1 => "Module",
            2 => parts[0],
            _ => parts[0] + "/" + parts[1],
        };
    }

    /// <summary>The top-level folder (the layer) of a folder: "Root/Sessions" is in "Root".</summary>
    public static string LayerOf(string folder) => folder.Split('/')[0];

    /// <summary>The module's source files (not bin/ or obj/).</summary>
    public static IEnumerable<(string Path, string Text)> SourcesOf(string root)
        => Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (f, File.ReadAllText(f)));

    /// <summary>The sources compiled with the test's own references, for their semantic models (generated files such as Messages are absent, so their names do not bind).</summary>
    public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> sources)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, new CSharpParseOptions(LanguageVersion.Latest), s.Path)).ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(p => !Path.GetFileName(p).StartsWith("RootAccess", StringComparison.Ordinal))
            .GroupBy(Path.GetFileName).Select(g => MetadataReference.CreateFromFile(g.First()));
        return CSharpCompilation.Create("LayerGraph", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<CSharpCompilation>> Modules = new(StringComparer.Ordinal);

    /// <summary>The module under <paramref name="root"/> compiled once per test run (each test that needs it shares it).</summary>
    public static CSharpCompilation ModuleCompilation(string root)
        => Modules.GetOrAdd(root, r => new Lazy<CSharpCompilation>(() => Compile(SourcesOf(r)))).Value;

    /// <summary>The module with one more source file (a forged edge or id, for the tests of the tests).</summary>
    public static CSharpCompilation ModuleWith(string root, (string Path, string Text) extra)
        => ModuleCompilation(root).AddSyntaxTrees(CSharpSyntaxTree.ParseText(extra.Text, new CSharpParseOptions(LanguageVersion.Latest), extra.Path));

    public static IReadOnlyList<LayerEdge> Edges(string root, IEnumerable<(string Path, string Text)> sources) => Edges(root, Compile(sources));

    public static IReadOnlyList<LayerEdge> Edges(string root, CSharpCompilation compilation)
    {
        var edges = new List<LayerEdge>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            var from = FolderOf(root, tree.FilePath);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.Ancestors().Any(a => a is BaseNamespaceDeclarationSyntax d && d.Name.Span.Contains(name.Span)))
                {
                    continue;
                }

                var info = model.GetSymbolInfo(name);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                if (symbol is null || HomeOf(root, symbol) is not { } to || to == from || (symbol is INamespaceSymbol && to == LayerOf(from)))
                {
                    continue;
                }

                edges.Add(new LayerEdge(from, to, Path.GetFileName(tree.FilePath), name.GetLocation().GetLineSpan().StartLinePosition.Line + 1, name.ToString()));
            }
        }

        return edges;
    }

    public static IReadOnlyList<LayerEdge> EdgesOfModule(string root) => Edges(root, ModuleCompilation(root));

    private static string? HomeOf(string root, ISymbol symbol)
    {
        if (symbol is INamespaceSymbol ns)
        {
            var name = ns.ToDisplayString();
            return name.StartsWith("RootAccess.", StringComparison.Ordinal) ? name.Split('.')[1] : null;
        }

        if (symbol is IParameterSymbol or ILocalSymbol or IRangeVariableSymbol or ILabelSymbol or ITypeParameterSymbol)
        {
            return null;
        }

        var declaring = symbol.OriginalDefinition;
        var location = declaring.Locations.FirstOrDefault(l => l.IsInSource);
        return location?.SourceTree?.FilePath is { Length: > 0 } path ? FolderOf(root, path) : null;
    }
}
