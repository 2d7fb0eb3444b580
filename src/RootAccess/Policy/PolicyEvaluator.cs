using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RootAccess.Core;

namespace RootAccess.Policy;

/// <summary>A request to evaluate: action, resource, principal and the condition context keys it carries.</summary>
public sealed class PolicyRequest
{
    public PolicyRequest(string action, string resource, string? principalArn = null)
    {
        Action = action;
        Resource = resource;
        PrincipalArn = principalArn;
    }

    public string Action { get; }

    public string Resource { get; }

    public string? PrincipalArn { get; }

    /// <summary>Context keys (case-insensitive) to their values; a key that is absent is missing, as AWS treats it.</summary>
    public Dictionary<string, IReadOnlyList<string>> Context { get; } = new(StringComparer.OrdinalIgnoreCase);

    public PolicyRequest With(string key, params string[] values)
    {
        Context[key] = values;
        return this;
    }
}

public enum Decision
{
    ImplicitDeny,
    Allow,
    ExplicitDeny,
}

/// <summary>
/// IAM's evaluation logic for what this module needs: an explicit Deny wins; SCPs bound what identity policies
/// allow (never for the management account); Allow must come from a matching statement whose conditions hold.
/// </summary>
public static class PolicyEvaluator
{
    public static Decision Evaluate(PolicyRequest request, IEnumerable<PolicyDocument> identityPolicies, IEnumerable<PolicyDocument>? serviceControlPolicies = null, bool isManagementAccount = false)
    {
        var identity = identityPolicies.SelectMany(p => p.Statements).Where(s => Applies(s, request)).ToList();
        var scps = isManagementAccount || serviceControlPolicies is null ? null : serviceControlPolicies.ToList();
        var scpStatements = scps?.SelectMany(p => p.Statements).Where(s => Applies(s, request)).ToList();
        if (identity.Any(s => s.Effect == PolicyEffect.Deny) || (scpStatements?.Any(s => s.Effect == PolicyEffect.Deny) ?? false))
        {
            return Decision.ExplicitDeny;
        }

        // Every SCP in the set must allow (as every level of the OU path must).
        if (scps is not null && scps.Any(p => !p.Statements.Any(s => s.Effect == PolicyEffect.Allow && Applies(s, request))))
        {
            return Decision.ImplicitDeny;
        }

        return identity.Any(s => s.Effect == PolicyEffect.Allow) ? Decision.Allow : Decision.ImplicitDeny;
    }

    /// <summary>Whether a statement covers the request: action, resource, principal and every condition.</summary>
    public static bool Applies(PolicyStatement statement, PolicyRequest request)
        => MatchesAction(statement, request.Action)
           && MatchesResource(statement, request.Resource)
           && MatchesPrincipal(statement, request.PrincipalArn)
           && statement.Conditions.All(c => ConditionHolds(c, request));

    public static bool MatchesAction(PolicyStatement statement, string action)
        => statement.Actions.Any(a => Wildcard.Matches(a, action, ignoreCase: true)) != statement.NotAction;

    private static bool MatchesResource(PolicyStatement statement, string resource)
        => statement.Resources.Count == 0 || statement.Resources.Any(r => Wildcard.Matches(r, resource, ignoreCase: false)) != statement.NotResource;

    private static bool MatchesPrincipal(PolicyStatement statement, string? principalArn)
    {
        if (statement.Principals is null || principalArn is null)
        {
            return true;
        }

        var matched = statement.Principals.Any(p => p.Value.Any(v => v == "*" || Wildcard.Matches(v, principalArn, false) || (AccountId.TryParse(v, out var account) && principalArn.Split(':').ElementAtOrDefault(4) == account.Value)));
        return matched != statement.NotPrincipal;
    }

