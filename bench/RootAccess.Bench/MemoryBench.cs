using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using RootAccess.Playground;

/// <summary>Memory: a large organization streamed to a counting sink, no latency, the simulator in its own process so that the growth measured is the module's alone.</summary>
internal static class MemoryBench
{
    public static void Run(BenchOptions options)
    {
    var fixture = Path.Combine(Path.GetTempPath(), $"rootaccess-bench-{Guid.NewGuid():N}.json");
    var large = Bench.Organization(options.MemoryAccounts);
    File.WriteAllText(fixture, large.ToJson());
    using var served = StartServed(fixture);
    var endpoint = served.StandardOutput.ReadLine()!.Split(' ').First(p => p.StartsWith("endpoint=", StringComparison.Ordinal)).Substring("endpoint=".Length);
    using var bigPs = HostedPowerShell.Open(new Dictionary<string, object>
    {
        ["*:EndpointUrl"] = endpoint,
        ["*:Region"] = "us-east-1",
        ["*:AccessKey"] = Bench.AdminKey,
        ["*:SecretKey"] = Bench.AdminSecret,
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
    }

    private static Process StartServed(string fixture)
    {
        var playground = typeof(PlaygroundRunner).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(playground);
        start.ArgumentList.Add("--serve");
        start.ArgumentList.Add("--org");
        start.ArgumentList.Add(fixture);
        return Process.Start(start)!;
    }


    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

}
