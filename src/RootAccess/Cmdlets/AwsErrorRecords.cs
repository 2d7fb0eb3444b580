using System;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using RootAccess.Aws;

namespace RootAccess.Cmdlets;

/// <summary>Turns AWS SDK failures into PowerShell error records with a stable id, a category and a message that says what to do.</summary>
internal static class AwsErrorRecords
{
    public static ErrorRecord Create(Exception exception, string errorId, object target, string what, AwsContext context)
    {
        var root = Unwrap(exception);
        string message;
        ErrorCategory category;
        if (IsEndpointUnreachable(exception))
        {
            var endpoint = context.EndpointUrl ?? "the AWS endpoint for " + context.Region.SystemName;
            message = $"{what}: cannot connect to {endpoint} ({root.Message}). Check -EndpointUrl or AWS_ENDPOINT_URL and your network.";
            category = ErrorCategory.ConnectionError;
            errorId = "EndpointUnreachable";
        }
        else if (root is AmazonServiceException service)
        {
            message = $"{what}: {service.ErrorCode}: {service.Message}";
            category = Categorize(service);
            errorId = errorId + "," + (service.ErrorCode ?? "Unknown");
        }
        else
        {
            message = $"{what}: {root.Message}";
            category = ErrorCategory.NotSpecified;
        }

        return new ErrorRecord(root, errorId, category, target) { ErrorDetails = new ErrorDetails(message) };
    }

    /// <summary>A failure of an AWS call (service error, client error, network or timeout), as opposed to a bug or a stop.</summary>
    public static bool IsAwsFailure(Exception exception)
        => exception is AmazonServiceException || exception is AmazonClientException || exception is System.Net.Http.HttpRequestException
           || exception is System.IO.IOException || exception is SocketException || exception is TimeoutException
           || (exception is System.Threading.Tasks.TaskCanceledException && !(exception.InnerException is null));

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

    private static Exception Unwrap(Exception exception)
        => exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;

    private static ErrorCategory Categorize(AmazonServiceException exception)
    {
        var code = exception.ErrorCode ?? string.Empty;
        if (code.StartsWith("AccessDenied", StringComparison.Ordinal) || code == "UnauthorizedOperation" || exception.StatusCode == HttpStatusCode.Forbidden)
        {
            return ErrorCategory.PermissionDenied;
        }

        if (code.IndexOf("Throttl", StringComparison.OrdinalIgnoreCase) >= 0 || code == "TooManyRequestsException" || code == "RequestLimitExceeded")
        {
            return ErrorCategory.LimitsExceeded;
        }

        if (code.IndexOf("Token", StringComparison.Ordinal) >= 0 || code == "InvalidClientTokenId" || code == "SignatureDoesNotMatch")
        {
            return ErrorCategory.AuthenticationError;
        }

        if (code == "NoSuchEntity" || exception.StatusCode == HttpStatusCode.NotFound)
        {
            return ErrorCategory.ObjectNotFound;
        }

        return (int)exception.StatusCode >= 500 ? ErrorCategory.ResourceUnavailable : ErrorCategory.InvalidOperation;
    }
}
