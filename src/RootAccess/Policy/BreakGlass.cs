using System;
using System.Collections.Generic;
using System.Linq;

namespace RootAccess.Policy;

/// <summary>The principals -BreakGlassPrincipal names: full ARNs, role/NAME or user/NAME, or bare names; * and ? match.</summary>
public sealed class BreakGlass
{
    private readonly IReadOnlyList<string> _names;

    public BreakGlass(IEnumerable<string>? names) => _names = (names ?? Enumerable.Empty<string>()).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();

    public int Count => _names.Count;

    /// <summary>
    /// Why a value cannot name break-glass principals, or null: a pattern whose name is only wildcards (*, role/*,
    /// arn:aws:iam::111111111111:role/*) would exempt every principal from the controls it is meant to narrow.
    /// </summary>
    public static string? Refusal(string value)
    {
        var name = NameOf(value.Trim());
        return name.Trim('*', '?').Length == 0
            ? $"'{value}' matches every principal, which would exempt them all; name the break-glass roles or users (an ARN, role/NAME, user/NAME or NAME; * and ? may complete a name, as in role/BreakGlass*)."
            : null;
    }

    public bool Contains(string arn) => _names.Any(n => Matches(n, arn));

    /// <summary>The names that match none of the principals (a typo leaves the real break-glass role judged as any other).</summary>
    public IReadOnlyList<string> Unmatched(IEnumerable<string> arns)
    {
        var all = arns.ToList();
        return _names.Where(n => !all.Any(a => Matches(n, a))).ToList();
    }

    public override string ToString() => _names.Count == 0 ? "(none)" : string.Join(", ", _names);

    private static bool Matches(string name, string arn)
    {
        var resource = arn.Split(new[] { ':' }, 6).ElementAtOrDefault(5) ?? arn;
        var kind = resource.Split('/')[0];
        var last = resource.Substring(resource.LastIndexOf('/') + 1);
        return name.StartsWith("arn:", StringComparison.Ordinal) ? Wildcard.Matches(name, arn, true)
            : name.Contains('/') ? Wildcard.Matches(name, kind + "/" + last, true)
            : Wildcard.Matches(name, last, true);
    }

    private static string NameOf(string value)
    {
        var resource = value.StartsWith("arn:", StringComparison.Ordinal) ? value.Split(new[] { ':' }, 6).ElementAtOrDefault(5) ?? string.Empty : value;
        return resource.Substring(resource.LastIndexOf('/') + 1);
    }
}
