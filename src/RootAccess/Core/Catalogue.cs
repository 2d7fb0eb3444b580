using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace RootAccess.Core;

/// <summary>
/// A catalogue of rules or controls kept as data beside the code that checks them (an embedded JSON array, one entry
/// per id): the text a user reads is edited there, never inline in the checks.
/// </summary>
public static class Catalogue
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Loads the embedded resource <paramref name="name"/> as entries keyed by <paramref name="key"/>; a repeated or empty id is a build mistake.</summary>
    public static IReadOnlyDictionary<string, T> Load<T>(string name, Func<T, string> key)
    {
        using var stream = typeof(Catalogue).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The catalogue {name} is not embedded in the module.");
        using var reader = new StreamReader(stream);
        var entries = JsonSerializer.Deserialize<List<T>>(reader.ReadToEnd(), Options) ?? new List<T>();
        var byId = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var id = key(entry);
            if (string.IsNullOrEmpty(id) || byId.ContainsKey(id))
            {
                throw new InvalidOperationException($"The catalogue {name} has an empty or repeated id '{id}'.");
            }

            byId[id] = entry;
        }

        return byId;
    }

}
