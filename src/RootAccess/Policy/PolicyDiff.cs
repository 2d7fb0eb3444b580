using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace RootAccess.Policy;

/// <summary>What writing one policy over another changes, statement by statement (each statement compared as compact JSON).</summary>
public static class PolicyDiff
{
    /// <summary>"- statement" for each statement only in <paramref name="before"/>, "+ statement" for each only in <paramref name="after"/>.</summary>
    public static IReadOnlyList<string> Statements(string? before, string after)
    {
        var old = StatementsOf(before);
        var now = StatementsOf(after);
        return old.Where(s => !now.Contains(s)).Select(s => "- " + s)
            .Concat(now.Where(s => !old.Contains(s)).Select(s => "+ " + s))
            .ToList();
    }

    private static List<string> StatementsOf(string? policy)
    {
        if (string.IsNullOrEmpty(policy))
        {
            return new List<string>();
        }

        try
        {
            using var document = JsonDocument.Parse(policy!);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("Statement", out var statement))
            {
                return new List<string> { document.RootElement.GetRawText() };
            }

            var items = statement.ValueKind == JsonValueKind.Array ? statement.EnumerateArray().ToList() : new List<JsonElement> { statement };
            return items.Select(s => JsonSerializer.Serialize(s)).ToList();
        }
        catch (JsonException)
        {
            return new List<string> { policy! };
        }
    }
}
