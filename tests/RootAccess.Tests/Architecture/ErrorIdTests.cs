using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using RootAccess.Core;
using RootAccess.Playground;
using Xunit;

namespace RootAccess.Tests;

/// <summary>Every error id the module writes comes from Core/ErrorIds: found with the compiler, so no literal, concatenation or copy slips by.</summary>
public sealed class ErrorIdTests
{
    private static readonly string Source = Path.Combine(ModuleLocator.RepositoryRoot(), "src", "RootAccess");

    private static readonly HashSet<string> Catalogue = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

    /// <summary>Error ids given other than as an ErrorIds field, and copies of a catalogue id written as a literal elsewhere.</summary>
    public static IReadOnlyList<string> Offenders(Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation)
    {
        var offenders = new List<string>();
        foreach (var tree in compilation.SyntaxTrees.Where(t => Path.GetFileName(t.FilePath) != "ErrorIds.cs"))
        {
            var model = compilation.GetSemanticModel(tree);
            string Where(SyntaxNode node) => $"{Path.GetFileName(tree.FilePath)}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1} {node}";

            void Check(ExpressionSyntax value)
            {
                var field = model.GetSymbolInfo(value).Symbol as IFieldSymbol;
                var fromCatalogue = field is { IsConst: true, ContainingType.Name: nameof(ErrorIds) };
                if (value is InterpolatedStringExpressionSyntax || value is BinaryExpressionSyntax || (model.GetConstantValue(value).HasValue && !fromCatalogue))
                {
                    offenders.Add(Where(value));
                }
            }

            foreach (var argument in tree.GetRoot().DescendantNodes().OfType<ArgumentSyntax>())
            {
                if (model.GetOperation(argument) is IArgumentOperation { Parameter.Name: var name } && name is "errorId" or "ErrorId" or "step")
                {
                    Check(argument.Expression);
                }
            }

            foreach (var assignment in tree.GetRoot().DescendantNodes().OfType<AssignmentExpressionSyntax>().Where(a => a.Left is IdentifierNameSyntax { Identifier.Text: "ErrorId" }))
            {
                Check(assignment.Right);
            }

            foreach (var literal in tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Where(l => l.IsKind(SyntaxKind.StringLiteralExpression) && Catalogue.Contains(l.Token.ValueText)))
            {
                offenders.Add(Where(literal));
            }
        }

        return offenders.Distinct().ToList();
    }

    [Fact]
    public void No_error_id_is_written_outside_the_catalogue()
    {
        var offenders = Offenders(LayerGraph.ModuleCompilation(Source));

        Assert.True(offenders.Count == 0, "Error ids outside Core/ErrorIds:\n" + string.Join("\n", offenders));
    }

    [Theory]
    [InlineData("new System.Management.Automation.ErrorRecord(new System.Exception(), \"MadeUpFailed\", System.Management.Automation.ErrorCategory.NotSpecified, null)")]
    [InlineData("new System.Management.Automation.ErrorRecord(new System.Exception(), verb + \"OrgRootAccessFailed\", System.Management.Automation.ErrorCategory.NotSpecified, null)")]
    [InlineData("new System.Management.Automation.ErrorRecord(new System.Exception(), $\"{verb}Failed\", System.Management.Automation.ErrorCategory.NotSpecified, null)")]
    [InlineData("\"AssumeRootFailed\"")]
    public void The_test_finds_a_literal_a_concatenation_and_a_copy(string expression)
    {
        var forged = ("Forged.cs", $"namespace RootAccess.Cmdlets;\ninternal static class Forged {{ internal static object Make(string verb) => {expression}; }}\n");

        var offenders = Offenders(LayerGraph.ModuleWith(Source, forged));

        Assert.Contains(offenders, o => o.StartsWith("Forged.cs:2"));
    }
}
