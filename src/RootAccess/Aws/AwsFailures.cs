using System;
using System.Net.Sockets;
using Amazon.Runtime;

namespace RootAccess.Aws;

/// <summary>Classifies what went wrong with an AWS call.</summary>
public static class AwsFailures
{
    /// <summary>A failure of an AWS call (service error, client error, network or timeout), as opposed to a bug or a stop.</summary>
    public static bool IsAwsFailure(Exception exception)
        => exception is AmazonServiceException || exception is AmazonClientException || exception is System.Net.Http.HttpRequestException
           || exception is System.IO.IOException || exception is SocketException || exception is TimeoutException
           || (exception is System.Threading.Tasks.TaskCanceledException && exception.InnerException is not null);

    /// <summary>Nothing listens at the endpoint or its name does not resolve: every call would fail the same way.</summary>
    public static bool IsEndpointUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket &&
                (socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound || socket.SocketErrorCode == SocketError.HostUnreachable || socket.SocketErrorCode == SocketError.NetworkUnreachable))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The service asked us to slow down (the SDK's own list of throttling codes, plus HTTP 429).</summary>
    public static bool IsThrottling(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AmazonServiceException service)
            {
                var code = service.ErrorCode ?? string.Empty;
                return (int)service.StatusCode == 429
                    || code == "Throttling" || code == "ThrottlingException" || code == "ThrottledException" || code == "RequestThrottledException"
                    || code == "TooManyRequestsException" || code == "RequestLimitExceeded" || code == "SlowDown" || code == "RequestThrottled"
                    || code == "BandwidthLimitExceeded" || code == "LimitExceededException" || code == "PriorRequestNotComplete";
            }
        }

        return false;
    }
}

/// <summary>
/// One more line of defence for calls whose failure would end a whole listing: throttling and 5xx answers are
/// retried with jittered backoff after the SDK's own retries (and its shared retry quota) gave up.
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
