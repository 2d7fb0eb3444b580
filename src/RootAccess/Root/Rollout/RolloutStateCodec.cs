using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RootAccess.Root;

/// <summary>A rollout state that cannot be used, with the reason in words (what was found, what to do).</summary>
public sealed class RolloutStateException : Exception
{
    public RolloutStateException(string errorId, string message, Exception? inner = null)
        : base(message, inner) => ErrorId = errorId;

    public string ErrorId { get; }
}

/// <summary>
/// Turns a rollout into the bytes of its state file and back. The file is {"sha256": ..., "state": {...}}: the digest
/// covers the state's exact text, so a file edited by hand or cut short is refused instead of trusted. (A digest, not a
/// signature: it catches edits and truncation; who may write the state is the folder's or the bucket's access control.)
/// </summary>
public static class RolloutStateCodec
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private const string Restore = "Restore it from a copy, or pass a new -StatePath to start a new rollout.";

    public static byte[] Encode(RolloutDocument document)
    {
        var state = JsonSerializer.Serialize(document, Options);
        return Encoding.UTF8.GetBytes("{\n\"sha256\": \"" + Digest(state) + "\",\n\"state\": " + state + "\n}\n");
    }

    /// <summary>Reads a state file; <paramref name="where"/> names it in every refusal.</summary>
    public static RolloutDocument Decode(byte[] bytes, string where)
    {
        string digest;
        string state;
        try
        {
            using var file = JsonDocument.Parse(bytes);
            digest = file.RootElement.GetProperty("sha256").GetString() ?? string.Empty;
            state = file.RootElement.GetProperty("state").GetRawText();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException)
        {
            throw new RolloutStateException(Core.ErrorIds.RolloutStateUnreadable, $"The rollout state '{where}' is not a complete state file (cut short, or not one RootAccess wrote): {FirstLine(ex.Message)} " + Restore, ex);
        }

        if (!string.Equals(digest, Digest(state), StringComparison.OrdinalIgnoreCase))
        {
            throw new RolloutStateException(Core.ErrorIds.RolloutStateTampered, $"The rollout state '{where}' was changed outside RootAccess (its content does not match its sha256), so it is not used. " + Restore);
        }

        RolloutDocument? document;
        try
        {
            using var parsed = JsonDocument.Parse(state);
            var format = parsed.RootElement.TryGetProperty("format", out var f) ? f.GetString() : null;
            var version = parsed.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var number) ? number : -1;
            if (format != RolloutDocument.FormatName)
            {
                throw new RolloutStateException(Core.ErrorIds.RolloutStateUnreadable, $"'{where}' is not a RootAccess rollout state (its format is '{format}').");
            }

            if (version != RolloutDocument.CurrentVersion)
            {
                throw new RolloutStateException(Core.ErrorIds.RolloutStateVersion, $"The rollout state '{where}' has state format {version}; this RootAccess reads format {RolloutDocument.CurrentVersion}. " + "Finish it with the RootAccess that started it, or pass a new -StatePath.");
            }

            document = JsonSerializer.Deserialize<RolloutDocument>(state, Options);
            if (document is not null && (document.Accounts is null || document.CredentialTypes is null || document.Accounts.Any(a => a is null || a.AccountId is null || a.Removals is null)))
            {
                throw new JsonException("a required list (accounts, credentialTypes, removals) is missing.");
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new RolloutStateException(Core.ErrorIds.RolloutStateUnreadable, $"The rollout state '{where}' could not be read: {FirstLine(ex.Message)}", ex);
        }

        return document ?? throw new RolloutStateException(Core.ErrorIds.RolloutStateUnreadable, $"The rollout state '{where}' is empty.");
    }

    /// <summary>The SHA-256 of a text's UTF-8 bytes, in lower-case hex.</summary>
    public static string Digest(string text) => Digest(Encoding.UTF8.GetBytes(text));

    /// <summary>The SHA-256 of bytes, in lower-case hex.</summary>
    public static string Digest(byte[] bytes)
    {
        using var sha = SHA256.Create();
        return string.Concat(System.Linq.Enumerable.Select(sha.ComputeHash(bytes), b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Replace(" Change the reader options.", string.Empty).Trim();
}
