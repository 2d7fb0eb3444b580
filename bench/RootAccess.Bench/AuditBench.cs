using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Fanout;
using RootAccess.Playground;
using RootAccess.Simulator;

/// <summary>
/// The org-wide audit through the module at a fixed per-call latency under the quotas, against the critical-path and
/// quota bounds, beside a sequential script and the unbounded peer; prints the table and returns the SUMMARY line.
/// </summary>
internal static class AuditBench
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        var culture = CultureInfo.InvariantCulture;
    var state = Bench.Organization(options.Accounts);
    state.Quotas = new SimQuotas { Sts = options.QuotaSts, Iam = options.QuotaIam };
    await using var simulator = await AwsSimulator.StartAsync(state);
    simulator.Trail.Enabled = false;
    simulator.VerifySignatures = false; // the service's work, not the module's: it would share this process's two cores
    simulator.Faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.Latency, LatencyMs = options.LatencyMs });
    using var ps = HostedPowerShell.Open(new Dictionary<string, object>
    {
        ["*:EndpointUrl"] = simulator.Endpoint,
        ["*:Region"] = "us-east-1",
        ["*:AccessKey"] = Bench.AdminKey,
        ["*:SecretKey"] = Bench.AdminSecret,
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
    using var peerSimulator = Bench.StartBenchChild("--serve-simulator", peerFixture, "--latency", options.LatencyMs.ToString(culture));
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
    var (peerFailed, peerSeconds, peerDied) = PeerMode.PeerProcess(peerEndpointServed, ids.Length, options.Accounts);
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

        var defaultRun = runs[0];
        return string.Create(culture, $"SUMMARY accounts={ids.Length} critical_path_ratio={defaultRun.Seconds / CriticalBound(defaultRun.Peak):0.00} quota_ratio={(quotaBound is { } qb ? (defaultRun.Seconds / qb).ToString("0.00", culture) : "-")} failed_accounts={defaultRun.Failed} peer_failed_accounts={peer.Failed} peer_throttle_errors={peer.Throttles}");
    }

    internal static async Task<int> SequentialBaseline(string endpoint, IReadOnlyList<string> accounts)
    {
        using var sts = Bench.DefaultSts(endpoint);
        var calls = 0;
        foreach (var account in accounts)
        {
            using var iam = await Bench.AuditSession(sts, endpoint, account);
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

}
