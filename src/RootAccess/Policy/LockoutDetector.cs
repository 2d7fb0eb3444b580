using System.Collections.Generic;
using System.Linq;

namespace RootAccess.Policy;

/// <summary>Spots the resource policies that lock everyone out: an unconditional Deny on every principal.</summary>
public static class LockoutDetector
{
    public static bool DeniesAllPrincipals(string? policy) => LockingStatements(policy).Any();

    /// <summary>What the policy denies, in one line per Deny statement (for a refusal or a confirmation).</summary>
    public static string DescribeDenies(string? policy)
    {
        var document = TryParse(policy, out var problem);
        if (document is null)
        {
            return "the policy could not be read as IAM JSON (" + problem + ")";
        }

        var denies = document.Statements.Where(s => s.Effect == PolicyEffect.Deny).Select(Describe).ToList();
        return denies.Count == 0 ? "the policy has no Deny statement" : string.Join("; ", denies);
    }

    private static IEnumerable<PolicyStatement> LockingStatements(string? policy)
        => TryParse(policy, out _)?.Statements.Where(s => s.Effect == PolicyEffect.Deny && s.Conditions.Count == 0 && !s.NotPrincipal && IsEveryone(s))
           ?? Enumerable.Empty<PolicyStatement>();

    private static PolicyDocument? TryParse(string? policy, out string problem)
    {
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(policy))
        {
            problem = "it is empty";
            return null;
        }

        try
        {
            return PolicyParser.Parse(policy!, "resource policy");
        }
        catch (PolicyParseException ex)
        {
            problem = ex.Message;
            return null;
        }
    }

    private static bool IsEveryone(PolicyStatement statement)
        => statement.Principals is { } principals && principals.Any(p => (p.Key == "*" || p.Key == "AWS") && p.Value.Contains("*"));

    private static string Describe(PolicyStatement s)
    {
        var who = s.Principals is null ? "no principal" : IsEveryone(s) ? "every principal" : string.Join(", ", s.Principals.SelectMany(p => p.Value));
        var what = (s.NotAction ? "everything but " : string.Empty) + string.Join(", ", s.Actions);
        var when = s.Conditions.Count == 0 ? " unconditionally" : " when " + string.Join(" and ", s.Conditions);
        return $"{s.Name} denies {what} to {(s.NotPrincipal ? "everyone but " : string.Empty)}{who}{when}";
    }
}
