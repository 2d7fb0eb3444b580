using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace RootAccess.Aws.Protocol;

/// <summary>
/// A client for the AWS services whose SDK packages are not reachable here (IAM, Organizations, CloudTrail, EventBridge).
/// Credentials, configuration (region, <c>AWS_ENDPOINT_URL</c>, endpoint overrides) and SigV4 signing are the SDK's own
/// (its <see cref="ClientConfig"/>, <see cref="AWSCredentials"/> and <see cref="AWS4Signer"/>); retries are
/// <see cref="AwsRetry"/>'s; marshalling and the one HTTP exchange are ours. The SDK's runtime pipeline is not used: its
/// dozen async handlers, telemetry and an exception per error answer cost more CPU than the call itself, and an answer
/// such as IAM's NoSuchEntity for a root user without a password is an ordinary result here, not a thrown exception.
/// </summary>
internal sealed class ProtocolClient : AmazonServiceClient
{
    private static readonly AWS4Signer Signer = new();

    private readonly ServiceDescription _service;
    private readonly AWSCredentials _credentials;
    private readonly ProtocolRequestMarshaller _marshaller;
    private Uri? _endpoint;

    public ProtocolClient(AWSCredentials credentials, ProtocolClientConfig config)
        : base(credentials, config)
    {
        _service = config.Service;
        _credentials = credentials;
        _marshaller = new ProtocolRequestMarshaller(_service);
    }

    public ServiceDescription Service => _service;

    protected override IServiceMetadata ServiceMetadata => new ProtocolServiceMetadata(_service.ServiceId);

    /// <summary>Calls an awsQuery operation; the response body is the raw XML document.</summary>
    public Task<ProtocolResponse> QueryAsync(string operation, IDictionary<string, string>? parameters, CancellationToken cancellationToken)
        => InvokeAsync(new ProtocolRequest(operation) { QueryParameters = parameters }, null, cancellationToken);

    /// <summary>One attempt of an awsQuery operation, not retried: for a caller that paces and retries each attempt itself.</summary>
    public Task<ProtocolResponse> QueryOnceAsync(string operation, IDictionary<string, string>? parameters, CancellationToken cancellationToken)
        => SendAsync(new ProtocolRequest(operation) { QueryParameters = parameters }, null, cancellationToken);

    /// <summary>
    /// Calls an awsQuery operation whose error <paramref name="answeredError"/> is an answer, not a failure: the response
    /// then carries it in <see cref="ProtocolResponse.Error"/> instead of being thrown (nor retried).
    /// </summary>
    public Task<ProtocolResponse> QueryAllowingAsync(string operation, IDictionary<string, string>? parameters, string answeredError, CancellationToken cancellationToken)
        => InvokeAsync(new ProtocolRequest(operation) { QueryParameters = parameters }, answeredError, cancellationToken);

    /// <summary>Calls an awsJson operation; the response body is the raw JSON document.</summary>
    public Task<ProtocolResponse> JsonAsync(string operation, string jsonBody, CancellationToken cancellationToken)
        => InvokeAsync(new ProtocolRequest(operation) { JsonBody = jsonBody }, null, cancellationToken);

    /// <summary>Calls an awsJson operation with these arguments and parses the answer (an empty body is an empty object).</summary>
    public async Task<System.Text.Json.JsonDocument> JsonDocumentAsync(string operation, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var response = await JsonAsync(operation, System.Text.Json.JsonSerializer.Serialize(arguments), cancellationToken).ConfigureAwait(false);
        return System.Text.Json.JsonDocument.Parse(response.Body.Length == 0 ? new byte[] { (byte)'{', (byte)'}' } : response.Body);
    }

    private Task<ProtocolResponse> InvokeAsync(ProtocolRequest call, string? answeredError, CancellationToken cancellationToken)
        => AwsRetry.RunAsync(() => SendAsync(call, answeredError, cancellationToken), cancellationToken);

    // One attempt: marshal, sign with the SDK's signer and the credentials of this moment, send, read the whole answer.
    private async Task<ProtocolResponse> SendAsync(ProtocolRequest call, string? answeredError, CancellationToken cancellationToken)
    {
        var request = _marshaller.Marshall(call);
        try
        {
            return await SendMarshalledAsync(request, answeredError, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.ContentStream?.Dispose(); // the pooled form body goes back once, whatever failed on the way
        }
    }

    private async Task<ProtocolResponse> SendMarshalledAsync(IRequest request, string? answeredError, CancellationToken cancellationToken)
    {
        request.Endpoint = _endpoint ??= new Uri(Config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(request.OriginalRequest)).URL);
        request.AuthenticationRegion = Config.AuthenticationRegion;
        request.Headers["User-Agent"] = Config.UserAgent;
        if (!request.Headers.ContainsKey("Content-Type"))
        {
            request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        }

        var credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        if (credentials.UseToken)
        {
            request.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var signed = Signer.SignRequest(request, Config, null, credentials.AccessKey, credentials.SecretKey);
        request.Headers["Authorization"] = signed.ForAuthorizationHeader;

        var answer = await ProtocolHttp.SendAsync(request, Config.Timeout ?? ProtocolHttp.DefaultTimeout, cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            return new ProtocolResponse(answer.Body, null);
        }

        var error = _service.Protocol == WireProtocol.AwsQuery
            ? WireErrors.FromQueryXml(answer.Body, answer.Status)
            : WireErrors.FromJson(answer.Body, answer.QueryError, answer.Status);
        if (answeredError is not null && error.Code == answeredError)
        {
            return new ProtocolResponse(answer.Body, error);
        }

        throw new AwsServiceException(error.Message, null, error.Type, error.Code, error.RequestId ?? answer.RequestId, answer.Status);
    }

    private sealed class ProtocolServiceMetadata : IServiceMetadata
    {
        public ProtocolServiceMetadata(string serviceId) => ServiceId = serviceId;

        public string ServiceId { get; }

        public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>();
    }
}
