using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SQS;
using RootAccess.Aws.Protocol;

namespace RootAccess.Aws;

/// <summary>Builds the SDK clients for a context: region, endpoint override and credentials applied the same way for each.</summary>
public static class AwsClientFactory
{
    /// <summary>STS without the SDK's own retries: AssumeRoot is retried by <see cref="AwsRetry"/>, which sees every throttle.</summary>
    public static IAmazonSecurityTokenService CreateSts(AwsContext context)
    {
        var config = Configure(new AmazonSecurityTokenServiceConfig(), context);
        config.MaxErrorRetry = 0;
        return new AmazonSecurityTokenServiceClient(context.Credentials, config);
    }

    /// <summary>
    /// STS for AssumeRoot on our protocol client, at the endpoint the SDK's STS configuration resolves for this context
    /// (the regional endpoint in the region's partition, or the override), signed for the context's region.
    /// </summary>
    public static StsClient CreateStsClient(AwsContext context)
    {
        var sdk = Configure(new AmazonSecurityTokenServiceConfig(), context);
        var endpoint = sdk.DetermineServiceOperationEndpoint(new Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters(new Amazon.SecurityToken.Model.AssumeRootRequest())).URL;
        var config = Configure(new ProtocolClientConfig(ServiceDescription.Sts), context);
        config.ServiceURL = endpoint;
        return new StsClient(new ProtocolClient(context.Credentials, config));
    }

    /// <summary>S3 with path-style addressing whenever an endpoint override is in play (local endpoints have no bucket subdomains).</summary>
    /// <summary>An S3 client; with <paramref name="sdkRetries"/> false the caller retries (through <see cref="AwsRetry"/>) and sees every attempt.</summary>
    public static IAmazonS3 CreateS3(AwsContext context, bool sdkRetries = true)
    {
        var config = Configure(new AmazonS3Config(), context);
        if (!sdkRetries)
        {
            config.MaxErrorRetry = 0;
        }

        config.ForcePathStyle = !string.IsNullOrEmpty(config.ServiceURL);
        return new AmazonS3Client(context.Credentials, config);
    }

    public static IAmazonSQS CreateSqs(AwsContext context)
        => new AmazonSQSClient(context.Credentials, Configure(new AmazonSQSConfig(), context));

    public static IamClient CreateIam(AwsContext context)
        => new(new ProtocolClient(context.Credentials, Configure(new ProtocolClientConfig(ServiceDescription.Iam), context)));

    public static CloudTrailClient CreateCloudTrail(AwsContext context)
        => new(new ProtocolClient(context.Credentials, Configure(new ProtocolClientConfig(ServiceDescription.CloudTrail), context)));

    public static EventBridgeClient CreateEventBridge(AwsContext context)
        => new(new ProtocolClient(context.Credentials, Configure(new ProtocolClientConfig(ServiceDescription.EventBridge), context)));

    public static OrganizationsClient CreateOrganizations(AwsContext context)
        => new(new ProtocolClient(context.Credentials, Configure(new ProtocolClientConfig(ServiceDescription.Organizations), context)));

    // RegionEndpoint and ServiceURL are exclusive in the SDK. The resolved region is also the signing region (unless the
    // service signs for a fixed one, as IAM does): with an endpoint from AWS_ENDPOINT_URL the SDK would otherwise sign for
    // its own default region rather than the one resolved from -Region or $StoredAWSRegion.
    private static T Configure<T>(T config, AwsContext context)
        where T : ClientConfig
    {
        if (context.EndpointUrl is null)
        {
            config.RegionEndpoint = context.Region;
        }
        else
        {
            config.ServiceURL = context.EndpointUrl;
        }

        if (string.IsNullOrEmpty(config.AuthenticationRegion))
        {
            config.AuthenticationRegion = context.Region.SystemName;
        }

        return config;
    }
}
