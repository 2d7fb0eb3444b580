using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Playground;

/// <summary>
/// CPU time per account, the instrument that holds on 2 shared cores where wall-clock ratios do not: the module's process
/// (user + system time over the run, after a warm-up) with the simulator in a process of its own, beside AWS's SDK for
/// JavaScript v3 doing the same calls per account at the same concurrency (tests/Conformance/sdk-audit.mjs, one client
/// per account, destroyed after it) and the sequential script. Returns the SUMMARY fields.
/// </summary>
internal static class CpuBench
{
    private const int MeasuredRuns = 3;

    public static async Task<string> RunAsync(BenchOptions options)
    {
        var culture = CultureInfo.InvariantCulture;
        var state = Bench.Organization(options.Accounts);
        state.Quotas = new RootAccess.Simulator.SimQuotas { Sts = options.QuotaSts, Iam = options.QuotaIam };
        var ids = state.Accounts.Skip(1).Select(a => a.Id).ToArray();
        var fixture = Path.Combine(Path.GetTempPath(), $"rootaccess-bench-cpu-{Guid.NewGuid():N}.json");
        var accountsFile = Path.ChangeExtension(fixture, ".accounts");
        File.WriteAllText(fixture, state.ToJson());
        File.WriteAllLines(accountsFile, ids);
        using var served = Bench.StartBenchChild("--serve-simulator", fixture, "--latency", "0");
        var endpoint = served.StandardOutput.ReadLine()!.Substring("endpoint=".Length);
        var throttled = 0;
        var reading = Task.Run(() =>
        {
            while (served.StandardOutput.ReadLine() is { } line)
            {
                if (line.StartsWith("throttled=", StringComparison.Ordinal))
                {
                    Volatile.Write(ref throttled, int.Parse(line.Substring("throttled=".Length), culture));
                }
            }
        });
        int Throttled()
        {
            Thread.Sleep(600); // the child reports every half second
            return Volatile.Read(ref throttled);
        }

        var rows = new List<(string Name, double CpuMs, double Seconds, int Failed, int Throttles)>();
        try
        {
            // The module in a real pwsh process of its own (the pinned PowerShell tool), running the signature pipeline as
            // written; that process reports its own CPU time per run.
            foreach (var (name, limit) in new[] { ("RootAccess, default (adaptive)", 0), ("RootAccess -ThrottleLimit 64", 64) })
            {
                Console.Error.WriteLine($"# {DateTime.UtcNow:HH:mm:ss} CPU: {name} (pwsh: warm-up, then {MeasuredRuns} runs)");
                Thread.Sleep(1100);
                var throttlesBefore = Throttled();
                var runs = Pwsh(endpoint, limit);
                if (runs.Count == 0)
                {
                    throw new InvalidOperationException($"The pwsh run of '{name}' reported nothing.");
                }

                // The median of three runs: one run's CPU time moves by a fifth from run to run on this machine (when the
                // thread pool's idle workers spin, when tiering compiles), the median of three much less.
                var median = runs.OrderBy(r => r.CpuMs).ElementAt(runs.Count / 2);
                rows.Add(($"{name}, median of {runs.Count}", median.CpuMs, median.WallMs / 1000, runs.Max(r => ids.Length - r.Audited), Throttled() - throttlesBefore));
            }

            // AWS's own SDK, same calls, same concurrency, in a node process of its own (its CPU is its own report).
            var sdk = Sdk(endpoint, accountsFile, 64);
            if (sdk is { } s)
            {
                rows.Add(("AWS SDK for JavaScript v3, 64 at once (one client per account)", s.CpuMs, s.WallMs / 1000, s.Failed, 0));
            }

            var sample = ids.Take(Math.Min(Math.Max(options.BaselineSample, 20), ids.Length)).ToArray();
            AuditBenchSequential(endpoint, ids.Skip(sample.Length).Take(10).ToArray()).GetAwaiter().GetResult(); // its warm-up, as the others had
            Thread.Sleep(1100);
            var (sequentialCpu, sequentialSeconds, _) = Measure(() => { AuditBenchSequential(endpoint, sample).GetAwaiter().GetResult(); return new List<System.Management.Automation.PSObject>(); });
            rows.Add(($"Sequential script (AWS SDK for .NET, {sample.Length} accounts, scaled)", sequentialCpu * ids.Length / sample.Length, sequentialSeconds * ids.Length / sample.Length, 0, 0));
        }
        finally
        {
            served.StandardInput.Close();
            served.WaitForExit(10000);
            await reading.ConfigureAwait(false);
            File.Delete(fixture);
            File.Delete(accountsFile);
        }

        Console.WriteLine($"CPU per account: {ids.Length} accounts, the module's process alone (user + system time, after a warm-up; the module in a real pwsh process running `Get-OrgAccounts | Get-RootCredentialStatus | Export-Csv`, each row the median of three runs; the simulator runs in its own process, no injected latency, quotas STS {Bench.Rate(options.QuotaSts)} and IAM {Bench.Rate(options.QuotaIam)}):");
        Console.WriteLine();
        Console.WriteLine("| Run | CPU per account | Wall | Accounts per CPU-second | failed accounts | throttling errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var perAccount = row.CpuMs / ids.Length;
            Console.WriteLine(string.Create(culture, $"| {row.Name} | {perAccount:0.00} ms | {row.Seconds:0.00} s | {1000 / perAccount:0} | {row.Failed} | {row.Throttles} |"));
        }

        Console.WriteLine();
        var module = rows[0].CpuMs / ids.Length;
        var peer = rows.FirstOrDefault(r => r.Name.StartsWith("AWS SDK", StringComparison.Ordinal));
        return string.Create(culture, $"cpu_ms_per_account={module:0.00} sdk_cpu_ms_per_account={(peer.Name is null ? "-" : (peer.CpuMs / ids.Length).ToString("0.00", culture))}");
    }

