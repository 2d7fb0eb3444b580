using System;
using System.Collections.Generic;
using System.Linq;
using RootAccess.Core;

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
        const string Accepted = "name the break-glass roles or users (an ARN, role/NAME, user/NAME or NAME; * and ? may complete a name, as in role/BreakGlass*)";
        var name = NameOf(value.Trim());
        if (name.Trim('*', '?').Length == 0)
        {
            return $"'{value}' matches every principal, which would exempt them all; {Accepted}.";
        }

        // IAM's own limits: an ARN is at most 2,048 characters, and no name or path holds a control character or a space.
        var shown = value.Length > 60 ? value.Substring(0, 60) + "..." : value;
        if (value.Length > 2048 || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return $"'{shown}' can never name an IAM principal (longer than 2,048 characters, or holding a space, tab or line break); {Accepted}.";
        }

        if (value.StartsWith("arn:", StringComparison.Ordinal) && (value.Split(':') is not { Length: >= 6 } parts || !AwsPartition.IsKnown(parts[1]) || parts[2] != "iam" || !(parts[4] == "*" || (parts[4].Length == 12 && parts[4].All(char.IsDigit)))))
        {
            return $"'{shown}' is not an IAM principal ARN (arn:aws:iam::123456789012:role/NAME, partitions aws, aws-us-gov, aws-cn); {Accepted}.";
        }

        return null;
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
