using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Core;

namespace RootAccess.Fanout;

/// <summary>
/// Runs one async function per input with bounded concurrency, streaming each outcome back to the caller's
/// thread (the pipeline thread, the only one that may write to PowerShell). Inputs are taken as they arrive, so
/// memory does not grow with their number; a failure stays with its input; cancellation stops everything.
/// </summary>
public sealed class FanoutEngine<TIn, TOut> : IDisposable
{
    private readonly Func<TIn, CancellationToken, Task<TOut>> _work;
    private readonly FanoutOptions _options;
    private readonly CancellationToken _cancellation;
    private readonly AdaptiveLimit _limit;
    private readonly FinishedQueue<FanoutResult<TIn, TOut>> _finished = new();
    private readonly SortedDictionary<long, FanoutResult<TIn, TOut>> _reorder = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _posted;
    private long _inFlight;
    private bool _disposed;
    private long _nextToEmit;

    public FanoutEngine(Func<TIn, CancellationToken, Task<TOut>> work, FanoutOptions options, CancellationToken cancellation)
    {
        if (options.ThrottleLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ThrottleLimit, "ThrottleLimit must be at least 1.");
        }

        _work = work;
        _options = options;
        _cancellation = cancellation;
        _limit = options.Adaptive
            ? AdaptiveLimit.Adaptive(options.ThrottleLimit, Math.Max(options.ThrottleLimit, FanoutOptions.MaxAdaptiveThrottleLimit))
            : AdaptiveLimit.Fixed(options.ThrottleLimit);
    }

    /// <summary>Inputs taken so far.</summary>
    public long Posted => Interlocked.Read(ref _posted);

    /// <summary>Outcomes handed back so far.</summary>
    public long Completed { get; private set; }

    /// <summary>The concurrency limit: fixed, or where adaptation has taken it.</summary>
    public AdaptiveLimit Limit => _limit;

    /// <summary>Outcomes per second since the engine started.</summary>
    public double Rate => Completed / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);

    /// <summary>
    /// Starts work on one input, first handing back outcomes while every slot is busy (so the caller's thread
    /// keeps writing while it waits), then any others already finished.
    /// </summary>
    public IEnumerable<FanoutResult<TIn, TOut>> Post(TIn input)
    {
        while (Interlocked.Read(ref _inFlight) >= _limit.Current)
        {
            foreach (var result in Emit(_finished.Take(_cancellation)))
            {
                yield return result;
            }
        }

        Interlocked.Increment(ref _inFlight);
        var index = Interlocked.Increment(ref _posted) - 1;
        _running[index] = Task.Run(() => RunAsync(index, input));
        foreach (var result in Ready())
        {
            yield return result;
        }
    }

    /// <summary>Outcomes that have finished, without waiting.</summary>
    public IEnumerable<FanoutResult<TIn, TOut>> Ready()
    {
        while (_finished.TryTake(out var finished))
        {
            foreach (var result in Emit(finished))
            {
                yield return result;
            }
        }
    }

    /// <summary>Waits for every input taken so far and hands back the rest of the outcomes as they finish.</summary>
    public IEnumerable<FanoutResult<TIn, TOut>> Complete()
    {
        while (Completed < Posted)
        {
            foreach (var result in Emit(_finished.Take(_cancellation)))
            {
                yield return result;
            }
        }
    }

    /// <summary>
    /// Waits for in-flight work to end (after a stop it ends promptly by observing cancellation), so nothing runs on
    /// after the command; outcomes not yet handed back stay available from <see cref="Leftovers"/>.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var running = new List<Task>(_running.Values);
        try
        {
            // Without a stop, work runs to its own end (AWS calls have their own timeouts); with one, it ends promptly.
            Task.WaitAll(running.ToArray(), _cancellation.IsCancellationRequested ? TimeSpan.FromSeconds(5) : TimeSpan.FromMinutes(5));
        }
        catch (AggregateException)
        {
            // Outcomes were already reported through the queue; a cancelled task has nothing left to say.
        }
    }

    /// <summary>Every outcome not yet handed back, in input order, once the engine is disposed.</summary>
    public IEnumerable<FanoutResult<TIn, TOut>> Leftovers()
    {
        var rest = new List<FanoutResult<TIn, TOut>>(_reorder.Values);
        _reorder.Clear();
        while (_finished.TryTake(out var finished))
        {
            rest.Add(finished);
        }

        rest.Sort((a, b) => a.Index.CompareTo(b.Index));
        Completed += rest.Count;
        return rest;
    }

    // One attempt per input: retrying is the AWS layer's job, at the call, so a throttled read never reopens a session.
    // The AWS layer's throttling reports reach the limit through ThrottleSignal, listened to around the work.
    private async Task RunAsync(long index, TIn input)
    {
        FanoutResult<TIn, TOut> result;
        var throttled = false;
        try
        {
            var output = await ThrottleSignal.Listen(() =>
            {
                throttled = true;
                _limit.OnThrottle();
            }, () => _work(input, _cancellation)).ConfigureAwait(false);
            result = new FanoutResult<TIn, TOut>(index, input, output, null, 1);
        }
        catch (Exception ex)
        {
            result = new FanoutResult<TIn, TOut>(index, input, default, ex, 1);
        }

        if (!throttled && result.Error is null)
        {
            _limit.OnSuccess();
        }

        _running.TryRemove(index, out _);
        if (!_options.Ordered)
        {
            Interlocked.Decrement(ref _inFlight);
        }

        _finished.Add(result);
    }

    // Ordered runs keep a slot until the outcome is emitted, which bounds the reorder buffer by the limit.
    private IEnumerable<FanoutResult<TIn, TOut>> Emit(FanoutResult<TIn, TOut> finished)
    {
        if (!_options.Ordered)
        {
            Completed++;
            yield return finished;
            yield break;
        }

        _reorder[finished.Index] = finished;
        while (_reorder.TryGetValue(_nextToEmit, out var next))
        {
            _reorder.Remove(_nextToEmit);
            _nextToEmit++;
            Completed++;
            Interlocked.Decrement(ref _inFlight);
            yield return next;
        }
    }
}

/// <summary>
/// Where outcomes wait for the caller's thread. It blocks without spinning: the caller waits for the next outcome all run
/// long, and a spinning wait (BlockingCollection's SemaphoreSlim) burned an eighth of the process's CPU in sched_yield.
/// </summary>
internal sealed class FinishedQueue<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly ManualResetEventSlim _added = new(false, 0);

    public void Add(T item)
    {
        _items.Enqueue(item);
        _added.Set();
    }

    public bool TryTake(out T item) => _items.TryDequeue(out item!);

    /// <summary>The next item, waiting for one; a stop ends the wait with <see cref="OperationCanceledException"/>.</summary>
    public T Take(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_items.TryDequeue(out var item))
            {
                return item;
            }

            // Reset, then look again: an item added after the look sets the event the wait sees.
            _added.Reset();
            if (_items.TryDequeue(out item))
            {
                return item;
            }

            _added.Wait(cancellationToken);
        }
    }
}
