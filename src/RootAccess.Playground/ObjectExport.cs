using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace RootAccess.Playground;

/// <summary>
/// Writes objects as PowerShell 7's Export-Csv and ConvertTo-Json do for flat objects (those cmdlets are in
/// Microsoft.PowerShell.Utility, which the hostable engine lacks): the first object's properties, in declaration order,
/// are the columns; each value is its ToString(); a null is an empty, unquoted field; JSON is Newtonsoft's, indented.
/// </summary>
public static class ObjectExport
{
    public static IReadOnlyList<string> Columns(IEnumerable<PSObject> objects)
        => objects.FirstOrDefault()?.Properties.Where(p => p.IsGettable).Select(p => p.Name).ToList() ?? new List<string>();

    public static string ToCsv(IReadOnlyList<PSObject> objects, char delimiter = ',', bool header = true)
    {
        var csv = new StringBuilder();
        foreach (var line in CsvLines(objects, Columns(objects), delimiter, header))
        {
            csv.Append(line).Append(Environment.NewLine);
        }

        return csv.ToString();
    }

    /// <summary>The header (unless <paramref name="header"/> is false) and one line per object, with the given columns.</summary>
    public static IEnumerable<string> CsvLines(IEnumerable<PSObject> objects, IReadOnlyList<string> columns, char delimiter, bool header)
    {
        var separator = delimiter.ToString();
        if (header)
        {
            yield return string.Join(separator, columns.Select(Quote));
        }

        foreach (var item in objects)
        {
            yield return string.Join(separator, columns.Select(c => item.Properties[c]?.Value is { } value ? Quote(Text(value)) : string.Empty));
        }
    }

    public static string ToJson(IReadOnlyList<PSObject> objects, bool compress = false, bool asArray = false, int depth = 2)
    {
        JToken token = objects.Count == 1 && !asArray ? Json(objects[0], depth) : new JArray(objects.Select(o => Json(o, depth)));
        return token.ToString(compress ? Formatting.None : Formatting.Indented);
    }

    public static void Write(string format, IReadOnlyList<PSObject> objects, string path)
    {
        var text = format.ToLowerInvariant() switch
        {
            "csv" => ToCsv(objects),
            "json" => ToJson(objects, asArray: true),
            _ => throw new ArgumentException($"--output takes csv or json, not '{format}'."),
        };
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    // ConvertTo-Json: scalars as themselves, enums as numbers, lists as arrays, anything else as its properties (to -Depth).
    private static JToken Json(object? value, int depth)
    {
        var bare = value is PSObject wrapped ? wrapped.BaseObject : value;
        switch (bare)
        {
            case null:
                return JValue.CreateNull();
            case string or bool or char or DateTime or DateTimeOffset or Guid:
                return new JValue(bare);
            case Enum e:
                return new JValue(Convert.ToInt64(e, CultureInfo.InvariantCulture));
            case IConvertible number when bare.GetType().IsPrimitive || bare is decimal:
                return new JValue(number);
        }

        if (depth < 0)
        {
            return new JValue(bare.ToString());
        }

        if (bare is IDictionary dictionary)
        {
            var map = new JObject();
            foreach (DictionaryEntry entry in dictionary)
            {
                map[entry.Key.ToString() ?? string.Empty] = Json(entry.Value, depth - 1);
            }

            return map;
        }

        if (bare is IEnumerable list)
        {
            return new JArray(list.Cast<object?>().Select(i => Json(i, depth - 1)));
        }

        var obj = new JObject();
        foreach (var property in PSObject.AsPSObject(value).Properties.Where(p => p.IsGettable))
        {
            obj[property.Name] = Json(property.Value, depth - 1);
        }

        return obj;
    }

    private static string Text(object value) => value is PSObject wrapped ? wrapped.ToString() : Convert.ToString(value, CultureInfo.CurrentCulture) ?? string.Empty;

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";
}
