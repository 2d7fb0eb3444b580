using System;
using Amazon.Runtime;
using RootAccess.Core;

namespace RootAccess.Aws;

/// <summary>
/// The module's one retry policy, at the call: throttling, 5xx answers and dropped connections are retried with
/// jittered exponential backoff. The STS client and our own IAM/Organizations/CloudTrail client make no retries of
/// their own (MaxErrorRetry 0), so every throttled attempt is seen here and reported (<see cref="ThrottleSignal"/>),
/// which is what lets the fan-out slow down. A throttled read is retried as that read, never by reopening a root session.
/// </summary>
public static class AwsRetry
{
    // Throttling is the service asking for time: it gets more attempts (up to ~40 s of backoff) than a failure does.
    public const int ThrottleAttempts = 10;
    public const int FailureAttempts = 6;
    private const int MaxDelayMs = 8000;

    private static readonly Random Jitter = new();

    public static async System.Threading.Tasks.Task<T> RunAsync<T>(Func<System.Threading.Tasks.Task<T>> call, System.Threading.CancellationToken cancellationToken, int baseDelayMs = 250)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransient(ex) && attempt < (AwsFailures.IsThrottling(ex) ? ThrottleAttempts : FailureAttempts))
            {
                if (AwsFailures.IsThrottling(ex))
                {
                    ThrottleSignal.Report();
                }

                int delay;
                lock (Jitter)
                {
                    delay = Jitter.Next(Math.Min(MaxDelayMs, baseDelayMs << Math.Min(attempt - 1, 10)));
                }

                await System.Threading.Tasks.Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static bool IsTransient(Exception exception)
        => AwsFailures.IsThrottling(exception)
           || (exception is AmazonServiceException service && (int)service.StatusCode >= 500)
           || ((exception is System.Net.Http.HttpRequestException || exception is System.IO.IOException) && !AwsFailures.IsEndpointUnreachable(exception));
}
