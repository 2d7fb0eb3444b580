using System;
using System.Linq;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using RootAccess.Core;
using Amazon.Runtime.Credentials;

namespace RootAccess.Aws;

/// <summary>What the AWS.Tools-style common parameters said; every value optional.</summary>
public sealed class AwsContextRequest
{
    public string? Region { get; set; }

    public string? ProfileName { get; set; }

    public string? ProfileLocation { get; set; }

    public AWSCredentials? Credential { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string? SessionToken { get; set; }

    public string? EndpointUrl { get; set; }

    /// <summary>The session's default credentials, as AWS.Tools' Set-AWSCredential stores them ($StoredAWSCredentials).</summary>
    public AWSCredentials? StoredCredentials { get; set; }

    /// <summary>The session's default region, as Set-DefaultAWSRegion stores it ($StoredAWSRegion).</summary>
    public string? StoredRegion { get; set; }
}

/// <summary>A setting that makes every AWS call impossible (no credentials, no region, a bad endpoint).</summary>
public sealed class AwsContextException : Exception
{
    public AwsContextException(string errorId, string parameterName, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        ParameterName = parameterName;
    }

    public string ErrorId { get; }

    public string ParameterName { get; }
}

/// <summary>
/// Turns the common parameters into an <see cref="AwsContext"/> in the order AWS.Tools uses: explicit
/// credentials, then -ProfileName, then the session's $StoredAWSCredentials, then AWSSDK.Core's default chain
/// (environment, shared files incl. SSO, container and instance metadata); region from -Region, the profile,
/// $StoredAWSRegion, then the SDK's region chain.
/// </summary>
public static class AwsContextResolver
{
    // A region the SDK knows, or one of AWS's region shape (a new region the SDK has not heard of yet): geography,
    // optional gov/iso part, a compass direction, a number.
    private static readonly Regex RegionPattern = new("^(us|eu|ap|sa|ca|me|af|il|mx|cn)(-gov|-iso|-isob|-isof|-isoe)?-(north|south|east|west|central|northeast|southeast|northwest|southwest)-[0-9]+$", RegexOptions.CultureInvariant);

    public static AwsContext Resolve(AwsContextRequest request)
    {
        CredentialProfile? profile = null;
        if (!string.IsNullOrEmpty(request.ProfileName))
        {
            var chain = new CredentialProfileStoreChain(request.ProfileLocation);
            if (!chain.TryGetProfile(request.ProfileName, out profile))
            {
                throw new AwsContextException(ErrorIds.ProfileNotFound, "ProfileName",
                    Text.Format(Messages.ProfileNotFound, request.ProfileName));
            }
        }

        var (credentials, source) = ResolveCredentials(request, profile);
        var region = ResolveRegion(request, profile);
        return new AwsContext(credentials, region, ResolveEndpoint(request.EndpointUrl)) { CredentialSource = source };
    }

