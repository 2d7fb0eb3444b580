using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace RootAccess.Root;

/// <summary>
/// The region of a profile in the shared config file ([profile NAME] region = ...), where the AWS CLI v2 reads it (it
/// ignores a region in the credentials file, which AWSSDK.Core's SharedCredentialsFile writes). No INI writer is served
/// here, so this edits that one key of that one section and leaves every other line as it was.
/// </summary>
public static class AwsConfigFile
{
    private static readonly Regex RegionLine = new(@"^\s*region\s*=", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>AWS_CONFIG_FILE, else ~/.aws/config.</summary>
    public static string DefaultPath
        => Environment.GetEnvironmentVariable("AWS_CONFIG_FILE") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "config");

    /// <summary>Sets (or, with a null region, removes) the profile's region; a section left empty is removed.</summary>
    public static void SetRegion(string path, string profile, string? region)
    {
        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : new List<string>();
        var header = profile == "default" ? "[default]" : $"[profile {profile}]";
        var start = lines.FindIndex(l => string.Equals(l.Trim(), header, StringComparison.Ordinal));
        if (start < 0)
        {
            if (region is null)
            {
                return;
            }

            if (lines.Count > 0 && lines[lines.Count - 1].Trim().Length > 0)
            {
                lines.Add(string.Empty);
            }

            lines.Add(header);
            lines.Add("region = " + region);
        }
        else
        {
            var end = lines.FindIndex(start + 1, l => l.TrimStart().StartsWith("[", StringComparison.Ordinal));
            end = end < 0 ? lines.Count : end;
            var at = lines.FindIndex(start + 1, end - start - 1, l => RegionLine.IsMatch(l));
            if (at >= 0 && region is null)
            {
                lines.RemoveAt(at);
                end--;
                if (lines.Skip(start + 1).Take(end - start - 1).All(l => l.Trim().Length == 0))
                {
                    lines.RemoveRange(start, end - start);
                }
            }
            else if (at >= 0)
            {
                lines[at] = "region = " + region;
            }
            else if (region is not null)
            {
                lines.Insert(start + 1, "region = " + region);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
    }

    /// <summary>The profile's region in the config file, or null.</summary>
    public static string? RegionOf(string path, string profile)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = File.ReadAllLines(path);
        var header = profile == "default" ? "[default]" : $"[profile {profile}]";
        var inside = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("[", StringComparison.Ordinal))
            {
                inside = string.Equals(line.Trim(), header, StringComparison.Ordinal);
            }
            else if (inside && RegionLine.IsMatch(line))
            {
                return line.Substring(line.IndexOf('=') + 1).Trim();
            }
        }

        return null;
    }
}
