using System;
using System.Globalization;

namespace RootAccess.Core;

/// <summary>
/// Timestamps as output rows carry them: ISO 8601 in UTC ("2021-04-12T08:20:00Z"), because Export-Csv writes a
/// DateTime in the session's culture with no zone, and these rows are audit evidence.
/// </summary>
public static class Timestamps
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string? Iso(DateTime? value)
        => value is { } date ? (date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : date).ToString(Format, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// A timestamp as a date a filter can compare ($_.PasswordLastUsed -lt (Get-Date).AddDays(-90) compares instants, also
    /// against local time) that still says it is UTC in every rendering: "+00:00" in Export-Csv, ISO 8601 in ConvertTo-Json.
    /// </summary>
    public static DateTimeOffset? Utc(DateTime? value)
        => value is { } date ? new DateTimeOffset(date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : DateTime.SpecifyKind(date, DateTimeKind.Utc), TimeSpan.Zero) : null;
}
