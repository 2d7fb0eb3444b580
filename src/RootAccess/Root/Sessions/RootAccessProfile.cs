using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime.CredentialManagement;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>
/// An AWS profile whose credential_process opens a task-scoped root session through this module, so the AWS CLI, the
/// SDKs and Terraform act as that session by profile name. The file holds only the command, never a secret; the
/// session is opened with the caller's own source credentials each time the tool needs one.
/// </summary>
public static class RootAccessProfile
{
    /// <summary>What marks a profile as one of ours (Remove-RootAccessProfile removes no other).</summary>
    public const string Marker = "-AsCredentialProcess";

    private static readonly Regex Name = new("^[A-Za-z0-9_.+=@-]{1,64}$", RegexOptions.CultureInvariant);

    /// <summary>The profile name problem, or null (letters, digits and _.+=@- only: it is written into an INI file and a command).</summary>
    public static string? NameProblem(string? name)
        => name is not null && Name.IsMatch(name) ? null : $"'{name}' is not a profile name this module writes: use 1-64 letters, digits or _ . + = @ -.";

    /// <summary>The command line of the profile's credential_process, quoted for the shells and splitters the AWS tools use.</summary>
    public static string Command(IReadOnlyList<string> pwsh, string modulePath, AccountId account, string taskPolicy, int durationSeconds, string? sourceProfile, string? region, bool windows)
    {
        if (modulePath.IndexOfAny(new[] { '\'', '"', '$', '`', '\n', '\r' }) >= 0 || pwsh.Any(p => p.IndexOfAny(new[] { '\'', '"', '\n', '\r' }) >= 0))
        {
            throw new ArgumentException($"The module or pwsh path holds a quote, $ or backtick, which cannot be quoted safely in a credential_process: '{modulePath}'. Install the module in a plain path.");
        }

        // Inside the -Command text the other quote is used, so the whole script is one argument on every platform.
        var q = windows ? "'" : "\"";
        var script = $"$ProgressPreference={q}SilentlyContinue{q}; $WarningPreference={q}SilentlyContinue{q}; Import-Module {q}{modulePath}{q}; "
            + $"Invoke-AssumeRoot -AccountId {account.Value} -TaskPolicy {taskPolicy} -DurationSeconds {durationSeconds}"
            + (sourceProfile is null ? string.Empty : $" -ProfileName {q}{sourceProfile}{q}")
            + (region is null ? string.Empty : $" -Region {region}")
            + $" {Marker}; if (-not $?) {{ exit 1 }}";
        var outer = windows ? "\"" : "'";
        return string.Join(" ", pwsh.Select(p => outer + p + outer)) + $" -NoProfile -NonInteractive -Command {outer}{script}{outer}";
    }

    /// <summary>How to start the pwsh this runs in: pwsh itself, or dotnet with pwsh.dll (a .NET tool install).</summary>
    public static IReadOnlyList<string> CurrentPwsh(string? processPath, string automationFolder)
    {
        var file = Path.GetFileNameWithoutExtension(processPath ?? string.Empty);
        if (string.Equals(file, "pwsh", StringComparison.OrdinalIgnoreCase))
        {
            return new[] { processPath! };
        }

        var dll = Path.Combine(automationFolder, "pwsh.dll");
        return string.Equals(file, "dotnet", StringComparison.OrdinalIgnoreCase) && System.IO.File.Exists(dll) ? new[] { processPath!, dll } : new[] { "pwsh" };
    }

    /// <summary>The credentials file written to: -ProfileLocation, else AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials.</summary>
    public static SharedCredentialsFile CredentialsFile(string? location) => location is null ? new SharedCredentialsFile() : new SharedCredentialsFile(location);

    public static void Write(SharedCredentialsFile file, string name, string command, string? region)
    {
        var profile = new CredentialProfile(name, new CredentialProfileOptions { CredentialProcess = command });
        if (region is not null)
        {
            profile.Region = RegionEndpoint.GetBySystemName(region);
        }

        file.RegisterProfile(profile);
    }

    /// <summary>Whether the profile exists and is one this module wrote (its credential_process calls -AsCredentialProcess).</summary>
    public static bool IsOurs(SharedCredentialsFile file, string name, out bool exists)
    {
        exists = file.TryGetProfile(name, out var profile);
        return exists && (profile.Options.CredentialProcess ?? string.Empty).Contains(Marker);
    }
}
