using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using Xunit;

namespace RootAccess.Tests;

/// <summary>The pacer's slots, on a clock the test moves: no timing, only what it asks to wait.</summary>
public sealed class RequestPacerTests
{
    private sealed class FakeTime
    {
        public double Now;
        public readonly List<double> Waits = new();

        public Task Delay(TimeSpan wait, CancellationToken cancellationToken)
        {
            Waits.Add(wait.TotalSeconds);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_burst_runs_ahead_by_the_burst_and_then_each_request_waits_for_its_slot()
    {
        var time = new FakeTime();
        var pacer = new RequestPacer(100, 0.05, () => time.Now, time.Delay);

        for (var i = 0; i < 20; i++)
        {
            await pacer.WaitAsync(CancellationToken.None);
        }

        // 100/s is one slot per 10 ms; the first 6 slots (0 to 50 ms) fit in the burst, the others wait their turn.
        Assert.Equal(14, time.Waits.Count);
        Assert.Equal(0.01, time.Waits[0], 6);
        Assert.Equal(0.14, time.Waits[^1], 6);
    }

    [Fact]
    public async Task Requests_spaced_slower_than_the_rate_never_wait()
    {
        var time = new FakeTime();
        var pacer = new RequestPacer(100, 0.05, () => time.Now, time.Delay);

        for (var i = 0; i < 50; i++)
        {
            time.Now += 0.011;
            await pacer.WaitAsync(CancellationToken.None);
        }

        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task Over_any_second_the_pacer_lets_through_at_most_the_rate_plus_the_burst()
    {
        var time = new FakeTime();
        var pacer = new RequestPacer(RequestPacer.AssumeRootRate, 0.05, () => time.Now, time.Delay);
        var released = new List<double>();

        for (var i = 0; i < 3000; i++)
        {
            var before = time.Waits.Count;
            await pacer.WaitAsync(CancellationToken.None);
            released.Add(time.Now + (time.Waits.Count > before ? time.Waits[^1] : 0));
        }

        var busiest = released.Select(t => released.Count(r => r >= t && r < t + 1.0)).Max();
        Assert.InRange(busiest, 570, 570 + (int)(0.05 * 570) + 1);
        Assert.True(busiest < 600, "the pacer must stay under STS's 600/s quota");
    }
}
