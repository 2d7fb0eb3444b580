using System;
using Amazon.Runtime;

namespace RootAccess.Aws;

/// <summary>
/// The module's one retry policy, at the call: throttling, 5xx answers and dropped connections are retried with
/// jittered backoff after the SDK's own retries (and its shared retry quota) gave up. A throttled read is retried
/// as that read, never by reopening a root session.
/// </summary>
public static class AwsRetry
{
    private static readonly Random Jitter = new();

    public static async System.Threading.Tasks.Task<T> RunAsync<T>(Func<System.Threading.Tasks.Task<T>> call, System.Threading.CancellationToken cancellationToken, int attempts = 4, int baseDelayMs = 250)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < attempts && IsTransient(ex))
            {
                int delay;
                lock (Jitter)
                {
                    delay = Jitter.Next(baseDelayMs * (1 << (attempt - 1)));
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
