using System;
using System.Management.Automation;
using System.Net;
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

    public static bool IsAwsFailure(Exception exception) => AwsFailures.IsAwsFailure(exception);

    public static bool IsEndpointUnreachable(Exception exception) => AwsFailures.IsEndpointUnreachable(exception);

    private static Exception Unwrap(Exception exception)
        => exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;

    private static ErrorCategory Categorize(AmazonServiceException exception)
    {
        var code = exception.ErrorCode ?? string.Empty;
        if (code.StartsWith("AccessDenied", StringComparison.Ordinal) || code == "UnauthorizedOperation" || exception.StatusCode == HttpStatusCode.Forbidden)
        {
            return ErrorCategory.PermissionDenied;
        }

        if (AwsFailures.IsThrottling(exception))
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
