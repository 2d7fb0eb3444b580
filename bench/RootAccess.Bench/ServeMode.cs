using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Simulator;

/// <summary>Serves a fixture with a fixed latency until stdin closes, reporting throttles as it goes: the peer's simulator, in a process of its own.</summary>
internal static class ServeMode
{
    public static async Task<int> RunAsync(string fixture, int latencyMs)
    {
        var servedState = SimulatorState.Load(fixture);
        await using var own = await AwsSimulator.StartAsync(servedState);
        own.Trail.Enabled = false;
        own.VerifySignatures = false;
        own.Faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.Latency, LatencyMs = latencyMs });
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
}
