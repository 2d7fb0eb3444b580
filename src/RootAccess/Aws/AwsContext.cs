using Amazon;
using Amazon.Runtime;

namespace RootAccess.Aws;

/// <summary>Who calls AWS, in which region, through which endpoint: everything a service needs to build a client.</summary>
public sealed class AwsContext
{
    public AwsContext(AWSCredentials credentials, RegionEndpoint region, string? endpointUrl)
    {
        Credentials = credentials;
        Region = region;
        EndpointUrl = endpointUrl;
    }

    public AWSCredentials Credentials { get; }

    public RegionEndpoint Region { get; }

    /// <summary>An explicit endpoint (-EndpointUrl); null lets the SDK apply AWS_ENDPOINT_URL, profiles or the public endpoint.</summary>
    public string? EndpointUrl { get; }

    /// <summary>Where the credentials came from (-Credential, a profile, $StoredAWSCredentials, the SDK's chain), for -Verbose.</summary>
    public string CredentialSource { get; set; } = "given by the caller";

    /// <summary>The same region and endpoint with other credentials (a root session's).</summary>
    public AwsContext WithCredentials(AWSCredentials credentials) => new(credentials, Region, EndpointUrl);

    /// <summary>The same caller and endpoint in another region (an SQS queue URL names its region).</summary>
    public AwsContext WithRegion(RegionEndpoint region) => new(Credentials, region, EndpointUrl) { CredentialSource = CredentialSource };

    public override string ToString() => EndpointUrl is null ? Region.SystemName : $"{Region.SystemName} via {EndpointUrl}";
}
