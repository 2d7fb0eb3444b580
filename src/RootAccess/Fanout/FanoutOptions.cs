using System;

namespace RootAccess.Fanout;

/// <summary>How an org-wide run fans out.</summary>
public sealed class FanoutOptions
{
    /// <summary>The default concurrency; see the README's Performance section for the measurements behind it.</summary>
    public const int DefaultThrottleLimit = 16;

    /// <summary>
    /// How far an adaptive run may grow when the services never push back. The AssumeRoot rate is kept under STS's
    /// quota by <c>Aws.RequestPacer</c>, not by this limit, so it may grow past the ~64 in flight a real network needs
    /// for 550 calls a second: on a CPU-bound host (or a slow network) more accounts in flight still help
    /// (bench/RESULTS.md). Throttling halves it, as before; an explicit -ThrottleLimit (up to 256) is a hard cap.
    /// </summary>
    public const int MaxAdaptiveThrottleLimit = 256;

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
