using System;
using System.Management.Automation;
using System.Net;
using Amazon.Runtime;
using RootAccess.Core;
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
        if (AwsFailures.IsEndpointUnreachable(exception))
        {
            var endpoint = context.EndpointUrl ?? "the AWS endpoint for " + context.Region.SystemName;
            message = $"{what}: cannot connect to {endpoint} ({root.Message}). Check -EndpointUrl or AWS_ENDPOINT_URL and your network.";
            category = ErrorCategory.ConnectionError;
            errorId = ErrorIds.EndpointUnreachable;
        }
        else if (root is AmazonClientException { InnerException: AmazonServiceException refused } && root is not AmazonServiceException)
        {
            // The SDK's credential chain could not sign in (a web identity token or a role it assumes was refused): the
            // outer message only names the role, the inner one says what STS answered.
            message = $"{what}: signing in failed: {root.Message}: {refused.ErrorCode}: {refused.Message}";
            category = ErrorCategory.AuthenticationError;
            errorId = ErrorIds.SignInFailed + "," + (refused.ErrorCode ?? "Unknown");
        }
        else if (root is AmazonServiceException service)
        {
            message = $"{what}: {service.ErrorCode}: {service.Message}{Hint(service.ErrorCode)}";
            category = Categorize(service);
            errorId = errorId + "," + (service.ErrorCode ?? "Unknown");
        }
        else
        {
            message = $"{what}: {root.Message}";
            category = ErrorCategory.NotSpecified;
        }

        return new ErrorRecord(root, errorId, category, target) { ErrorDetails = new ErrorDetails(message) { RecommendedAction = Recommended(category, context) } };
    }

    // What to do next, by the kind of failure ($error[0].ErrorDetails.RecommendedAction, and the host's error view).
    private static string Recommended(ErrorCategory category, AwsContext context) => category switch
    {
        ErrorCategory.ConnectionError => "Check -EndpointUrl or AWS_ENDPOINT_URL and the network, then run the command again.",
        ErrorCategory.PermissionDenied => Messages.RecommendPermissions,
        ErrorCategory.LimitsExceeded => "AWS throttled the call after the retries: run again later, or lower -ThrottleLimit.",
        ErrorCategory.AuthenticationError => $"Check the credentials ({context.CredentialSource}): the keys, the session token and whether they expired.",
        _ => "Run with -Verbose to see the caller, region and endpoint; the message says what AWS answered.",
    };

    // What to do about the errors an admin meets while setting up centralized root access.
    private static string Hint(string? code)
    {
        var name = (code ?? string.Empty).Replace("Exception", string.Empty);
        return name switch
        {
            "AccountNotManagementOrDelegatedAdministrator" => Messages.HintManagementOrDelegated,
            "UnrecognizedClient" or "InvalidClientTokenId" or "InvalidAccessKeyId" => Messages.UnknownAccessKey,
            "CallerIsNotManagementAccount" => " Only the management account can enable these features; a delegated administrator can read them but not switch them on.",
            "OrganizationNotFound" or "AWSOrganizationsNotInUse" => " This account is not part of an AWS Organization; centralized root access needs one.",
            "OrganizationNotInAllFeaturesMode" => " Enable all features in AWS Organizations (consolidated billing alone is not enough), then try again.",
            // AssumeRoot's documented errors (STS API Reference): the caller's own token expired, or STS is off in the region.
            "ExpiredToken" => " The credentials you called with have expired: refresh them (for an SSO profile, aws sso login) and run the command again.",
            "RegionDisabled" => " STS is not activated in this region for the calling account: activate it (IAM console, Account settings, Security Token Service endpoints) or pass -Region with an active region.",
            "ServiceAccessNotEnabled" => " Enable trusted access for IAM first: Enable-OrgRootAccess does it, or aws organizations enable-aws-service-access --service-principal iam.amazonaws.com.",
            _ => string.Empty,
        };
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
