using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RootAccess.Core;

/// <summary>Shorthand durations such as 90m, 24h, 7d or 2w (or a TimeSpan such as 1.12:00:00).</summary>
public static class TimeWindows
{
    public const string Accepted = "Use a number with m, h, d or w (for example 90m, 24h, 7d, 2w) or a TimeSpan such as 1.12:00:00.";

    private static readonly Regex Shorthand = new("^([0-9]+)([mhdw])$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static bool TryParse(string? text, out TimeSpan span)
    {
        span = TimeSpan.Zero;
        var value = (text ?? string.Empty).Trim();
        var match = Shorthand.Match(value);
        if (match.Success)
        {
            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            span = char.ToLowerInvariant(match.Groups[2].Value[0]) switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(amount * 7),
            };
            return span > TimeSpan.Zero;
        }

        // A bare number is ambiguous (TimeSpan reads "24" as 24 days, an admin means 24 hours): a unit or a full TimeSpan is required.
        return value.IndexOfAny(new[] { ':', '.' }) >= 0 && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out span) && span > TimeSpan.Zero;
    }
}