    // CPU of this process over the call, from a settled heap.
    private static (double CpuMs, double Seconds, List<System.Management.Automation.PSObject> Output) Measure(Func<List<System.Management.Automation.PSObject>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var output = run();
        clock.Stop();
        process.Refresh();
        return ((process.TotalProcessorTime - cpu).TotalMilliseconds, clock.Elapsed.TotalSeconds, output);
    }

    private static List<(double CpuMs, double WallMs, int Audited)> Pwsh(string endpoint, int throttleLimit)
    {
        var root = ModuleLocator.RepositoryRoot();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(root, "bench", "cpu-run.ps1"), "-Endpoint", endpoint, "-AccessKey", Bench.AdminKey, "-SecretKey", Bench.AdminSecret, "-ThrottleLimit", throttleLimit.ToString(CultureInfo.InvariantCulture), "-Runs", MeasuredRuns.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var pwsh = Process.Start(start)!;
        var errors = pwsh.StandardError.ReadToEndAsync();
        var runs = new List<(double CpuMs, double WallMs, int Audited)>();
        while (pwsh.StandardOutput.ReadLine() is { } line)
        {
            if (!line.TrimStart().StartsWith("{", StringComparison.Ordinal))
            {
                continue;
            }

            using var run = JsonDocument.Parse(line);
            var result = run.RootElement;
            runs.Add((result.GetProperty("cpuMs").GetDouble(), result.GetProperty("wallMs").GetDouble(), result.GetProperty("audited").GetInt32()));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#   {result.GetProperty("cpuMs").GetDouble() / Math.Max(1, result.GetProperty("rows").GetInt32()):0.00} ms per row"));
        }

        pwsh.WaitForExit();
        if (pwsh.ExitCode != 0)
        {
            Console.Error.WriteLine($"# CPU: pwsh failed: {errors.Result}");
        }

        return runs;
    }

    private static (double CpuMs, double WallMs, int Failed)? Sdk(string endpoint, string accountsFile, int concurrency)
    {
        var folder = Path.Combine(ModuleLocator.RepositoryRoot(), "tests", "Conformance");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@aws-sdk", "client-iam")))
        {
            Console.Error.WriteLine("# CPU: AWS SDK for JavaScript not installed (npm ci in tests/Conformance); its row is left out");
            return null;
        }

        Console.Error.WriteLine($"# {DateTime.UtcNow:HH:mm:ss} CPU: AWS SDK for JavaScript v3");
        Thread.Sleep(1100);
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "sdk-audit.mjs", endpoint, accountsFile, concurrency.ToString(CultureInfo.InvariantCulture), Bench.AdminKey, Bench.AdminSecret })
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        var errors = node.StandardError.ReadToEndAsync();
        var output = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        var line = output.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith("{", StringComparison.Ordinal));
        if (node.ExitCode != 0 || line is null)
        {
            Console.Error.WriteLine($"# CPU: the SDK run failed: {errors.Result.Split('\n').FirstOrDefault()}");
            return null;
        }

        using var result = JsonDocument.Parse(line);
        var root = result.RootElement;
        return (root.GetProperty("cpuMs").GetDouble(), root.GetProperty("wallMs").GetDouble(), root.GetProperty("failed").GetInt32());
    }

    private static Task<int> AuditBenchSequential(string endpoint, IReadOnlyList<string> accounts) => AuditBench.SequentialBaseline(endpoint, accounts);
}
