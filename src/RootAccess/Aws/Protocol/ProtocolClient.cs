using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace RootAccess.Aws.Protocol;

/// <summary>
/// A client for the AWS services whose SDK packages are not reachable here (IAM, Organizations, CloudTrail).
/// It is an <see cref="AmazonServiceClient"/>: credentials, SigV4 signing, retries, timeouts and endpoint
/// overrides are the SDK's own; only marshalling is ours.
/// </summary>
internal sealed class ProtocolClient : AmazonServiceClient
{
    private readonly ServiceDescription _service;

    public ProtocolClient(AWSCredentials credentials, ProtocolClientConfig config)
        : base(credentials, config)
    {
        _service = config.Service;
    }

    public ServiceDescription Service => _service;

    protected override IServiceMetadata ServiceMetadata => new ProtocolServiceMetadata(_service.ServiceId);

    /// <summary>Calls an awsQuery operation; the response body is the raw XML document.</summary>
    public Task<ProtocolResponse> QueryAsync(string operation, IDictionary<string, string>? parameters, CancellationToken cancellationToken)
        => InvokeAsync(new ProtocolRequest(operation) { QueryParameters = parameters }, cancellationToken);

    /// <summary>Calls an awsJson operation; the response body is the raw JSON document.</summary>
    public Task<ProtocolResponse> JsonAsync(string operation, string jsonBody, CancellationToken cancellationToken)
        => InvokeAsync(new ProtocolRequest(operation) { JsonBody = jsonBody }, cancellationToken);

    private Task<ProtocolResponse> InvokeAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var options = new InvokeOptions
        {
            RequestMarshaller = new ProtocolRequestMarshaller(_service),
            ResponseUnmarshaller = _service.Protocol == WireProtocol.AwsQuery
                ? QueryResponseUnmarshaller.Instance
                : JsonResponseUnmarshaller.Instance,
        };
        return AwsRetry.RunAsync(() => InvokeAsync<ProtocolResponse>(request, options, cancellationToken), cancellationToken);
    }

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        pipeline.RemoveHandler<EndpointResolver>();
        pipeline.AddHandlerAfter<Marshaller>(new ServiceEndpointResolver());
        pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthResolver());
    }

    private sealed class ProtocolServiceMetadata : IServiceMetadata
    {
        public ProtocolServiceMetadata(string serviceId) => ServiceId = serviceId;

        public string ServiceId { get; }

        public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>();
    }
}
