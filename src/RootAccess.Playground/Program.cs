using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RootAccess.Playground;
using RootAccess.Simulator;

// The README's main command: a local AWS organization, PowerShell 7.6 in-process, the built module, one pipeline.
var options = PlaygroundOptions.Parse(args);
if (options.Error is not null)
{
    Console.Error.WriteLine(options.Error);
    Console.Error.WriteLine(PlaygroundOptions.Usage);
    return 2;
}

var state = options.OrgPath is null ? SimulatorState.Sample() : SimulatorState.Load(options.OrgPath);
await using var simulator = await AwsSimulator.StartAsync(state);
var caller = state.Callers.FirstOrDefault() ?? throw new InvalidDataException("The organization fixture has no callers: add one under 'callers'.");

// Point the module at the simulator the way a user points AWS.Tools at an endpoint: the SDK's own variables.
Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", caller.AccessKeyId);
Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", caller.SecretAccessKey);
Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
Environment.SetEnvironmentVariable("AWS_PROFILE", null);
Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", simulator.Endpoint);
Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

Console.WriteLine($"# simulator {simulator.Endpoint}: organization {state.OrganizationId}, {state.Accounts.Count} accounts");
using var powershell = HostedPowerShell.Open();
var result = powershell.Run(options.Script!);

foreach (var line in result.Verbose.Select(v => "VERBOSE: " + v).Concat(result.Warnings.Select(w => "WARNING: " + w)))
{
    Console.WriteLine(line);
}

if (result.Output.Count > 0)
{
    Console.Write(powershell.Render(result.Output.Cast<object>()));
}

if (result.Errors.Count > 0)
{
    Console.Error.Write(powershell.Render(result.Errors.Cast<object>()));
}

if (options.OutputFormat is not null)
{
    ObjectExport.Write(options.OutputFormat, result.Output, options.OutputPath!);
    Console.WriteLine($"# wrote {result.Output.Count} objects to {options.OutputPath}");
}

return result.Errors.Count > 0 ? 1 : 0;
