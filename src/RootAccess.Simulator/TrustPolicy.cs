using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RootAccess.Simulator;

/// <summary>Who asks to assume a role: the principal's type (AWS, Federated, Service) and the values that name it.</summary>
internal sealed record TrustRequest(string Action, string PrincipalType, IReadOnlyList<string> PrincipalNames, IReadOnlyDictionary<string, string> Context);

/// <summary>
/// A role's trust policy, evaluated as STS does for AssumeRole and AssumeRoleWithWebIdentity: an explicit Deny wins, else
/// an Allow whose principal, action and every condition match. Written here, not borrowed from the module's evaluator:
/// the simulator is the oracle the module is tested against, and a shared bug would agree with itself. It covers what
/// trust policies and SCPs use (String, Bool, Arn, IpAddress and Null operators, with IfExists and the ForAnyValue/ForAllValues
/// set forms); any other operator makes its statement not apply, so an Allow fails closed.
/// </summary>
internal static class TrustPolicy
{
    public static bool Allows(JsonNode? policy, TrustRequest request)
    {
        var statements = Statements(policy);
        var applying = statements.Where(s => Applies(s, request)).ToList();
        return !applying.Any(s => Effect(s) == "Deny") && applying.Any(s => Effect(s) == "Allow");
    }

    private static string Effect(JsonObject statement) => statement["Effect"]?.GetValue<string>() ?? string.Empty;

    /// <summary>
    /// Whether a policy without principals (an SCP) explicitly denies the request: Action or NotAction and every condition;
    /// Resource is not compared (the SCPs the simulator enforces deny on every resource).
    /// </summary>
    public static bool Denies(JsonNode? policy, TrustRequest request)
        => Statements(policy).Any(s => Effect(s) == "Deny" && Applies(s, request));

    private static List<JsonObject> Statements(JsonNode? policy) => policy?["Statement"] switch
    {
        JsonArray array => array.OfType<JsonObject>().ToList(),
        JsonObject single => new List<JsonObject> { single },
        _ => new List<JsonObject>(),
    };

    private static bool Applies(JsonObject statement, TrustRequest request)
        => (statement["NotAction"] is { } notAction
               ? !Strings(notAction).Any(a => Like(a, request.Action, ignoreCase: true))
               : Strings(statement["Action"]).Any(a => Like(a, request.Action, ignoreCase: true)))
           && (request.PrincipalType.Length == 0 || PrincipalMatches(statement["Principal"], request))
           && (statement["Condition"] is not JsonObject conditions || conditions.All(c => c.Value is JsonObject keys && keys.All(k => Holds(c.Key, k.Key, Strings(k.Value), request.Context))));

    private static bool PrincipalMatches(JsonNode? principal, TrustRequest request)
    {
        if (principal is JsonValue value && value.GetValue<string>() == "*")
        {
            return true;
        }

        if (principal is not JsonObject types)
        {
            return false;
        }

        return types.Where(t => string.Equals(t.Key, request.PrincipalType, StringComparison.Ordinal))
            .SelectMany(t => Strings(t.Value))
            .Any(named => named == "*" || request.PrincipalNames.Any(n => string.Equals(named, n, StringComparison.Ordinal)));
    }

    private static bool Holds(string op, string key, IReadOnlyList<string> expected, IReadOnlyDictionary<string, string> context)
    {
        var ifExists = op.EndsWith("IfExists", StringComparison.Ordinal);
        var setForm = op.StartsWith("ForAnyValue:", StringComparison.Ordinal) || op.StartsWith("ForAllValues:", StringComparison.Ordinal);
        var baseOp = (setForm ? op.Substring(op.IndexOf(':') + 1) : op).Replace("IfExists", string.Empty);
        var actual = context.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        if (baseOp == "Null")
        {
            return expected.Any(e => string.Equals(e, "true", StringComparison.OrdinalIgnoreCase)) == (actual is null);
        }

        if (actual is null)
        {
            // A missing key: IfExists and negated operators hold, positive ones do not (ForAllValues holds on an empty set).
            return ifExists || baseOp.Contains("Not") || op.StartsWith("ForAllValues:", StringComparison.Ordinal);
        }

        return baseOp switch
        {
            "StringEquals" => expected.Contains(actual, StringComparer.Ordinal),
            "StringNotEquals" => !expected.Contains(actual, StringComparer.Ordinal),
            "StringEqualsIgnoreCase" => expected.Contains(actual, StringComparer.OrdinalIgnoreCase),
            "StringLike" => expected.Any(e => Like(e, actual, ignoreCase: false)),
            "StringNotLike" => !expected.Any(e => Like(e, actual, ignoreCase: false)),
            "Bool" => expected.Any(e => string.Equals(e, actual, StringComparison.OrdinalIgnoreCase)),
            "ArnEquals" or "ArnLike" => expected.Any(e => Like(e, actual, ignoreCase: false)),
            "ArnNotEquals" or "ArnNotLike" => !expected.Any(e => Like(e, actual, ignoreCase: false)),
            "IpAddress" => expected.Any(e => InRange(e, actual)),
            "NotIpAddress" => !expected.Any(e => InRange(e, actual)),
            _ => false,
        };
    }

    private static bool InRange(string cidr, string address)
        => System.Net.IPAddress.TryParse(address, out var ip)
           && System.Net.IPNetwork.TryParse(cidr.Contains('/') ? cidr : cidr + (cidr.Contains(':') ? "/128" : "/32"), out var network)
           && network.Contains(ip);

    private static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => n?.ToString() ?? string.Empty).ToList(),
        null => Array.Empty<string>(),
        _ => new[] { node.ToString() },
    };

    private static bool Like(string pattern, string value, bool ignoreCase)
        => Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.CultureInvariant | RegexOptions.Singleline);
}
