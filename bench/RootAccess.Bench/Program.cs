using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using RootAccess.Aws;
using RootAccess.Fanout;
using RootAccess.Playground;
using RootAccess.Simulator;

// Benchmarks against the simulator (not timed tests): the org-wide audit at a fixed per-call latency under AWS's
// request-rate quotas, against two honest bounds (the critical path per account, measured from the simulator's call
// log, and the STS quota), beside a sequential script and a peer that fans out without a bound; then memory on a large
// org with the simulator in another process, and cold Import-Module time. The last line is SUMMARY ... for scripts.
// Usage: dotnet run -c Release --project bench/RootAccess.Bench -- [--accounts 1000] [--latency 50] [--quota-sts 600]
//        [--quota-iam 20] [--limits 64] [--baseline-sample 40] [--memory-accounts 10000]   (a quota of 0 turns it off)
var options = BenchOptions.Parse(args);
var culture = CultureInfo.InvariantCulture;

// The peer runs in a process of its own (this program again, with --peer-endpoint): 10,000 unbounded tasks can take
// their process down, and that must end the peer's run, not the benchmark.
if (options.ServeFixture is { } serveFixture)
{
    var servedState = SimulatorState.Load(serveFixture);
    await using var own = await AwsSimulator.StartAsync(servedState);
    own.Trail.Enabled = false;
    own.VerifySignatures = false;
    own.Faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.Latency, LatencyMs = options.LatencyMs });
    Console.WriteLine($"endpoint={own.Endpoint}");
    // The count so far every half second, so the benchmark keeps it even if this process is taken down.
    using var reporter = new Timer(_ => Console.WriteLine($"throttled={own.Throttled.Values.Sum()}"), null, 500, 500);
    while (Console.In.ReadLine() is not null)
    {
    }

    reporter.Change(Timeout.Infinite, Timeout.Infinite);
    Console.WriteLine($"throttled={own.Throttled.Values.Sum()}");
    return 0;
}

if (options.PeerEndpoint is { } peerEndpoint)
{
    var members = Organization(options.Accounts).Accounts.Skip(1).Select(a => a.Id).ToArray();
    var peerOwnClock = Stopwatch.StartNew();
    var failedInPeer = await UnboundedPeer(peerEndpoint, members);
    Console.WriteLine(string.Create(culture, $"PEER failed={failedInPeer} seconds={peerOwnClock.Elapsed.TotalSeconds:0.000}"));
    return 0;
}

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
var quotasOn = options.QuotaSts > 0 || options.QuotaIam > 0;

Console.WriteLine($"# RootAccess benchmark: {options.Accounts} accounts, {options.LatencyMs} ms injected per call, quotas STS {Rate(options.QuotaSts)} and IAM {Rate(options.QuotaIam)}, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine($"Import-Module in a fresh runspace: cold (first in the process) {coldImport.TotalSeconds:0.000} s, warm {warmImport.TotalSeconds:0.000} s");
Console.WriteLine();

var state = Organization(options.Accounts);
state.Quotas = new SimQuotas { Sts = options.QuotaSts, Iam = options.QuotaIam };
await using var simulator = await AwsSimulator.StartAsync(state);
simulator.Trail.Enabled = false;
simulator.VerifySignatures = false; // the service's work, not the module's: it would share this process's two cores
simulator.Faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.Latency, LatencyMs = options.LatencyMs });
using var ps = HostedPowerShell.Open(new Dictionary<string, object>
{
    ["*:EndpointUrl"] = simulator.Endpoint,
    ["*:Region"] = "us-east-1",
    ["*:AccessKey"] = AdminKey,
    ["*:SecretKey"] = AdminSecret,
});
var ids = state.Accounts.Where(a => a.Id != state.ManagementAccountId).Select(a => a.Id).ToArray();

int Throttled() => simulator.Throttled.Values.Sum();

