using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Markdig;

namespace RootAccess.HelpBuilder;

/// <summary>Writes MAML (the XML Get-Help reads for binary cmdlets) and about_*.help.txt from docs/.</summary>
public static class HelpWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static int Build(string docs, string output)
    {
        Directory.CreateDirectory(output);
        var pages = Directory.GetFiles(docs, "*.md").OrderBy(p => p, StringComparer.Ordinal).ToList();
        // Cmdlet pages are named Verb-Noun.md; other pages in docs/ (ARCHITECTURE.md) are for maintainers.
        var commands = pages.Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.Ordinal) && Path.GetFileName(p).Contains('-')).Select(CommandHelp.Parse).ToList();
        var maml = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command), new XAttribute(XNamespace.Xmlns + "dev", Dev),
            commands.Select(Command_));
        new XDocument(new XDeclaration("1.0", "utf-8", null), maml).Save(Path.Combine(output, "RootAccess.dll-Help.xml"));

        var abouts = pages.Where(p => Path.GetFileName(p).StartsWith("about_", StringComparison.Ordinal)).ToList();
        foreach (var about in abouts)
        {
            File.WriteAllText(Path.Combine(output, Path.GetFileNameWithoutExtension(about) + ".help.txt"), AboutText(File.ReadAllText(about)), new UTF8Encoding(false));
        }

        return 1 + abouts.Count;
    }

    /// <summary>An about topic as the plain text Get-Help prints: headings in capitals, code kept as written.</summary>
    public static string AboutText(string markdown)
    {
        var text = new StringBuilder();
        foreach (var line in markdown.Replace("\r", string.Empty).Split('\n'))
        {
            var heading = Regex.Match(line, "^(#+) (.*)$");
            if (heading.Success)
            {
                text.AppendLine(heading.Groups[1].Value.Length == 1 ? "TOPIC" : string.Empty);
                text.AppendLine(heading.Groups[1].Value.Length == 1 ? "    " + heading.Groups[2].Value : heading.Groups[2].Value.ToUpperInvariant());
                continue;
            }

            text.AppendLine(line.StartsWith("    ", StringComparison.Ordinal) || line.Length == 0 ? line : "    " + Markdown.ToPlainText(line).Trim());
        }

        return text.ToString();
    }

    private static XElement Command_(CommandHelp help)
    {
        var verb = help.Name.Split('-')[0];
        var noun = help.Name.Substring(verb.Length + 1);
        return new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", verb),
                new XElement(Command + "noun", noun),
                new XElement(Maml + "description", Paras(help.Synopsis))),
            new XElement(Maml + "description", Paras(help.Description)),
            new XElement(Command + "syntax", help.Syntax.Select(s => Syntax(help, s.Set))),
            new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, null))),
            new XElement(Command + "inputTypes", help.Inputs.Select(i => new XElement(Command + "inputType",
                new XElement(Dev + "type", new XElement(Maml + "name", i.Type)), new XElement(Maml + "description", Paras(i.Description))))),
            new XElement(Command + "returnValues", help.Outputs.Select(o => new XElement(Command + "returnValue",
                new XElement(Dev + "type", new XElement(Maml + "name", o.Type)), new XElement(Maml + "description", Paras(o.Description))))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select((e, i) => new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- Example {i + 1}: {Regex.Replace(e.Title, "^Example [0-9]+: ", string.Empty)} --------------------------"),
                new XElement(Dev + "code", e.Code),
                new XElement(Dev + "remarks", Paras(e.Remarks))))),
            new XElement(Maml + "relatedLinks", help.Links.Select(l => new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", l.Text), new XElement(Maml + "uri", l.Uri)))));
    }

    private static XElement Syntax(CommandHelp help, string set)
    {
        var name = Regex.Replace(set, @" \(Default\)$", string.Empty);
        var parameters = help.Parameters.Where(p => p.Sets == "(All)" || p.Sets.Split(',').Select(s => s.Trim()).Contains(name));
        return new XElement(Command + "syntaxItem", new XElement(Maml + "name", help.Name), parameters.Select(p => Parameter(p, name)));
    }

    private static XElement Parameter(ParameterHelp p, string? set)
    {
        var isSwitch = p.Type == "SwitchParameter";
        return new XElement(Command + "parameter",
            new XAttribute("required", p.Required ? "true" : "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", p.PipelineInput),
            new XAttribute("position", p.Position.ToLowerInvariant() == "named" ? "named" : p.Position),
            new XAttribute("aliases", p.Aliases.Length == 0 ? "none" : p.Aliases),
            new XElement(Maml + "name", p.Name),
            new XElement(Maml + "description", Paras(p.Description)),
            isSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), p.Type),
            new XElement(Dev + "type", new XElement(Maml + "name", p.Type)),
            new XElement(Dev + "defaultValue", p.DefaultValue));
    }

    private static XElement[] Paras(string text)
        => text.Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries).Select(p => new XElement(Maml + "para", p.Trim())).ToArray();
}
