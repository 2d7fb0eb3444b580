using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace RootAccess.Cmdlets;

/// <summary>
/// Reads text given to a date parameter as PowerShell does (invariant culture), and refuses text that is no date with
/// a message that says what is accepted, instead of .NET's "was not recognized as a valid DateTime".
/// </summary>
public sealed class DateTimeTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value is not string && value is IEnumerable many ? many.Cast<object?>().Select(One).ToArray() : One(value);
    }

    private static object? One(object? input)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        if (value is not string text)
        {
            return value;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed
            : throw new ArgumentTransformationMetadataException($"'{text}' is not a date and time. Use forms such as 2026-11-20T10:00:00Z, '2026-11-20 10:00' or (Get-Date).AddHours(-2).");
    }
}
