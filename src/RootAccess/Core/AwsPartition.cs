using System;
using System.Collections.Generic;
using System.Linq;

namespace RootAccess.Core;

/// <summary>The AWS partitions this module works in, and which one a region belongs to.</summary>
public static class AwsPartition
{
    public const string Commercial = "aws";
    public const string GovCloud = "aws-us-gov";
    public const string China = "aws-cn";

    public static IReadOnlyList<string> Names { get; } = new[] { Commercial, GovCloud, China };

    public static string Accepted => "Use one of the partitions " + string.Join(", ", Names) + ".";

    public static bool IsKnown(string? partition) => Names.Contains(partition ?? string.Empty, StringComparer.Ordinal);

    /// <summary>The partition of a region's system name (us-gov-west-1: aws-us-gov; cn-north-1: aws-cn; otherwise aws).</summary>
    public static string OfRegion(string region)
    {
        if (region.StartsWith("us-gov-", StringComparison.Ordinal))
        {
            return GovCloud;
        }

        return region.StartsWith("cn-", StringComparison.Ordinal) ? China : Commercial;
    }

    /// <summary>A region of <paramref name="partition"/> to name in a message.</summary>
    public static string ExampleRegion(string? partition) => partition switch
    {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    };

    /// <summary>Null when <paramref name="partition"/> may be used from <paramref name="region"/>, else why not.</summary>
    public static string? MismatchWithRegion(string partition, string region)
    {
        var expected = OfRegion(region);
        return partition == expected ? null : $"The ARN is in partition '{partition}', but region {region} is in partition '{expected}'. Pass a region of partition '{partition}' with -Region, or an ARN of partition '{expected}'.";
    }
}
