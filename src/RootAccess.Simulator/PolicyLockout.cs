using System;
using System.Linq;
using System.Text.Json;

namespace RootAccess.Simulator;

/// <summary>The question S3 and SQS both ask of a resource policy: does a statement deny every principal this action?</summary>
internal static class PolicyLockout
{
    public static bool DeniesEveryone(string? policy, string action)
    {
        if (string.IsNullOrEmpty(policy))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(policy);
            if (!document.RootElement.TryGetProperty("Statement", out var statements))
            {
                return false;
            }

            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : new() { statements };
            return list.Any(s =>
                s.TryGetProperty("Effect", out var effect) && effect.GetString() == "Deny"
                && s.TryGetProperty("Principal", out var who) && (who.ValueKind == JsonValueKind.String ? who.GetString() == "*" : who.TryGetProperty("AWS", out var aws) && aws.ValueKind == JsonValueKind.String && aws.GetString() == "*")
                && s.TryGetProperty("Action", out var actions) && Values(actions).Any(a => a == "*" || a == "s3:*" || a == "sqs:*" || string.Equals(a, action, StringComparison.OrdinalIgnoreCase)));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string[] Values(JsonElement element)
        => element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray() : new[] { element.GetString() ?? string.Empty };
}
