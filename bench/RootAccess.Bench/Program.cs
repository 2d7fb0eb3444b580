using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using RootAccess.Aws;
using RootAccess.Playground;
using RootAccess.Simulator;

// Benchmarks against the simulator (not timed tests): the org-wide audit at a fixed per-call latency, side by side
// with the physical limit and a sequential script, peak memory on a large org, and cold Import-Module time.
// Usage: dotnet run -c Release --project bench/RootAccess.Bench -- [--accounts 1000] [--latency 50] [--baseline-sample 40] [--memory-accounts 10000] [--limits 1,4,16,32,64]
var options = BenchOptions.Parse(args);
var culture = CultureInfo.InvariantCulture;

// Cold import first, before anything in this process has loaded the module's assemblies; the engine itself is
// warmed by opening its runspace, so the time is the module's own.
var manifest = ModuleLocator.ModuleManifest();
TimeSpan TimeImport()
{
    using var fresh = HostedPowerShell.OpenWithoutModule();
    var clock = Stopwatch.StartNew();
    var import = fresh.Run("Import-Module -Name $args[0] -ErrorAction Stop", arguments: new object[] { manifest });
    clock.Stop();
    if (import.Errors.Count > 0)
    {
        throw new InvalidOperationException(import.Errors[0].ToString());
    }

    return clock.Elapsed;
}

var coldImport = TimeImport();
var warmImport = TimeImport();

Console.WriteLine($"# RootAccess benchmark: {options.Accounts} accounts, {options.LatencyMs} ms injected per call, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine($"Import-Module in a fresh runspace: cold (first in the process) {coldImport.TotalSeconds:0.000} s, warm {warmImport.TotalSeconds:0.000} s");
Console.WriteLine();

var state = Organization(options.Accounts);
await using var simulator = await AwsSimulator.StartAsync(state);
simulator.Trail.Enabled = false;
simulator.Faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.Latency, LatencyMs = options.LatencyMs });
using var ps = HostedPowerShell.Open(new Dictionary<string, object>
{
    ["*:EndpointUrl"] = simulator.Endpoint,
    ["*:Region"] = "us-east-1",
    ["*:AccessKey"] = AdminKey,
    ["*:SecretKey"] = AdminSecret,
});

// The audit's calls, excluding the account listing: measured, not assumed.
var rows = new List<(string Name, double Seconds, int Calls)>();
var ids = state.Accounts.Where(a => a.Id != state.ManagementAccountId).Select(a => a.Id).ToArray();
double callsPerAccount = 0;
foreach (var limit in options.Limits)
{
    var before = simulator.CallLog.Count;
    var clock = Stopwatch.StartNew();
    var result = ps.Run($"$n = 0; $args[0] | Get-RootCredentialStatus -ThrottleLimit {limit} | ForEach-Object {{ $n++ }}; $n", arguments: new object[] { ids });
    clock.Stop();
    var calls = simulator.CallLog.Count - before;
    callsPerAccount = (double)calls / ids.Length;
    if (result.Errors.Count > 0 || Convert.ToInt32(result.Output.Single().BaseObject, culture) != ids.Length)
    {
        throw new InvalidOperationException($"throttle {limit}: {result.Errors.Count} errors: {result.Errors.FirstOrDefault()}");
    }

    rows.Add(($"RootAccess -ThrottleLimit {limit}{(limit == 16 ? " (default)" : string.Empty)}", clock.Elapsed.TotalSeconds, calls));
}

// The way an admin would script it without the module: one account after another, AssumeRoot then each read.
var sample = ids.Take(Math.Min(options.BaselineSample, ids.Length)).ToArray();
var baselineClock = Stopwatch.StartNew();
var baselineCalls = await SequentialBaseline(simulator.Endpoint, sample);
baselineClock.Stop();
var baselineSeconds = baselineClock.Elapsed.TotalSeconds * ids.Length / sample.Length;

Console.WriteLine($"Audit of {ids.Length} member accounts, {callsPerAccount:0.00} calls per account, {options.LatencyMs} ms per call:");
Console.WriteLine();
Console.WriteLine("| Run | Seconds | vs physical limit at its throttle | vs sequential baseline |");
Console.WriteLine("|---|---:|---:|---:|");
var perAccountSeconds = callsPerAccount * options.LatencyMs / 1000.0;
foreach (var row in rows)
{
    var limit = int.Parse(row.Name.Split(' ')[2], culture);
    var physical = ids.Length * perAccountSeconds / limit;
    Console.WriteLine($"| {row.Name} | {row.Seconds:0.00} | {row.Seconds / physical:0.00} x ({physical:0.00} s) | {baselineSeconds / row.Seconds:0.0} x faster |");
}

Console.WriteLine($"| Sequential script (measured on {sample.Length} accounts, scaled to {ids.Length}) | {baselineSeconds:0.00} | | 1.0 x |");
Console.WriteLine();
Console.WriteLine($"Physical limit = accounts x calls per account x latency / throttle limit = {ids.Length} x {callsPerAccount:0.00} x {options.LatencyMs} ms / limit.");
Console.WriteLine();

