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
