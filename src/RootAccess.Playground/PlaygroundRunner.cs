using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RootAccess.Simulator;

namespace RootAccess.Playground;

/// <summary>The README's main command: a local AWS organization, PowerShell 7.6 in-process, the built module, one pipeline.</summary>
public static class PlaygroundRunner
{
    /// <summary>Runs the playground; returns the process exit code (1 when the script wrote errors, 2 for bad options).</summary>
    public static async Task<int> RunAsync(PlaygroundOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (options.Error is not null)
        {
            stderr.WriteLine(options.Error);
            stderr.WriteLine(PlaygroundOptions.Usage);
            return 2;
        }

        if (options.ShowHelp)
        {
            stdout.WriteLine(PlaygroundOptions.Usage);
            stdout.WriteLine(PlaygroundOptions.Help);
            return 0;
        }

        SimulatorState state;
        try
        {
            state = options.OrgPath is null ? SimulatorState.Sample() : SimulatorState.Load(options.OrgPath);
        }
        catch (InvalidDataException ex)
        {
            stderr.WriteLine("--org: " + ex.Message);
            return 2;
        }

        var caller = state.Callers.FirstOrDefault();
        if (caller is null)
        {
            stderr.WriteLine("--org: the organization fixture has no callers; add one under 'callers' (see src/RootAccess.Simulator/FIXTURE.md).");
            return 2;
        }

        await using var simulator = await AwsSimulator.StartAsync(state);
        simulator.Requests.Enabled = options.RecordRequests is not null;
        if (options.Serve)
        {
            simulator.ResetSource = () => options.OrgPath is null ? SimulatorState.Sample() : SimulatorState.Load(options.OrgPath);
        }

        try
        {
            return await RunAsync(options, state, caller, simulator, stdout, stderr);
        }
        finally
        {
            if (options.RecordRequests is { } log)
            {
                simulator.Requests.WriteTo(log);
            }
        }
    }

    private static async Task<int> RunAsync(PlaygroundOptions options, SimulatorState state, SimCaller caller, AwsSimulator simulator, TextWriter stdout, TextWriter stderr)
    {
        // Every caller of the fixture is also a profile named after its account (-LogArchiveProfileName log-archive), in a
        // shared credentials file of this run only.
        var profiles = Path.Combine(Path.GetTempPath(), $"rootaccess-playground-{Guid.NewGuid():N}.credentials");
        File.WriteAllText(profiles, CallerProfiles.Text(state));
        if (options.Serve)
        {
            // One line a script can parse, then serve until our standard input closes.
            // identityEndpoint/identityHeader: the managed-identity stand-in, as Azure Automation's IDENTITY_ENDPOINT and IDENTITY_HEADER.
            stdout.WriteLine($"endpoint={simulator.Endpoint} accessKey={caller.AccessKeyId} secretKey={caller.SecretAccessKey} region=us-east-1 profiles={profiles} identityEndpoint={simulator.Endpoint}{ManagedIdentityStandIn.Path} identityHeader={simulator.ManagedIdentity.Header}");
            stdout.Flush();
            try
            {
                await Task.Run(() =>
                {
                    while (Console.In.ReadLine() is not null)
                    {
                    }
                });
                return 0;
            }
            finally
            {
                File.Delete(profiles);
            }
        }

        // Point the module at the simulator the way a user points AWS.Tools at an endpoint: the SDK's own variables,
        // put back as they were when the run ends (tests run the playground in-process).
        var variables = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = caller.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = caller.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL"] = simulator.Endpoint,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_SHARED_CREDENTIALS_FILE"] = profiles,
        };
        var previous = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        foreach (var pair in variables)
        {
            Environment.SetEnvironmentVariable(pair.Key, pair.Value);
        }

        try
        {
            return RunScript(options, state, simulator, stdout, stderr);
        }
        finally
        {
            foreach (var pair in previous)
            {
                Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            }

            File.Delete(profiles);
        }
    }

    private static int RunScript(PlaygroundOptions options, SimulatorState state, AwsSimulator simulator, TextWriter stdout, TextWriter stderr)
    {
        stdout.WriteLine($"# simulator {simulator.Endpoint}: organization {state.OrganizationId}, {state.Accounts.Count} accounts");
        if (options.Preload is not null)
        {
            var preloaded = System.Reflection.Assembly.LoadFrom(options.Preload);
            stdout.WriteLine($"# preloaded {preloaded.GetName().Name} {preloaded.GetName().Version}");
        }

        HostedPowerShell powershell;
        try
        {
            powershell = HostedPowerShell.Open();
        }
        catch (InvalidOperationException ex)
        {
            stderr.WriteLine(ex.Message);
            return 3;
        }

        using var _ = powershell;
        var result = powershell.Run(options.Script!);

        // Warnings and verbose lines reach the host as they happen: printing the streams too would say each twice.
        stdout.Write(result.HostText);

        if (result.Output.Count > 0)
        {
            stdout.Write(powershell.Render(result.Output.Cast<object>()));
        }

        if (result.Errors.Count > 0)
        {
            stderr.Write(powershell.Render(result.Errors.Cast<object>()));
        }

        if (options.OutputFormat is not null)
        {
            var objects = result.Output.Cast<object>().ToList();
            File.WriteAllText(options.OutputPath!, options.OutputFormat == "csv" ? powershell.ToCsv(objects) : powershell.ToJson(objects), new System.Text.UTF8Encoding(false));
            stdout.WriteLine($"# wrote {result.Output.Count} objects to {options.OutputPath}");
        }

        return result.Errors.Count > 0 ? 1 : 0;
    }
}
