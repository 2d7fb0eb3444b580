using System;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;

namespace RootAccess.Aws.Protocol;

/// <summary>
/// SDK client configuration for a service whose SDK package is not reachable here: the SDK's own
/// retry modes, timeouts, <c>AWS_ENDPOINT_URL</c> handling and region logic, with our endpoint rule.
/// </summary>
internal sealed class ProtocolClientConfig : ClientConfig
{
    private static readonly IDefaultConfiguration Standard = new DefaultConfiguration
    {
        Name = DefaultConfigurationMode.Standard,
        RetryMode = RequestRetryMode.Standard,
        S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
        ConnectTimeout = TimeSpan.FromMilliseconds(3100),
        TlsNegotiationTimeout = TimeSpan.FromMilliseconds(3100),
    };

    private readonly string _userAgent;

    public ProtocolClientConfig(ServiceDescription service)
        : base(new DefaultConfigurationProvider(new[] { Standard }))
    {
        Service = service;
        ServiceId = service.ServiceId;
        AuthenticationServiceName = service.SigningName;
        EndpointProvider = new ServiceEndpointProvider(service);
        _userAgent = InternalSDKUtils.BuildUserAgentString(service.ServiceId, ModuleInfo.Version);
        if (service.GlobalSigningRegion is not null)
        {
            AuthenticationRegion = service.GlobalSigningRegion;
        }

        // Every call goes through AwsRetry (ProtocolClient), the one retry policy: the SDK adds none of its own.
        MaxErrorRetry = 0;
    }

    public ServiceDescription Service { get; }

    public override string RegionEndpointServiceName => Service.EndpointPrefix;

    public override string ServiceVersion => Service.ApiVersion;

    public override string UserAgent => _userAgent;

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
        => EndpointProvider.ResolveEndpoint(ServiceEndpointProvider.ParametersFor(this));
}

/// <summary>The endpoint rule of our services: an explicit endpoint (ServiceURL, AWS_ENDPOINT_URL) wins, else the public one.</summary>
internal sealed class ServiceEndpointProvider : IEndpointProvider
{
    private readonly ServiceDescription _service;

    public ServiceEndpointProvider(ServiceDescription service) => _service = service;

    public static EndpointParameters ParametersFor(IClientConfig config)
    {
        var parameters = new EndpointParameters();
        parameters["Region"] = config.RegionEndpoint?.SystemName;
        parameters["Endpoint"] = string.IsNullOrEmpty(config.ServiceURL) ? null : config.ServiceURL;
        return parameters;
    }

    public Endpoint ResolveEndpoint(EndpointParameters parameters)
    {
        if (parameters["Endpoint"] is string explicitEndpoint && explicitEndpoint.Length > 0)
        {
            return new Endpoint(explicitEndpoint);
        }

        if (parameters["Region"] is not string region || region.Length == 0)
        {
            throw new AmazonClientException($"No region is set for {_service.ServiceId}: pass -Region or set AWS_REGION.");
        }

        return new Endpoint(_service.DefaultEndpointFormat.Replace("{region}", region));
    }
}