// One audit through the module; failed accounts are those without an Audited row.
Run Audit(string name, string parameters, int? limit)
{
    Console.Error.WriteLine($"# {DateTime.UtcNow:HH:mm:ss} {name}");
    Thread.Sleep(1100); // let the quota buckets refill between runs
    GC.Collect(); // and start each run from a settled heap, not with the previous run's garbage
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var before = simulator.CallLog.Count;
    var throttledBefore = Throttled();
    var clock = Stopwatch.StartNew();
    var result = ps.Run($"$args[0] | Get-RootCredentialStatus {parameters} -Verbose | ForEach-Object {{ $_.Status }}", arguments: new object[] { ids });
    clock.Stop();
    var audited = result.Output.Count(o => (string)o.BaseObject == "Audited");
    var log = simulator.CallLog.Skip(before).ToList();
    var summary = result.Verbose.LastOrDefault(v => v.Contains("concurrency")) ?? string.Empty;
    var peak = limit ?? (System.Text.RegularExpressions.Regex.Match(summary, @"peak (\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, culture) : FanoutOptions.DefaultThrottleLimit);
    return new Run(name, clock.Elapsed.TotalSeconds, ids.Length - audited, Throttled() - throttledBefore, peak, log);
}

// A warm-up run like the measured ones (JIT tiers, clients, the thread pool grown to the concurrency), so that the
// first measured run is not charged for what the process does once.
Console.Error.WriteLine($"# {DateTime.UtcNow:HH:mm:ss} warm-up run");
ps.Run("$args[0] | Get-RootCredentialStatus | Out-Null", arguments: new object[] { ids });
var runs = new List<Run> { Audit("RootAccess, default (adaptive)", string.Empty, null) };
foreach (var limit in options.Limits)
{
    runs.Add(Audit($"RootAccess -ThrottleLimit {limit}", $"-ThrottleLimit {limit}", limit));
}

// The critical path of one account, measured from the default run's calls: AssumeRoot, then the five reads at once,
// then GetAccessKeyLastUsed for the accounts that have keys (after ListAccessKeys).
var measured = runs[0].Log;
var assumeRoots = measured.Count(c => c == "AssumeRoot");
var lastUsed = measured.Count(c => c == "GetAccessKeyLastUsed");
var criticalCalls = 2 + ((double)lastUsed / ids.Length);
// The module also paces AssumeRoot under STS's quota (RequestPacer, 570/s), AWS's limit even where the simulator sets none:
// its bound is the slower of the two. The peer does not pace.
double CriticalBound(int concurrency, bool paced = true) => Math.Max(ids.Length * criticalCalls * options.LatencyMs / 1000.0 / concurrency, paced ? ids.Length / RequestPacer.AssumeRootRate : 0);
var quotaBound = options.QuotaSts > 0 ? (double)ids.Length / options.QuotaSts : (double?)null;

// The way an admin would script it without the module: one account after another, AssumeRoot then each read.
Console.Error.WriteLine($"# {DateTime.UtcNow:HH:mm:ss} sequential script");
Thread.Sleep(1100);
var sample = ids.Take(Math.Min(options.BaselineSample, ids.Length)).ToArray();
var baselineClock = Stopwatch.StartNew();
await SequentialBaseline(simulator.Endpoint, sample);
baselineClock.Stop();
var baselineSeconds = baselineClock.Elapsed.TotalSeconds * ids.Length / sample.Length;

// A peer that fans out without a bound, one task per account, as aws-root-manager does (the SDK's standard retries). It
// runs in a process of its own against a simulator in a process of its own (same organization, quotas and latency):
// 10,000 unbounded tasks and their connections can take a process down on this machine, and that must end the peer's
// run, not the benchmark.
Console.Error.WriteLine($"# {DateTime.UtcNow:HH:mm:ss} unbounded peer");
var peerFixture = Path.Combine(Path.GetTempPath(), $"rootaccess-bench-peer-{Guid.NewGuid():N}.json");
File.WriteAllText(peerFixture, state.ToJson());
using var peerSimulator = StartBenchChild("--serve-simulator", peerFixture, "--latency", options.LatencyMs.ToString(culture));
var peerEndpointServed = peerSimulator.StandardOutput.ReadLine()!.Substring("endpoint=".Length);
var peerThrottled = 0;
var peerSimulatorDied = false;
var peerSimulatorOutput = Task.Run(() =>
{
    while (peerSimulator.StandardOutput.ReadLine() is { } reported)
    {
        if (reported.StartsWith("throttled=", StringComparison.Ordinal))
        {
            Volatile.Write(ref peerThrottled, int.Parse(reported.Substring("throttled=".Length), CultureInfo.InvariantCulture));
        }
    }
});
var peerClock = Stopwatch.StartNew();
var (peerFailed, peerSeconds, peerDied) = PeerProcess(peerEndpointServed, ids.Length, options.Accounts);
peerClock.Stop();
peerSimulatorDied = peerSimulator.HasExited;
try
{
    peerSimulator.StandardInput.Close();
}
catch (IOException)
{
    peerSimulatorDied = true; // it is gone already
}

peerSimulator.WaitForExit(10000);
peerSimulatorOutput.Wait(10000);
File.Delete(peerFixture);
var peerName = "Peer: one task per account, no bound"
    + (peerDied is null ? string.Empty : $" (its process died: {peerDied}; every account it had not reported counts as failed)")
    + (peerSimulatorDied ? " (its simulator's process died too; throttling counted until then)" : string.Empty);
var peer = new Run(peerName, peerSeconds ?? peerClock.Elapsed.TotalSeconds, peerFailed, Volatile.Read(ref peerThrottled), ids.Length, new List<string>());

Console.WriteLine($"Audit of {ids.Length} member accounts, {options.LatencyMs} ms per call; critical path {criticalCalls:0.00} calls per account ({assumeRoots} AssumeRoot, {lastUsed} GetAccessKeyLastUsed in the default run):");
Console.WriteLine();
Console.WriteLine("| Run | Seconds | vs critical-path bound (at its peak concurrency) | vs quota bound | failed accounts | throttling errors | vs sequential |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var run in runs.Append(peer))
{
    var critical = CriticalBound(run.Peak, !ReferenceEquals(run, peer));
    Console.WriteLine($"| {run.Name} | {run.Seconds:0.00} | {run.Seconds / critical:0.00} x ({critical:0.00} s at {run.Peak}) | {(quotaBound is { } q ? $"{run.Seconds / q:0.00} x ({q:0.00} s)" : "-")} | {run.Failed} | {run.Throttles} | {baselineSeconds / run.Seconds:0.0} x faster |");
}

Console.WriteLine($"| Sequential script (measured on {sample.Length} accounts, scaled to {ids.Length}) | {baselineSeconds:0.00} | | | | | 1.0 x |");
Console.WriteLine();
Console.WriteLine($"Critical-path bound = accounts x critical-path calls per account x latency / concurrency = {ids.Length} x {criticalCalls:0.00} x {options.LatencyMs} ms / concurrency, and for the module at least accounts / {RequestPacer.AssumeRootRate:0} AssumeRoot per second (its pacing under STS's quota) = {ids.Length / RequestPacer.AssumeRootRate:0.00} s.");
Console.WriteLine(quotaBound is { } bound
    ? $"Quota bound = accounts x AssumeRoot calls per account / STS rate = {ids.Length} x 1 / {options.QuotaSts:0}/s = {bound:0.00} s."
    : "Quota bound: no STS quota in this run.");
Console.WriteLine();

// Memory: a large organization streamed to a counting sink, no latency, the simulator in its own process so that the
// growth measured here is the module's alone.
var fixture = Path.Combine(Path.GetTempPath(), $"rootaccess-bench-{Guid.NewGuid():N}.json");
var large = Organization(options.MemoryAccounts);
File.WriteAllText(fixture, large.ToJson());
using var served = StartServed(fixture);
var endpoint = served.StandardOutput.ReadLine()!.Split(' ').First(p => p.StartsWith("endpoint=", StringComparison.Ordinal)).Substring("endpoint=".Length);
using var bigPs = HostedPowerShell.Open(new Dictionary<string, object>
{
    ["*:EndpointUrl"] = endpoint,
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
long peakMemory = baseline;
using var sampler = new Timer(_ =>
{
    var p = Process.GetCurrentProcess();
    p.Refresh();
    InterlockedMax(ref peakMemory, p.WorkingSet64);
}, null, 0, 50);
var memoryClock = Stopwatch.StartNew();
var counted = bigPs.Run("$n = 0; Get-OrgAccounts | Get-RootCredentialStatus | Where-Object Status -eq 'Audited' | ForEach-Object { $n++ }; $n");
memoryClock.Stop();
sampler.Change(Timeout.Infinite, Timeout.Infinite);
served.StandardInput.Close();
served.WaitForExit(10000);
File.Delete(fixture);
Console.WriteLine($"Memory: {counted.Output.Single()} of {options.MemoryAccounts} member accounts audited in {memoryClock.Elapsed.TotalSeconds:0.0} s (0 ms latency), {counted.Errors.Count} errors;");
Console.WriteLine($"this process (the module, no simulator): working set {baseline / 1048576.0:0.0} MB before, peak {Interlocked.Read(ref peakMemory) / 1048576.0:0.0} MB, growth {(Interlocked.Read(ref peakMemory) - baseline) / 1048576.0:0.0} MB.");
Console.WriteLine();
var defaultRun = runs[0];
Console.WriteLine(string.Create(culture, $"SUMMARY accounts={ids.Length} critical_path_ratio={defaultRun.Seconds / CriticalBound(defaultRun.Peak):0.00} quota_ratio={(quotaBound is { } qb ? (defaultRun.Seconds / qb).ToString("0.00", culture) : "-")} failed_accounts={defaultRun.Failed} peer_failed_accounts={peer.Failed} peer_throttle_errors={peer.Throttles}"));
return 0;

static string Rate(double perSecond) => perSecond > 0 ? $"{perSecond:0}/s" : "off";

static Process StartServed(string fixture)
{
    var playground = typeof(PlaygroundRunner).Assembly.Location;
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
    start.ArgumentList.Add(playground);
    start.ArgumentList.Add("--serve");
    start.ArgumentList.Add("--org");
    start.ArgumentList.Add(fixture);
    return Process.Start(start)!;
}

static void InterlockedMax(ref long target, long value)
{
    long seen;
    while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
    {
    }
}

// The SDK's STS client with its own default retries (the standard mode), as a script or a peer tool would use it.
static AmazonSecurityTokenServiceClient DefaultSts(string endpoint)
    => new(new BasicAWSCredentials(AdminKey, AdminSecret), new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint, AuthenticationRegion = "us-east-1" });

// An audit session in one account, as an IAM client acting as its root user.
static async Task<IamClient> AuditSession(IAmazonSecurityTokenService sts, string endpoint, string account)
{
    var session = await sts.AssumeRootAsync(new AssumeRootRequest
    {
        TargetPrincipal = account,
        TaskPolicyArn = new PolicyDescriptorType { Arn = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials" },
        DurationSeconds = 900,
    });
    var credentials = new SessionAWSCredentials(session.Credentials.AccessKeyId, session.Credentials.SecretAccessKey, session.Credentials.SessionToken);
    return AwsClientFactory.CreateIam(new AwsContext(credentials, RegionEndpoint.USEast1, endpoint));
}

static async Task<int> SequentialBaseline(string endpoint, IReadOnlyList<string> accounts)
{
    using var sts = DefaultSts(endpoint);
    var calls = 0;
    foreach (var account in accounts)
    {
        using var iam = await AuditSession(sts, endpoint, account);
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

// Runs the peer in a child process against this process's simulator; an account it never reported is a failed one.
static Process StartBenchChild(params string[] arguments)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
    if (!Environment.ProcessPath!.EndsWith("RootAccess.Bench", StringComparison.Ordinal))
    {
        start.ArgumentList.Add(typeof(BenchOptions).Assembly.Location);
    }

    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    return Process.Start(start)!;
}

static (int Failed, double? Seconds, string? Died) PeerProcess(string endpoint, int members, int accounts)
{
    using var child = StartBenchChild("--accounts", accounts.ToString(CultureInfo.InvariantCulture), "--peer-endpoint", endpoint);
    var errors = child.StandardError.ReadToEndAsync();
    var output = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("PEER failed=", StringComparison.Ordinal));
    if (child.ExitCode == 0 && line is not null)
    {
        // "PEER failed=<n> seconds=<s>": the peer times its own run, without its process's start.
        var fields = line.Trim().Split(' ').Skip(1).Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        return (int.Parse(fields["failed"], CultureInfo.InvariantCulture), double.Parse(fields["seconds"], CultureInfo.InvariantCulture), null);
    }

    var why = (errors.Result + output).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"exit code {child.ExitCode}";
    return (members, null, why);
}

static async Task<int> UnboundedPeer(string endpoint, IReadOnlyList<string> accounts)
{
    using var sts = DefaultSts(endpoint);
    var outcomes = await Task.WhenAll(accounts.Select(async account =>
    {
        try
        {
            using var iam = await AuditSession(sts, endpoint, account);
            await Task.WhenAll(iam.GetLoginProfileAsync(CancellationToken.None), iam.ListMfaDevicesAsync(CancellationToken.None), iam.ListAccessKeysAsync(CancellationToken.None), iam.ListSigningCertificatesAsync(CancellationToken.None));
            return true;
        }
        catch (AmazonServiceException)
        {
            return false;
        }
    }));
    return outcomes.Count(ok => !ok);
}

internal sealed record Run(string Name, double Seconds, int Failed, int Throttles, int Peak, List<string> Log);

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

    public int[] Limits { get; private set; } = { 64 };

    public double QuotaSts { get; private set; } = SimQuotas.Documented.Sts;

    public double QuotaIam { get; private set; } = SimQuotas.Documented.Iam;

    /// <summary>Internal: run only the unbounded peer against this endpoint (the benchmark starts it as a child).</summary>
    public string? PeerEndpoint { get; private set; }

    /// <summary>Internal: only serve this fixture, with --latency, until stdin closes (the peer's simulator).</summary>
    public string? ServeFixture { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--peer-endpoint": options.PeerEndpoint = value; break;
                case "--serve-simulator": options.ServeFixture = value; break;
                case "--accounts": options.Accounts = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--latency": options.LatencyMs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--baseline-sample": options.BaselineSample = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--memory-accounts": options.MemoryAccounts = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--limits": options.Limits = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--quota-sts": options.QuotaSts = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--quota-iam": options.QuotaIam = double.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return options;
    }
}
