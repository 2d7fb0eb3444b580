using System.Globalization;

namespace RootAccess.Core;

/// <summary>Fills a <see cref="Messages"/> template; the text is the same whatever the session's culture.</summary>
public static class Text
{
    public static string Format(string template, params object?[] args) => string.Format(CultureInfo.InvariantCulture, template, args);
}
