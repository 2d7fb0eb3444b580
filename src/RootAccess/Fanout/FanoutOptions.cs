using System;

namespace RootAccess.Fanout;

/// <summary>How an org-wide run fans out.</summary>
public sealed class FanoutOptions
{
    /// <summary>The default concurrency; see the README's Performance section for the measurements behind it.</summary>
    public const int DefaultThrottleLimit = 16;

    /// <summary>
    /// How far an adaptive run may grow when the services never push back: with about 117 ms per account (AssumeRoot,
    /// then the reads at once), 64 in flight is about 550 AssumeRoot calls a second, just under STS's 600/s quota, so
    /// more would only buy throttling (bench/RESULTS.md). An explicit -ThrottleLimit up to 256 is still honoured.
    /// </summary>
    public const int MaxAdaptiveThrottleLimit = 64;

    /// <summary>Accounts in flight at once (the start, when adaptive); 1 runs them one after another.</summary>
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    /// <summary>Adapt the limit to throttling (the default); false keeps ThrottleLimit as a hard cap.</summary>
    public bool Adaptive { get; set; }

    /// <summary>Emit results in input order instead of completion order.</summary>
    public bool Ordered { get; set; }
}

/// <summary>One input's outcome: its output or its failure, never both.</summary>
public sealed class FanoutResult<TIn, TOut>
{
    public FanoutResult(long index, TIn input, TOut? output, Exception? error, int attempts)
    {
        Index = index;
        Input = input;
        Output = output;
        Error = error;
        Attempts = attempts;
    }

    /// <summary>The input's position in the stream, from 0.</summary>
    public long Index { get; }

    public TIn Input { get; }

    public TOut? Output { get; }

    public Exception? Error { get; }

    public int Attempts { get; }
}