    /// <summary>One condition against the request, with AWS's rules for missing keys and set operators.</summary>
    public static bool ConditionHolds(PolicyCondition condition, PolicyRequest request)
    {
        var op = condition.Operator;
        var baseOp = PolicyParser.BaseOperator(op);
        var ifExists = op.EndsWith("IfExists", StringComparison.Ordinal);
        var forAny = op.StartsWith("ForAnyValue:", StringComparison.Ordinal);
        var forAll = op.StartsWith("ForAllValues:", StringComparison.Ordinal);
        var present = request.Context.TryGetValue(condition.Key, out var values) && values.Count > 0;

        if (baseOp == "Null")
        {
            var wantsMissing = condition.Values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase));
            return wantsMissing ? !present : present;
        }

        if (!present)
        {
            return ifExists || forAll || (!forAny && IsNegated(baseOp));
        }

        bool Test(string value) => Compare(baseOp, value, condition.Values);
        if (forAll)
        {
            return values!.All(Test);
        }

        if (forAny)
        {
            return values!.Any(Test);
        }

        // A negated operator on a multivalued key needs every value to pass; a positive one needs any.
        return IsNegated(baseOp) ? values!.All(Test) : values!.Any(Test);
    }

    private static bool IsNegated(string op) => op.Contains("Not");

    private static bool Compare(string op, string actual, IReadOnlyList<string> expected)
    {
        switch (op)
        {
            case "StringEquals": return expected.Any(e => e == actual);
            case "StringNotEquals": return expected.All(e => e != actual);
            case "StringEqualsIgnoreCase": return expected.Any(e => string.Equals(e, actual, StringComparison.OrdinalIgnoreCase));
            case "StringNotEqualsIgnoreCase": return expected.All(e => !string.Equals(e, actual, StringComparison.OrdinalIgnoreCase));
            case "StringLike": return expected.Any(e => Wildcard.Matches(e, actual, false));
            case "StringNotLike": return expected.All(e => !Wildcard.Matches(e, actual, false));
            case "ArnEquals":
            case "ArnLike": return expected.Any(e => ArnMatches(e, actual));
            case "ArnNotEquals":
            case "ArnNotLike": return expected.All(e => !ArnMatches(e, actual));
            case "Bool": return expected.Any(e => string.Equals(e, actual, StringComparison.OrdinalIgnoreCase));
            case "BinaryEquals": return expected.Any(e => e == actual);
            case "IpAddress": return expected.Any(e => IpRange.TryParse(e, out var range) && range.Contains(actual));
            case "NotIpAddress": return expected.All(e => !(IpRange.TryParse(e, out var range) && range.Contains(actual)));
        }

        if (op.StartsWith("Numeric", StringComparison.Ordinal))
        {
            return decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                   && Ordered(op.Substring("Numeric".Length), expected.Select(e => decimal.TryParse(e, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? (decimal?)x : null), a);
        }

        if (op.StartsWith("Date", StringComparison.Ordinal))
        {
            return TryDate(actual, out var a) && Ordered(op.Substring("Date".Length), expected.Select(e => TryDate(e, out var x) ? (decimal?)x : null), a);
        }

        return false;
    }

    private static bool Ordered(string comparison, IEnumerable<decimal?> expected, decimal actual)
    {
        var values = expected.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return comparison switch
        {
            "Equals" => values.Any(v => actual == v),
            "NotEquals" => values.All(v => actual != v),
            "LessThan" => values.Any(v => actual < v),
            "LessThanEquals" => values.Any(v => actual <= v),
            "GreaterThan" => values.Any(v => actual > v),
            "GreaterThanEquals" => values.Any(v => actual >= v),
            _ => false,
        };
    }

    // Dates compare as epoch seconds; policies may write either ISO 8601 or epoch.
    private static bool TryDate(string text, out decimal epoch)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out epoch))
        {
            return true;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            epoch = (decimal)(date - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
            return true;
        }

        return false;
    }

    // ARNs match segment by segment (the resource part may contain ':' and '/'), wildcards within each.
    private static bool ArnMatches(string pattern, string arn)
    {
        var p = pattern.Split(new[] { ':' }, 6);
        var a = arn.Split(new[] { ':' }, 6);
        if (p.Length != 6 || a.Length != 6)
        {
            return Wildcard.Matches(pattern, arn, false);
        }

        for (var i = 0; i < 6; i++)
        {
            if (!Wildcard.Matches(p[i], a[i], false))
            {
                return false;
            }
        }

        return true;
    }
}
