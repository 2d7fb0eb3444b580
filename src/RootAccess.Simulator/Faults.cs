using System;
using System.Collections.Generic;
using System.Linq;

namespace RootAccess.Simulator;

public enum FaultKind
{
    /// <summary>Delay the answer by <see cref="FaultRule.LatencyMs"/>; the call then proceeds.</summary>
    Latency,

    /// <summary>Answer with the service's throttling error.</summary>
    Throttle,

    /// <summary>Answer HTTP 500 with the service's internal error.</summary>
    ServerError,

    /// <summary>Abort the connection without an answer.</summary>
    DropConnection,

    /// <summary>Answer with the service's AccessDenied error.</summary>
    AccessDenied,

    /// <summary>Answer ExpiredToken, as for an expired session.</summary>
    ExpiredToken,
}

/// <summary>One injected fault: which operation (and optionally which account) it hits, how often, and how many times.</summary>
public sealed class FaultRule
{
    /// <summary>Operation name (AssumeRoot, ListAccounts, ...) or * for every operation.</summary>
    public string Operation { get; set; } = "*";

    public FaultKind Kind { get; set; }

    /// <summary>Only calls about this account: the AssumeRoot target or the root session's account.</summary>
    public string? AccountId { get; set; }

    public int LatencyMs { get; set; }

    /// <summary>Chance of firing per matching call (1 = always).</summary>
    public double Probability { get; set; } = 1.0;

    /// <summary>How many times it may fire; null = unlimited.</summary>
    public int? Count { get; set; }

    /// <summary>Let this many matching calls through before the rule may fire (a listing that dies part-way).</summary>
    public int AfterCalls { get; set; }

    internal int Fired;

    internal int Seen;
}

/// <summary>The faults a test has injected; thread-safe, deterministic for a given seed.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<FaultRule> _rules = new();
    private Random _random = new(42);

    public FaultRule Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public void Seed(int seed)
    {
        lock (_gate)
        {
            _random = new Random(seed);
        }
    }

    /// <summary>Latency to add and the fault (other than latency) that fires for this call, if any.</summary>
    public (int LatencyMs, FaultRule? Fault) Evaluate(string operation, string? accountId)
    {
        lock (_gate)
        {
            var latency = 0;
            FaultRule? fault = null;
            foreach (var rule in _rules.Where(r => Matches(r, operation, accountId)))
            {
                if (rule.Seen++ < rule.AfterCalls)
                {
                    continue;
                }

                if (rule.Count is { } count && rule.Fired >= count)
                {
                    continue;
                }

                if (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                if (rule.Kind == FaultKind.Latency)
                {
                    latency += rule.LatencyMs;
                    rule.Fired++;
                }
                else if (fault is null)
                {
                    fault = rule;
                    rule.Fired++;
                }
            }

            return (latency, fault);
        }
    }

    private static bool Matches(FaultRule rule, string operation, string? accountId)
        => (rule.Operation == "*" || string.Equals(rule.Operation, operation, StringComparison.OrdinalIgnoreCase))
           && (rule.AccountId is null || rule.AccountId == accountId);
}
