using System.Collections.Generic;
using RootAccess.Core;

namespace RootAccess.Policy;

/// <summary>One AssumeRoot policy rule (RA001-RA015) as the catalogue holds it: what it is and what to do about it.</summary>
public sealed class RuleEntry
{
    public string Id { get; set; } = string.Empty;

    /// <summary>The rule's usual severity (RA008 is Critical in the management account).</summary>
    public FindingSeverity Severity { get; set; }

    public string Title { get; set; } = string.Empty;

    public string Remediation { get; set; } = string.Empty;
}

/// <summary>The rules of <see cref="AssumeRootRules"/>, from <c>Policy/rules.json</c>.</summary>
public static class RuleCatalogue
{
    public static readonly IReadOnlyDictionary<string, RuleEntry> Rules = Catalogue.Load<RuleEntry>("RootAccess.Policy.rules.json", r => r.Id);

    /// <summary>A finding of rule <paramref name="id"/>: the catalogue's title and remediation, the check's own detail.</summary>
    public static PolicyFinding Finding(string id, string source, PolicyStatement? statement, string detail, FindingSeverity? severity = null)
    {
        var rule = Rules[id];
        return new PolicyFinding
        {
            RuleId = id,
            Severity = severity ?? rule.Severity,
            Title = rule.Title,
            Source = source,
            StatementSid = statement?.Name ?? string.Empty,
            Detail = detail,
            Remediation = rule.Remediation,
        };
    }
}
