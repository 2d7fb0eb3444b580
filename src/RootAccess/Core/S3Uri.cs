using System;
using System.Text.RegularExpressions;

namespace RootAccess.Core;

/// <summary>The s3://bucket/key form every -Path-like parameter accepts beside a local path.</summary>
public static class S3Uri
{
    private static readonly Regex Pattern = new("^s3://([^/]+)/?(.*)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static bool IsS3(string location) => location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The bucket and key (or prefix, possibly empty) of s3://bucket/key; false when it is not of that form.</summary>
    public static bool TryParse(string location, out string bucket, out string key)
    {
        var match = Pattern.Match(location.Trim());
        bucket = match.Success ? match.Groups[1].Value : string.Empty;
        key = match.Success ? match.Groups[2].Value : string.Empty;
        return match.Success;
    }
}
