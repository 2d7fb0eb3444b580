using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RootAccess.Playground;
using Xunit;

namespace RootAccess.Tests;

/// <summary>Long message text lives in Core/Messages.resx (or a catalogue), not inline in code.</summary>
public sealed class MessageTextTests
{
    public const int Longest = 200;

    [Fact]
    public void No_string_in_the_module_is_longer_than_200_characters()
    {
        var source = Path.Combine(ModuleLocator.RepositoryRoot(), "src", "RootAccess");
        var offenders = LayerGraph.SourcesOf(source)
            .SelectMany(s => CSharpSyntaxTree.ParseText(s.Text, path: s.Path).GetRoot().DescendantNodes()
                .Where(n => n is InterpolatedStringExpressionSyntax || (n is LiteralExpressionSyntax l && l.IsKind(SyntaxKind.StringLiteralExpression)))
                .Where(n => n.Span.Length > Longest && n.Parent is not InterpolationSyntax)
                .Select(n => $"{Path.GetFileName(s.Path)}:{n.GetLocation().GetLineSpan().StartLinePosition.Line + 1} ({n.Span.Length} characters)"))
            .ToList();

        Assert.True(offenders.Count == 0, "Strings to move to Core/Messages.resx:\n" + string.Join("\n", offenders));
    }
}