    private static (AWSCredentials Credentials, string Source) ResolveCredentials(AwsContextRequest request, CredentialProfile? profile)
    {
        if (request.Credential is not null)
        {
            return (request.Credential, "-Credential");
        }

        if (!string.IsNullOrEmpty(request.SessionToken) && string.IsNullOrEmpty(request.AccessKey) && string.IsNullOrEmpty(request.SecretKey))
        {
            throw new AwsContextException(ErrorIds.IncompleteAccessKey, "SessionToken",
                "-SessionToken is the third part of temporary credentials: pass it with -AccessKey and -SecretKey (or pass -Credential).");
        }

        if (!string.IsNullOrEmpty(request.AccessKey) || !string.IsNullOrEmpty(request.SecretKey))
        {
            if (string.IsNullOrEmpty(request.AccessKey) || string.IsNullOrEmpty(request.SecretKey))
            {
                throw new AwsContextException(ErrorIds.IncompleteAccessKey, string.IsNullOrEmpty(request.AccessKey) ? "AccessKey" : "SecretKey",
                    "-AccessKey and -SecretKey must be given together (with -SessionToken for temporary credentials).");
            }

            return (string.IsNullOrEmpty(request.SessionToken)
                ? new BasicAWSCredentials(request.AccessKey, request.SecretKey)
                : new SessionAWSCredentials(request.AccessKey, request.SecretKey, request.SessionToken), "-AccessKey and -SecretKey");
        }

        if (profile is not null)
        {
            var chain = new CredentialProfileStoreChain(request.ProfileLocation);
            if (chain.TryGetAWSCredentials(profile.Name, out var fromProfile))
            {
                return (fromProfile, $"profile '{profile.Name}'");
            }

            throw new AwsContextException(ErrorIds.ProfileCredentialsUnusable, "ProfileName",
                $"The AWS profile '{profile.Name}' has no usable credentials (for an SSO profile, run 'aws sso login --profile {profile.Name}' first).");
        }

        if (request.StoredCredentials is not null)
        {
            return (request.StoredCredentials, "$StoredAWSCredentials (Set-AWSCredential)");
        }

        try
        {
            return (DefaultAWSCredentialsIdentityResolver.GetCredentials(), "the SDK's default chain (AWS_* variables, the default profile, or a container or instance role)");
        }
        catch (AmazonClientException ex)
        {
            throw new AwsContextException(ErrorIds.NoCredentials, "Credential",
                "No AWS credentials were found. Pass -Credential, -ProfileName or -AccessKey/-SecretKey, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a default profile.", ex);
        }
    }

    /// <summary>A region the SDK knows, or a name of AWS's region shape (a region newer than the SDK).</summary>
    public static bool IsRegion(string? name)
        => name is { Length: > 0 } && (RegionPattern.IsMatch(name) || RegionEndpoint.EnumerableAllRegions.Any(r => r.SystemName == name));

    private static RegionEndpoint ResolveRegion(AwsContextRequest request, CredentialProfile? profile)
    {
        var name = request.Region;
        if (string.IsNullOrEmpty(name))
        {
            name = profile?.Region?.SystemName ?? (string.IsNullOrEmpty(request.StoredRegion) ? null : request.StoredRegion) ?? FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }

        if (string.IsNullOrEmpty(name))
        {
            throw new AwsContextException(ErrorIds.NoRegion, "Region",
                Messages.NoRegion);
        }

        if (!IsRegion(name))
        {
            throw new AwsContextException(ErrorIds.InvalidRegion, "Region",
                $"'{name}' is not an AWS region. Use a region such as us-east-1 or eu-west-2 (Get-AWSRegion lists them, where AWS.Tools is installed).");
        }

        return RegionEndpoint.GetBySystemName(name);
    }

    // The SDK reads these itself; a bad one would otherwise fail every call with an exception that never names it.
    private static readonly string[] EndpointVariables = { "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_ORGANIZATIONS", "AWS_ENDPOINT_URL_CLOUDTRAIL", "AWS_ENDPOINT_URL_EVENTBRIDGE", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_SQS" };

    private static string? ResolveEndpoint(string? endpointUrl)
    {
        if (string.IsNullOrEmpty(endpointUrl))
        {
            foreach (var variable in EndpointVariables)
            {
                var value = Environment.GetEnvironmentVariable(variable);
                if (!string.IsNullOrEmpty(value) && !IsHttpUrl(value))
                {
                    throw new AwsContextException(ErrorIds.InvalidEndpointUrl, "EndpointUrl",
                        Text.Format(Messages.EndpointVariableInvalid, variable, value));
                }
            }

            return null;
        }

        if (!IsHttpUrl(endpointUrl!))
        {
            throw new AwsContextException(ErrorIds.InvalidEndpointUrl, "EndpointUrl",
                $"-EndpointUrl '{endpointUrl}' is not an absolute http or https URL. Pass an endpoint such as https://sts.us-east-1.amazonaws.com or http://127.0.0.1:4566.");
        }

        return endpointUrl;
    }

    private static bool IsHttpUrl(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
