using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace RootAccess.Aws;

/// <summary>
/// Spaces requests to a rate (a generic cell rate algorithm: each request takes the next slot, a short burst may run
/// ahead), so that an org-wide run stays under a service's request-rate quota instead of learning it from throttling.
/// One pacer per quota, shared by every command in the process. No pacing library is reachable here, so it is ours.
/// </summary>
public sealed class RequestPacer
{
    /// <summary>
    /// AssumeRoot calls per second: 95 % of STS's default request-rate quota of 600 per second per account and region
    /// (Service Quotas), the margin for other STS callers of the same account. Throttling beyond it is still retried.
    /// </summary>
    public const double AssumeRootRate = 570;

    private static readonly ConcurrentDictionary<string, RequestPacer> Shared = new(StringComparer.Ordinal);
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    private readonly object _gate = new();
    private readonly Func<double> _now;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly double _interval;
    private readonly double _burst;
    private double _next;

    public RequestPacer(double ratePerSecond, double burstSeconds = 0.05, Func<double>? now = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        _interval = 1.0 / ratePerSecond;
        _burst = burstSeconds;
        _now = now ?? (() => Clock.Elapsed.TotalSeconds);
        _delay = delay ?? Task.Delay;
    }

    /// <summary>The pacer of STS AssumeRoot for one region and endpoint (the quota is per calling account and region).</summary>
    public static RequestPacer AssumeRoot(AwsContext context)
        => Shared.GetOrAdd($"sts|{context.Region.SystemName}|{context.EndpointUrl}", _ => new RequestPacer(AssumeRootRate));

    /// <summary>Waits for this request's slot.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        double wait;
        lock (_gate)
        {
            var now = _now();
            var slot = Math.Max(now, _next);
            _next = slot + _interval;
            wait = slot - now - _burst;
        }

        return wait > 0 ? _delay(TimeSpan.FromSeconds(wait), cancellationToken) : Task.CompletedTask;
    }
}
