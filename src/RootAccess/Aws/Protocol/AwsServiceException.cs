using System.Net;
using Amazon.Runtime;

namespace RootAccess.Aws.Protocol;

/// <summary>An AWS error response (awsQuery <c>ErrorResponse</c> or awsJson <c>__type</c>) as an SDK exception, so <see cref="AwsRetry"/> and the error records see its code.</summary>
public sealed class AwsServiceException : AmazonServiceException
{
    public AwsServiceException(string message, System.Exception? innerException, ErrorType errorType, string errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
    }
}
