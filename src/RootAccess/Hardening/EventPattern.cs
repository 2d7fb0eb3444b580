using System;
using System.Linq;
using System.Text.Json;

namespace RootAccess.Hardening;

/// <summary>
/// Whether an EventBridge event pattern matches an event (Amazon EventBridge User Guide, "Event patterns" and "Content
/// filtering"): every pattern field must match; a list matches when one of its values or filters does (exact values,
/// prefix, suffix, wildcard, anything-but, exists, equals-ignore-case). No .NET library for EventBridge patterns is
/// reachable here, so this small one covers the operators alerting rules use; an operator it does not know never matches.
/// </summary>
public static class EventPattern
{
    public static bool Matches(string pattern, string eventJson)
    {
        try
        {
            using var p = JsonDocument.Parse(pattern);
            using var e = JsonDocument.Parse(eventJson);
            return p.RootElement.ValueKind == JsonValueKind.Object && Object(p.RootElement, e.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Object(JsonElement pattern, JsonElement value)
    {
        foreach (var field in pattern.EnumerateObject())
        {
            var present = value.ValueKind == JsonValueKind.Object && value.TryGetProperty(field.Name, out var child);
            child = present ? value.GetProperty(field.Name) : default;
            var ok = field.Value.ValueKind switch
            {
                JsonValueKind.Object => present && Object(field.Value, child),
                JsonValueKind.Array => field.Value.EnumerateArray().Any(f => Filter(f, present, child)),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Filter(JsonElement filter, bool present, JsonElement value)
    {
        if (filter.ValueKind == JsonValueKind.Object)
        {
            var op = filter.EnumerateObject().FirstOrDefault();
            if (op.Name == "exists")
            {
                return op.Value.ValueKind == JsonValueKind.True ? present : !present;
            }

            if (!present)
            {
                return false;
            }

            var text = Text(value);
            return op.Name switch
            {
                "prefix" => op.Value.ValueKind == JsonValueKind.String && text is not null && text.StartsWith(op.Value.GetString()!, StringComparison.Ordinal),
                "suffix" => op.Value.ValueKind == JsonValueKind.String && text is not null && text.EndsWith(op.Value.GetString()!, StringComparison.Ordinal),
                "equals-ignore-case" => text is not null && string.Equals(text, op.Value.GetString(), StringComparison.OrdinalIgnoreCase),
                "wildcard" => text is not null && Policy.Wildcard.Matches(op.Value.GetString() ?? string.Empty, text, false),
                "anything-but" => op.Value.ValueKind == JsonValueKind.Array
                    ? op.Value.EnumerateArray().All(v => !Same(v, value))
                    : op.Value.ValueKind != JsonValueKind.Object && !Same(op.Value, value),
                _ => false,
            };
        }

        if (!present)
        {
            return filter.ValueKind == JsonValueKind.Null;
        }

        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Any(v => Same(filter, v)) : Same(filter, value);
    }

    private static bool Same(JsonElement a, JsonElement b)
        => a.ValueKind == b.ValueKind && (a.ValueKind == JsonValueKind.String ? a.GetString() == b.GetString() : a.GetRawText() == b.GetRawText());

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
