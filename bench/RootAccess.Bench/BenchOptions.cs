using System;
using System.Globalization;
using System.Linq;
using RootAccess.Simulator;

internal sealed class BenchOptions
{
    public int Accounts { get; private set; } = 1000;

    public int LatencyMs { get; private set; } = 50;

    public int BaselineSample { get; private set; } = 40;

    public int MemoryAccounts { get; private set; } = 10000;

    public int[] Limits { get; private set; } = { 64 };

    public double QuotaSts { get; private set; } = SimQuotas.Documented.Sts;

    public double QuotaIam { get; private set; } = SimQuotas.Documented.Iam;

    /// <summary>--only cpu: the CPU-per-account section alone (no wall-clock table, peer or memory run).</summary>
    public string? Only { get; private set; }

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
                case "--only": options.Only = value; break;
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
