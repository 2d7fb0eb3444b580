using System;
using System.Text.RegularExpressions;

namespace RootAccess.Core;

/// <summary>
/// An AWS account id: 12 digits, parsed once from what the user typed (the id, or the account's root principal
/// ARN). It keeps the partition of an ARN it was given; a bare id has no partition and takes the region's.
/// </summary>
public readonly struct AccountId : IEquatable<AccountId>
{
    public const string Accepted = "Use a 12-digit AWS account id (for example 123456789012) or the account's principal ARN (arn:aws:iam::123456789012:root; partitions aws, aws-us-gov, aws-cn).";

    private static readonly Regex Digits = new("^[0-9]{12}$", RegexOptions.CultureInvariant);
    private static readonly Regex RootArn = new("^arn:([a-z0-9-]+):iam::([0-9]{12}):root$", RegexOptions.CultureInvariant);

    private readonly string? _value;
    private readonly string? _unreadable;

    private AccountId(string? value, string? partition, string? unreadable = null)
    {
        _value = value;
        Partition = partition;
        _unreadable = unreadable;
    }

    /// <summary>The 12 digits.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>False for the value the binder holds for text that is not an account id, until validation refuses it.</summary>
    public bool IsValid => _value is not null;

    /// <summary>The partition of the ARN this id was parsed from; null for a bare id.</summary>
    public string? Partition { get; }

    public static bool TryParse(string? value, out AccountId accountId)
    {
        accountId = default;
        var text = value?.Trim() ?? string.Empty;
        if (Digits.IsMatch(text))
        {
            accountId = new AccountId(text, null);
            return true;
        }

        var arn = RootArn.Match(text);
        if (arn.Success && AwsPartition.IsKnown(arn.Groups[1].Value))
        {
            accountId = new AccountId(arn.Groups[2].Value, arn.Groups[1].Value);
            return true;
        }

        return false;
    }

    /// <summary>
    /// What the parameter binder holds for text that is not an account id: PowerShell converts a parameter's type
    /// before it validates, so the text is kept for <c>ValidateAccountId</c> to refuse with <see cref="Describe"/>.
    /// </summary>
    internal static AccountId Unreadable(string? text) => new(null, null, text ?? string.Empty);

    /// <summary>What is wrong with an id that is not valid (empty for a valid one).</summary>
    internal string Problem => IsValid ? string.Empty : Describe(_unreadable);

    /// <summary>The same account addressed in <paramref name="partition"/> (a session's partition, known once it is open).</summary>
    public AccountId In(string partition) => new(Value, partition);

    public static AccountId Parse(string? value)
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

        var arn = RootArn.Match(text);
        if (arn.Success)
        {
            return $"'{text}' names the partition '{arn.Groups[1].Value}', which is not an AWS partition. " + Accepted;
        }

        return $"'{text}' is not an AWS account id. " + Accepted;
    }

    /// <summary>The partition this account is addressed in from <paramref name="region"/>: the ARN's, or the region's.</summary>
    public string PartitionFor(string region) => Partition ?? AwsPartition.OfRegion(region);

    /// <summary>The account's root principal ARN in the given partition.</summary>
    public string RootArnIn(string partition) => $"arn:{partition}:iam::{Value}:root";

    public bool Equals(AccountId other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is AccountId other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public static bool operator ==(AccountId left, AccountId right) => left.Equals(right);

    public static bool operator !=(AccountId left, AccountId right) => !left.Equals(right);

    public override string ToString() => IsValid ? Value : _unreadable ?? string.Empty;
}
