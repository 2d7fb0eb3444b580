using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace RootAccess.Policy;

/// <summary>Parses IAM policy JSON exactly as AWS accepts it, and refuses what AWS would refuse.</summary>
public static class PolicyParser
{
    private static readonly string[] Operators =
    {
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
        "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
    };

    /// <summary>The base operator of a written operator: ForAnyValue:StringLikeIfExists is StringLike.</summary>
    public static string BaseOperator(string op)
    {
        var name = op.Contains(':') ? op.Substring(op.IndexOf(':') + 1) : op;
        return name.EndsWith("IfExists", StringComparison.Ordinal) && name != "IfExists" ? name.Substring(0, name.Length - "IfExists".Length) : name;
    }

    public static PolicyDocument Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            throw new PolicyParseException(source, "not valid JSON: " + FirstSentence(ex.Message), (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1);
        }

        RefuseDuplicateKeys(json, source);
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyParseException(source, $"a policy is a JSON object with a Statement, not {Kind(root)}.");
            }

            if (!TryGet(root, "Statement", out var statements))
            {
                throw new PolicyParseException(source, "the policy has no Statement.");
            }

            var list = statements.ValueKind switch
            {
                JsonValueKind.Array => statements.EnumerateArray().ToList(),
                JsonValueKind.Object => new List<JsonElement> { statements },
                _ => throw new PolicyParseException(source, $"Statement must be an object or an array of objects, not {Kind(statements)}."),
            };
            if (list.Count == 0)
            {
                throw new PolicyParseException(source, "Statement is empty; a policy needs at least one statement.");
            }

            return new PolicyDocument
            {
                Version = TryGet(root, "Version", out var version) && version.ValueKind == JsonValueKind.String ? version.GetString() : null,
                Source = source,
                Statements = list.Select((s, i) => Statement(s, i + 1, source)).ToList(),
            };
        }
    }

    private static PolicyStatement Statement(JsonElement element, int index, string source)
    {
        var where = $"statement {index}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyParseException(source, $"{where} must be an object, not {Kind(element)}.");
        }

        var statement = new PolicyStatement { Index = index };
        if (TryGet(element, "Sid", out var sid))
        {
            statement.Sid = sid.ValueKind == JsonValueKind.String ? sid.GetString() : throw new PolicyParseException(source, $"{where}: Sid must be a string.");
            where = $"statement {index} ({statement.Sid})";
        }

        if (!TryGet(element, "Effect", out var effect) || effect.ValueKind != JsonValueKind.String || !Enum.TryParse<PolicyEffect>(effect.GetString(), false, out var parsed))
        {
            throw new PolicyParseException(source, $"{where}: Effect must be \"Allow\" or \"Deny\".");
        }

        statement.Effect = parsed;
        (statement.Actions, statement.NotAction) = Pair(element, "Action", "NotAction", source, where, required: true);
        (statement.Resources, statement.NotResource) = Pair(element, "Resource", "NotResource", source, where, required: false);
        if (TryGet(element, "Principal", out var principal) || TryGet(element, "NotPrincipal", out principal))
        {
            statement.NotPrincipal = TryGet(element, "NotPrincipal", out _);
            statement.Principals = Principals(principal, source, where);
        }

        if (TryGet(element, "Condition", out var condition))
        {
            statement.Conditions = Conditions(condition, source, where);
        }

        return statement;
    }

    private static (IReadOnlyList<string>, bool) Pair(JsonElement element, string name, string notName, string source, string where, bool required)
    {
        var has = TryGet(element, name, out var value);
        var hasNot = TryGet(element, notName, out var notValue);
        if (has && hasNot)
        {
            throw new PolicyParseException(source, $"{where} has both {name} and {notName}; use one.");
        }

        if (!has && !hasNot)
        {
            return required ? throw new PolicyParseException(source, $"{where} needs {name} or {notName}.") : (Array.Empty<string>(), false);
        }

        return (Strings(has ? value : notValue, source, $"{where}: {(has ? name : notName)}"), hasNot);
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Principals(JsonElement element, string source, string where)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() == "*"
                ? new Dictionary<string, IReadOnlyList<string>> { ["*"] = new[] { "*" } }
                : throw new PolicyParseException(source, $"{where}: Principal as a string must be \"*\"; name principals as {{\"AWS\": \"arn:...\"}}.");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyParseException(source, $"{where}: Principal must be \"*\" or an object such as {{\"AWS\": [...]}}.");
        }

        return element.EnumerateObject().ToDictionary(p => p.Name, p => Strings(p.Value, source, $"{where}: Principal.{p.Name}"), StringComparer.Ordinal);
    }

    private static IReadOnlyList<PolicyCondition> Conditions(JsonElement element, string source, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyParseException(source, $"{where}: Condition must be an object of operators.");
        }

        var conditions = new List<PolicyCondition>();
        foreach (var op in element.EnumerateObject())
        {
            var prefix = op.Name.Contains(':') ? op.Name.Substring(0, op.Name.IndexOf(':')) : null;
            if ((prefix is not null && prefix != "ForAnyValue" && prefix != "ForAllValues") || !Operators.Contains(BaseOperator(op.Name)))
            {
                throw new PolicyParseException(source, $"{where}: unknown condition operator '{op.Name}'. Operators are {string.Join(", ", Operators)}, optionally with IfExists and a ForAnyValue: or ForAllValues: prefix.");
            }

            if (op.Value.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyParseException(source, $"{where}: {op.Name} must map condition keys to values.");
            }

            conditions.AddRange(op.Value.EnumerateObject().Select(key => new PolicyCondition(op.Name, key.Name, Strings(key.Value, source, $"{where}: {op.Name}.{key.Name}", allowScalars: true))));
        }

        return conditions;
    }

    private static IReadOnlyList<string> Strings(JsonElement element, string source, string where, bool allowScalars = false)
    {
        string One(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.True or JsonValueKind.False when allowScalars => e.GetRawText(),
            JsonValueKind.Number when allowScalars => e.GetRawText(),
            _ => throw new PolicyParseException(source, $"{where} must be a string or an array of strings, not {Kind(e)}."),
        };

        if (element.ValueKind == JsonValueKind.Array)
        {
            var values = element.EnumerateArray().Select(One).ToList();
            return values.Count > 0 ? values : throw new PolicyParseException(source, $"{where} is an empty array.");
        }

        return new[] { One(element) };
    }

    // JSON parsers settle a repeated key silently (System.Text.Json keeps the first for lookups, others the last), so a
    // benign first "Statement" could hide a second one from the rules: a repeated key anywhere is refused instead.
    internal static void RefuseDuplicateKeys(string json, string source)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var open = new Stack<HashSet<string>?>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    open.Push(new HashSet<string>(StringComparer.Ordinal));
                    break;
                case JsonTokenType.StartArray:
                    open.Push(null);
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    open.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    var name = reader.GetString() ?? string.Empty;
                    if (open.Peek() is { } keys && !keys.Add(name))
                    {
                        var (line, column) = Position(bytes, reader.TokenStartIndex);
                        throw new PolicyParseException(source, $"the key \"{name}\" appears twice in one object; AWS policies must not repeat a key, and which one counts would be ambiguous.", line, column);
                    }

                    break;
            }
        }
    }

    private static (long Line, long Column) Position(byte[] bytes, long offset)
    {
        long line = 1, column = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (line, column);
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(name))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    private static string FirstSentence(string message)
    {
        // .NET's own advice ("Change the reader options") is about its reader, not the user's policy: cut at it too.
        var cut = message.IndexOf(" LineNumber", StringComparison.Ordinal);
        var text = cut > 0 ? message.Substring(0, cut) : message;
        var advice = text.IndexOf(" Change the reader options", StringComparison.Ordinal);
        return (advice > 0 ? text.Substring(0, advice) : text).TrimEnd('.', ' ') + ".";
    }
}
