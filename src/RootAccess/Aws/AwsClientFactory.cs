using Amazon.Runtime;
using Amazon.SecurityToken;
using RootAccess.Aws.Protocol;

namespace RootAccess.Aws;

/// <summary>Builds the SDK clients for a context: region, endpoint override and credentials applied the same way for each.</summary>
public static class AwsClientFactory
{
    public static IAmazonSecurityTokenService CreateSts(AwsContext context)
        => new AmazonSecurityTokenServiceClient(context.Credentials, Configure(new AmazonSecurityTokenServiceConfig(), context));

    public static IamClient CreateIam(AwsContext context)
        => new(new ProtocolClient(context.Credentials, Configure(new ProtocolClientConfig(ServiceDescription.Iam), context)));

    public static OrganizationsClient CreateOrganizations(AwsContext context)
        => new(new ProtocolClient(context.Credentials, Configure(new ProtocolClientConfig(ServiceDescription.Organizations), context)));

    // RegionEndpoint and ServiceURL are exclusive in the SDK: with an explicit endpoint the region becomes the signing region.
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
            if (string.IsNullOrEmpty(config.AuthenticationRegion))
            {
                config.AuthenticationRegion = context.Region.SystemName;
            }
        }

        return config;
    }
}
