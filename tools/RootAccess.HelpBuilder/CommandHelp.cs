using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace RootAccess.HelpBuilder;

/// <summary>One cmdlet's help as platyPS markdown describes it.</summary>
public sealed class CommandHelp
{
    public string Name { get; set; } = string.Empty;

    public string Synopsis { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public List<(string Set, string Syntax)> Syntax { get; } = new();

    public List<(string Title, string Code, string Remarks)> Examples { get; } = new();

    public List<ParameterHelp> Parameters { get; } = new();

    public List<(string Type, string Description)> Inputs { get; } = new();

    public List<(string Type, string Description)> Outputs { get; } = new();

    public string Notes { get; set; } = string.Empty;

    /// <summary>RELATED LINKS as (text, address); the front matter's "online version" comes first, as platyPS writes it, so Get-Help -Online opens it.</summary>
    public List<(string Text, string Uri)> Links { get; } = new();

    public static CommandHelp Parse(string path)
    {
        var text = File.ReadAllText(path);
        var document = Markdown.Parse(StripFrontMatter(text), new MarkdownPipelineBuilder().Build());
        var help = new CommandHelp();
        var online = System.Text.RegularExpressions.Regex.Match(text, @"(?m)^online version:[ \t]*(\S+)[ \t]*$");
        if (online.Success)
        {
            help.Links.Add(("Online Version:", online.Groups[1].Value));
        }

        string section = string.Empty;
        string? subsection = null;
        var paragraphs = new List<string>();
        string? code = null;

        void Flush()
        {
            var body = string.Join("\n\n", paragraphs).Trim();
            switch (section)
            {
                case "SYNOPSIS": help.Synopsis = body; break;
                case "DESCRIPTION": help.Description = body; break;
                case "NOTES": help.Notes = body; break;
                case "EXAMPLES" when subsection is not null:
                    help.Examples.Add((subsection, code ?? string.Empty, body));
                    break;
                case "PARAMETERS" when subsection is not null && subsection.StartsWith("-", StringComparison.Ordinal):
                    help.Parameters.Add(ParameterHelp.From(subsection.Substring(1), body, code ?? string.Empty));
                    break;
                case "INPUTS" when subsection is not null:
                    help.Inputs.Add((subsection, body));
                    break;
                case "OUTPUTS" when subsection is not null:
                    help.Outputs.Add((subsection, body));
                    break;
            }

            paragraphs.Clear();
            code = null;
        }

        foreach (var block in document)
        {
            switch (block)
            {
                case HeadingBlock { Level: 1 } heading:
                    help.Name = Inline(heading.Inline);
                    break;
                case HeadingBlock { Level: 2 } heading:
                    Flush();
                    section = Inline(heading.Inline).ToUpperInvariant();
                    subsection = null;
                    break;
                case HeadingBlock { Level: 3 } heading:
                    Flush();
                    subsection = Inline(heading.Inline);
                    break;
                case FencedCodeBlock fenced when section == "SYNTAX" && subsection is not null:
                    help.Syntax.Add((subsection, Lines(fenced).Trim()));
                    break;
                case FencedCodeBlock fenced:
                    code = Lines(fenced).Trim();
                    break;
                case ParagraphBlock paragraph when section == "RELATED LINKS":
                    help.Links.Add((Inline(paragraph.Inline), paragraph.Inline?.Descendants<LinkInline>().FirstOrDefault()?.Url ?? string.Empty));
                    break;
                case ParagraphBlock paragraph:
                    paragraphs.Add(Inline(paragraph.Inline));
                    break;
            }
        }

        Flush();
        if (help.Name.Length == 0 || help.Synopsis.Length == 0)
        {
            throw new InvalidDataException($"{path}: a cmdlet page needs a '# Name' heading and a SYNOPSIS.");
        }

        return help;
    }

    public static string Inline(ContainerInline? inline)
    {
        var text = new StringBuilder();
        foreach (var item in inline?.Descendants<Inline>() ?? Enumerable.Empty<Inline>())
        {
            switch (item)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
            }
        }

        return text.ToString().Trim();
    }

    private static string Lines(LeafBlock block) => string.Join("\n", block.Lines.Lines.Take(block.Lines.Count).Select(l => l.ToString()));

    private static string StripFrontMatter(string text)
    {
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            return text;
        }

        var end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        return end < 0 ? text : text.Substring(text.IndexOf('\n', end + 1) + 1);
    }
}

/// <summary>One parameter: its description and the platyPS yaml block's facts.</summary>
public sealed class ParameterHelp
{
    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;

    public string Sets { get; set; } = string.Empty;

    public string Aliases { get; set; } = string.Empty;

    public bool Required { get; set; }

    public string Position { get; set; } = "Named";

    public string DefaultValue { get; set; } = "None";

    public string PipelineInput { get; set; } = "False";

    public static ParameterHelp From(string name, string description, string yaml)
    {
        var facts = yaml.Split('\n').Select(l => l.Split(new[] { ':' }, 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        string Fact(string key, string fallback) => facts.TryGetValue(key, out var value) && value.Length > 0 ? value : fallback;
        return new ParameterHelp
        {
            Name = name,
            Description = description,
            Type = Fact("Type", "Object"),
            Sets = Fact("Parameter Sets", "(All)"),
            Aliases = Fact("Aliases", string.Empty),
            Required = Fact("Required", "False") == "True",
            Position = Fact("Position", "Named"),
            DefaultValue = Fact("Default value", "None"),
            PipelineInput = Fact("Accept pipeline input", "False"),
        };
    }
}
