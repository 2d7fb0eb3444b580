using System;

// Benchmarks against the simulator (not timed tests): cold Import-Module time (ImportBench), the org-wide audit at a
// fixed per-call latency under AWS's request-rate quotas against honest bounds, beside a sequential script and an
// unbounded peer (AuditBench, PeerMode), CPU per account of the module's process beside AWS's SDK for JavaScript
// (CpuBench), and memory on a large org with the simulator in another process (MemoryBench).
// The last line is SUMMARY ... for scripts.
// Usage: dotnet run -c Release --project bench/RootAccess.Bench -- [--accounts 1000] [--latency 50] [--quota-sts 600]
//        [--quota-iam 20] [--limits 64] [--baseline-sample 40] [--memory-accounts 10000] [--only cpu]   (a quota of 0 turns it off)
var options = BenchOptions.Parse(args);

// The peer and its simulator run in processes of their own (this program again): 10,000 unbounded tasks can take
// their process down, and that must end the peer's run, not the benchmark.
if (options.ServeFixture is { } serveFixture)
{
    return await ServeMode.RunAsync(serveFixture, options.LatencyMs);
}

if (options.PeerEndpoint is { } peerEndpoint)
{
    return await PeerMode.RunAsync(peerEndpoint, options.Accounts);
}

// Cold import first, before anything in this process has loaded the module's assemblies.
var (coldImport, warmImport) = ImportBench.Measure();
Console.WriteLine($"# RootAccess benchmark: {options.Accounts} accounts, {options.LatencyMs} ms injected per call, quotas STS {Bench.Rate(options.QuotaSts)} and IAM {Bench.Rate(options.QuotaIam)}, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine($"Import-Module in a fresh runspace: cold (first in the process) {coldImport.TotalSeconds:0.000} s, warm {warmImport.TotalSeconds:0.000} s");
Console.WriteLine();

if (options.Only == "cpu")
{
    var fields = await CpuBench.RunAsync(options);
    Console.WriteLine($"SUMMARY accounts={options.Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture)} {fields}");
    return 0;
}

var summary = await AuditBench.RunAsync(options);
var cpu = await CpuBench.RunAsync(options);
MemoryBench.Run(options);
Console.WriteLine($"{summary} {cpu}");
return 0;
