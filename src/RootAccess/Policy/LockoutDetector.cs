using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace RootAccess.Policy;

/// <summary>Spots the resource policies that lock everyone out: an unconditional Deny on every principal.</summary>
public static class LockoutDetector
{
    public static bool DeniesAllPrincipals(string? policy)
    {
        if (string.IsNullOrWhiteSpace(policy))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(policy!);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("Statement", out var statements))
            {
                return false;
            }

            IEnumerable<JsonElement> list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray() : new[] { statements };
            return list.Any(s => s.ValueKind == JsonValueKind.Object
                && s.TryGetProperty("Effect", out var effect) && effect.ValueKind == JsonValueKind.String && effect.GetString() == "Deny"
                && !s.TryGetProperty("Condition", out _)
                && s.TryGetProperty("Principal", out var principal) && IsEveryone(principal));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsEveryone(JsonElement principal)
        => principal.ValueKind == JsonValueKind.String
            ? principal.GetString() == "*"
            : principal.ValueKind == JsonValueKind.Object && principal.TryGetProperty("AWS", out var aws)
              && (aws.ValueKind == JsonValueKind.String ? aws.GetString() == "*" : aws.ValueKind == JsonValueKind.Array && aws.EnumerateArray().Any(a => a.GetString() == "*"));
}