// Memory: a large organization streamed to a counting sink, no latency.
await using var big = await AwsSimulator.StartAsync(Organization(options.MemoryAccounts));
big.Trail.Enabled = false;
using var bigPs = HostedPowerShell.Open(new Dictionary<string, object>
{
    ["*:EndpointUrl"] = big.Endpoint,
    ["*:Region"] = "us-east-1",
    ["*:AccessKey"] = AdminKey,
    ["*:SecretKey"] = AdminSecret,
});
bigPs.Run("$null = Get-OrgAccount -State CLOSED"); // warm the clients and the formatter
GC.Collect();
GC.WaitForPendingFinalizers();
var process = Process.GetCurrentProcess();
process.Refresh();
var baseline = process.WorkingSet64;
long peak = baseline;
using var sampler = new Timer(_ =>
{
    var p = Process.GetCurrentProcess();
    p.Refresh();
    InterlockedMax(ref peak, p.WorkingSet64);
}, null, 0, 50);
var memoryClock = Stopwatch.StartNew();
var counted = bigPs.Run("$n = 0; Get-OrgAccounts | Get-RootCredentialStatus | ForEach-Object { $n++ }; $n");
memoryClock.Stop();
sampler.Change(Timeout.Infinite, Timeout.Infinite);
Console.WriteLine($"Memory: {counted.Output.Single()} of {options.MemoryAccounts} member accounts audited in {memoryClock.Elapsed.TotalSeconds:0.0} s (0 ms latency), {counted.Errors.Count} errors;");
Console.WriteLine($"working set {baseline / 1048576.0:0.0} MB before, peak {Interlocked.Read(ref peak) / 1048576.0:0.0} MB, growth {(Interlocked.Read(ref peak) - baseline) / 1048576.0:0.0} MB (simulator in the same process).");
return 0;

static void InterlockedMax(ref long target, long value)
{
    long seen;
    while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
    {
    }
}

static async Task<int> SequentialBaseline(string endpoint, IReadOnlyList<string> accounts)
{
    var admin = new BasicAWSCredentials(AdminKey, AdminSecret);
    using var sts = new AmazonSecurityTokenServiceClient(admin, new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint, AuthenticationRegion = "us-east-1" });
    var calls = 0;
    foreach (var account in accounts)
    {
        var session = await sts.AssumeRootAsync(new AssumeRootRequest
        {
            TargetPrincipal = account,
            TaskPolicyArn = new PolicyDescriptorType { Arn = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials" },
            DurationSeconds = 900,
        });
        var credentials = new SessionAWSCredentials(session.Credentials.AccessKeyId, session.Credentials.SecretAccessKey, session.Credentials.SessionToken);
        using var iam = AwsClientFactory.CreateIam(new AwsContext(credentials, RegionEndpoint.USEast1, endpoint));
        await iam.GetLoginProfileAsync(CancellationToken.None);
        await iam.ListMfaDevicesAsync(CancellationToken.None);
        var keys = await iam.ListAccessKeysAsync(CancellationToken.None);
        foreach (var key in keys)
        {
            await iam.GetAccessKeyLastUsedAsync(key.AccessKeyId, CancellationToken.None);
        }

        await iam.ListSigningCertificatesAsync(CancellationToken.None);
        calls += 5 + keys.Count;
    }

    return calls;
}

internal static partial class Program
{
    public const string AdminKey = "AKIABENCHADMIN000001";
    public const string AdminSecret = "bench/admin/secret/000000000000000000000";

    public static SimulatorState Organization(int members)
    {
        var state = new SimulatorState
        {
            ManagementAccountId = "100000000000",
            Callers = new List<SimCaller> { new() { AccessKeyId = AdminKey, SecretAccessKey = AdminSecret, AccountId = "100000000000", Arn = "arn:aws:iam::100000000000:role/RootAccessAdmin" } },
        };
        state.Accounts.Add(new SimAccount { Id = "100000000000", Name = "management" });
        for (var i = 1; i <= members; i++)
        {
            var root = new SimRootUser();
            if (i % 2 == 0)
            {
                root.Password = new SimPassword();
            }

            if (i % 3 == 0)
            {
                root.AccessKeys.Add(new SimAccessKey { AccessKeyId = $"AKIA{i:D16}", LastUsedDate = DateTime.UtcNow });
            }

            state.Accounts.Add(new SimAccount { Id = (200000000000L + i).ToString(CultureInfo.InvariantCulture), Name = $"member-{i}", RootUser = root });
        }

        return state;
    }
}

internal sealed class BenchOptions
{
    public int Accounts { get; private set; } = 1000;

    public int LatencyMs { get; private set; } = 50;

    public int BaselineSample { get; private set; } = 40;

    public int MemoryAccounts { get; private set; } = 10000;

    public int[] Limits { get; private set; } = { 16, 1, 4, 32, 64 };

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--accounts": options.Accounts = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--latency": options.LatencyMs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--baseline-sample": options.BaselineSample = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--memory-accounts": options.MemoryAccounts = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--limits": options.Limits = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return options;
    }
}
