using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace RootAccess.Aws.Protocol;

/// <summary>
/// A client for the AWS services whose SDK packages are not reachable here (IAM, Organizations, CloudTrail, EventBridge).
/// It is an <see cref="AmazonServiceClient"/>: credentials, SigV4 signing, timeouts and endpoint overrides are the
/// SDK's own; retries are <see cref="AwsRetry"/>'s (the SDK's own are off, so every throttle is seen); only
/// marshalling is ours.
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

    /// <summary>Calls an awsJson operation with these arguments and parses the answer (an empty body is an empty object).</summary>
    public async Task<System.Text.Json.JsonDocument> JsonDocumentAsync(string operation, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var response = await JsonAsync(operation, System.Text.Json.JsonSerializer.Serialize(arguments), cancellationToken).ConfigureAwait(false);
        return System.Text.Json.JsonDocument.Parse(response.Body.Length == 0 ? new byte[] { (byte)'{', (byte)'}' } : response.Body);
    }

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
