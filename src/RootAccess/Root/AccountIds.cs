using System;
using System.Text.RegularExpressions;

namespace RootAccess.Root;

/// <summary>AWS account ids as users type them: 12 digits, or the account's root principal ARN.</summary>
public static class AccountIds
{
    public const string Accepted = "Use a 12-digit AWS account id (for example 123456789012) or the account's principal ARN (arn:aws:iam::123456789012:root).";

    private static readonly Regex Digits = new("^[0-9]{12}$", RegexOptions.CultureInvariant);
    private static readonly Regex RootArn = new("^arn:aws(-[a-z]+)*:iam::([0-9]{12}):root$", RegexOptions.CultureInvariant);

    public static bool TryParse(string? value, out string accountId)
    {
        accountId = string.Empty;
        var text = value?.Trim() ?? string.Empty;
        if (Digits.IsMatch(text))
        {
            accountId = text;
            return true;
        }

        var arn = RootArn.Match(text);
        if (arn.Success)
        {
            accountId = arn.Groups[2].Value;
            return true;
        }

        return false;
    }

    public static string Parse(string? value)
        => TryParse(value, out var id) ? id : throw new ArgumentException(Describe(value));

    /// <summary>Says what is wrong with a value that is not an account id.</summary>
    public static string Describe(string? value)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return "The account id is empty. " + Accepted;
        }

        if (Regex.IsMatch(text, "^[0-9]+$"))
        {
            return $"'{text}' has {text.Length} digits; an AWS account id has exactly 12. " + Accepted;
        }

        return $"'{text}' is not an AWS account id. " + Accepted;
    }
}
