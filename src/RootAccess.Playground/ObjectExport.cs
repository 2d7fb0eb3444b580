using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;

namespace RootAccess.Playground;

/// <summary>
/// Writes objects as Export-Csv and ConvertTo-Json would (those cmdlets are not in the hostable engine):
/// the first object's public properties, in declaration order, become the columns.
/// </summary>
public static class ObjectExport
{
    public static IReadOnlyList<string> Columns(IEnumerable<PSObject> objects)
        => objects.FirstOrDefault()?.Properties.Where(p => p.IsGettable).Select(p => p.Name).ToList() ?? new List<string>();

    public static string ToCsv(IReadOnlyList<PSObject> objects)
    {
        var columns = Columns(objects);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", columns.Select(Quote)));
        foreach (var item in objects)
        {
            csv.AppendLine(string.Join(",", columns.Select(c => Quote(Format(item.Properties[c]?.Value)))));
        }

        return csv.ToString();
    }

    public static string ToJson(IReadOnlyList<PSObject> objects)
    {
        var rows = objects.Select(o => o.Properties.Where(p => p.IsGettable).ToDictionary(p => p.Name, p => JsonValue(p.Value))).ToList();
        return JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true });
    }

    public static void Write(string format, IReadOnlyList<PSObject> objects, string path)
    {
        var text = format.ToLowerInvariant() switch
        {
            "csv" => ToCsv(objects),
            "json" => ToJson(objects),
            _ => throw new ArgumentException($"--output takes csv or json, not '{format}'."),
        };
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    private static object? JsonValue(object? value) => value switch
    {
        null => null,
        PSObject wrapped => JsonValue(wrapped.BaseObject),
        string or bool or int or long or double or DateTime => value,
        Enum e => e.ToString(),
        _ => value.ToString(),
    };

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        PSObject wrapped => Format(wrapped.BaseObject),
        DateTime date => date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";
}
