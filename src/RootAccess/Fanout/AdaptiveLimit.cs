using System;
using System.Diagnostics;

namespace RootAccess.Fanout;

/// <summary>
/// How many inputs may be in flight: fixed (an explicit -ThrottleLimit, a hard cap), or adaptive the way TCP adapts
/// its window: doubling per window of successes until the first throttle (slow start), then one more per window
/// (additive increase), halved on throttling (multiplicative decrease) at most once per cool-down, so that a burst of
/// throttled calls from one overload halves it once, not to 1.
/// </summary>
public sealed class AdaptiveLimit
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _adaptive;
    private readonly int _max;
    private readonly TimeSpan _coolDown;
    private int _current;
    private int _successes;
    private bool _slowStart = true;
    private TimeSpan? _lastDecrease;

    private AdaptiveLimit(int start, int max, bool adaptive, TimeSpan coolDown)
    {
        _current = start;
        _max = max;
        _adaptive = adaptive;
        _coolDown = coolDown;
        Peak = start;
    }

    /// <summary>A hard cap that never moves.</summary>
    public static AdaptiveLimit Fixed(int limit) => new(limit, limit, false, TimeSpan.Zero);

    /// <summary>Starts at <paramref name="start"/> and moves between 1 and <paramref name="max"/>.</summary>
    public static AdaptiveLimit Adaptive(int start, int max, TimeSpan? coolDown = null) => new(start, max, true, coolDown ?? TimeSpan.FromSeconds(1));

    public int Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The highest it has been.</summary>
    public int Peak { get; private set; }

    /// <summary>Throttling signals seen.</summary>
    public int Throttles { get; private set; }

    public bool IsAdaptive => _adaptive;

    /// <summary>One input finished without being throttled.</summary>
    public void OnSuccess()
    {
        if (!_adaptive)
        {
            return;
        }

        lock (_gate)
        {
            if (++_successes < _current)
            {
                return;
            }

            _successes = 0;
            _current = Math.Min(_max, _slowStart ? _current * 2 : _current + 1);
            Peak = Math.Max(Peak, _current);
        }
    }

    public void OnThrottle()
    {
        lock (_gate)
        {
            Throttles++;
            if (!_adaptive || (_lastDecrease is { } last && _clock.Elapsed - last < _coolDown))
            {
                return;
            }

            _lastDecrease = _clock.Elapsed;
            _slowStart = false;
            _successes = 0;
            _current = Math.Max(1, _current / 2);
        }
    }
}
