using System.IO;

namespace RootAccess.Playground;

/// <summary>The playground's command line.</summary>
public sealed class PlaygroundOptions
{
    public const string Usage = "usage: RootAccess.Playground ['<pipeline>' | --file script.ps1] [--org fixture.json] [--output csv|json PATH] [--preload assembly.dll] [--record-requests F] | --serve [--org fixture.json] [--record-requests F]";

    /// <summary>What --help prints after the usage line.</summary>
    public const string Help = @"
Runs a PowerShell script against a local AWS simulator (a sample organization, or --org fixture.json) with the
RootAccess module imported from out/RootAccess, and prints its output as PowerShell formats it.

  '<pipeline>'          the script (default: Get-OrgAccounts | Get-RootCredentialStatus)
  --file script.ps1     run a script file instead
  --org fixture.json    load your own organization (src/RootAccess.Simulator/FIXTURE.md)
  --output csv|json P   also write the output objects to P
  --serve               only run the simulator, printing its endpoint, a caller's keys and a credentials file of
                        every caller, until stdin closes; POST /__simulator/reset puts the fixture back
  --record-requests F   write every request the simulator received to F (JSON lines; for tests/Conformance)

The hosted engine is Microsoft.PowerShell.SDK 7.6.9 with PowerShell's default session state: Export-Csv,
ConvertTo-Json, Select-Object and the rest of Microsoft.PowerShell.Utility and .Management are PowerShell's own.
--output writes through Export-Csv or ConvertTo-Json. The exit code is 1 when any command in the script wrote an
error, 2 for bad options.";

    public bool ShowHelp { get; private set; }

    /// <summary>Write every request the simulator received to this file (JSON lines) when the run ends; with --serve also served at /__simulator/requests.</summary>
    public string? RecordRequests { get; private set; }

    public string? Script { get; private set; }

    public string? OrgPath { get; private set; }

    public string? OutputFormat { get; private set; }

    public string? OutputPath { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Only run the simulator (for Pester and manual sessions) until standard input closes.</summary>
    public bool Serve { get; private set; }

    /// <summary>An assembly to load before the module, as another module in the session would have (tests of AWSSDK.Core clashes).</summary>
    public string? Preload { get; private set; }

    public static PlaygroundOptions Parse(string[] args)
    {
        var options = new PlaygroundOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--file" when i + 1 < args.Length:
                    var file = args[++i];
                    if (!File.Exists(file))
                    {
                        return Fail($"--file: '{file}' does not exist.");
                    }

                    options.Script = File.ReadAllText(file);
                    break;
                case "--org" when i + 1 < args.Length:
                    options.OrgPath = args[++i];
                    if (!File.Exists(options.OrgPath))
                    {
                        return Fail($"--org: '{options.OrgPath}' does not exist.");
                    }

                    break;
                case "--output" when i + 2 < args.Length:
                    options.OutputFormat = args[++i].ToLowerInvariant();
                    options.OutputPath = args[++i];
                    if (options.OutputFormat is not ("csv" or "json"))
                    {
                        return Fail($"--output takes csv or json, not '{options.OutputFormat}'.");
                    }

                    break;
                case "--help" or "-h" or "-?":
                    options.ShowHelp = true;
                    break;
                case "--record-requests" when i + 1 < args.Length:
                    options.RecordRequests = args[++i];
                    break;
                case "--serve":
                    options.Serve = true;
                    break;
                case "--preload" when i + 1 < args.Length:
                    options.Preload = args[++i];
                    break;
                case "--file" or "--org" or "--output" or "--preload" or "--record-requests":
                    return Fail($"{args[i]} needs {(args[i] == "--output" ? "a format and a path" : "a path")}.");
                default:
                    if (args[i].StartsWith("--", System.StringComparison.Ordinal))
                    {
                        return Fail($"unknown option {args[i]}.");
                    }

                    options.Script = args[i];
                    break;
            }
        }

        options.Script ??= "Get-OrgAccounts | Get-RootCredentialStatus";
        return options;

        PlaygroundOptions Fail(string message) => new() { Error = message };
    }
}
