using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Fanout;
using Xunit;

namespace RootAccess.Tests;

/// <summary>The queue outcomes wait in for the pipeline thread: it loses nothing under racing producers and a stop ends its wait.</summary>
public sealed class FinishedQueueTests
{
    // Four producers race each other and the consumer's reset-and-look: every item arrives exactly once, and the consumer,
    // which only ever waits while the queue is empty, never sleeps through an item added in the gap.
    [Fact]
    public async Task Racing_producers_lose_nothing_and_the_waiting_consumer_never_misses_an_add()
    {
        var queue = new FinishedQueue<int>();
        const int perProducer = 20000;
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                queue.Add((p * perProducer) + i);
                if (i % 64 == 0)
                {
                    Thread.Yield();
                }
            }
        })).ToArray();

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a missed wake-up would hang: fail instead
        var seen = new HashSet<int>();
        for (var n = 0; n < 4 * perProducer; n++)
        {
            Assert.True(seen.Add(queue.Take(stop.Token)));
        }

        await Task.WhenAll(producers);
        Assert.Equal(Enumerable.Range(0, 4 * perProducer), seen.OrderBy(x => x));
        Assert.False(queue.TryTake(out _));
    }

    // Ping-pong: each add comes only after the consumer took the one before, so every add lands while the consumer is
    // (about to be) waiting on an empty queue, the window a lost wake-up would fall into; a lost one ends at the deadline.
    [Fact]
    public async Task Every_add_to_an_empty_queue_wakes_the_waiting_consumer()
    {
        var queue = new FinishedQueue<int>();
        var taken = new SemaphoreSlim(0);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < 20000; i++)
            {
                queue.Add(i);
                await taken.WaitAsync(deadline.Token);
            }
        });

        for (var i = 0; i < 20000; i++)
        {
            Assert.Equal(i, queue.Take(deadline.Token));
            taken.Release();
        }

        await producer;
    }

    [Fact]
    public async Task A_stop_ends_a_wait_on_an_empty_queue_and_what_was_added_before_is_still_taken_first()
    {
        var queue = new FinishedQueue<string>();
        queue.Add("first");
        using var stop = new CancellationTokenSource();

        Assert.Equal("first", queue.Take(stop.Token));
        stop.CancelAfter(TimeSpan.FromMilliseconds(100));
        var waiting = Task.Run(() => queue.Take(stop.Token));
        Assert.Same(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMinutes(1)))); // a wait deaf to the stop fails here
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
