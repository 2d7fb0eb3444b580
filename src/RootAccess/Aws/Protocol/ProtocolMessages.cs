using System.Collections.Generic;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Util;

namespace RootAccess.Aws.Protocol;

/// <summary>One operation call: its name and either query parameters or a JSON body.</summary>
internal sealed class ProtocolRequest : AmazonWebServiceRequest
{
    public ProtocolRequest(string operation) => Operation = operation;

    public string Operation { get; }

    public IDictionary<string, string>? QueryParameters { get; set; }

    public string? JsonBody { get; set; }
}

/// <summary>The raw response document; the typed clients read what they need from it.</summary>
internal sealed class ProtocolResponse
{
    public ProtocolResponse(byte[] body, WireError? error)
    {
        Body = body;
        Error = error;
    }

    public byte[] Body { get; }

    /// <summary>The error the caller accepted as an answer (<see cref="ProtocolClient.QueryAllowingAsync"/>), or null.</summary>
    public WireError? Error { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);
}

internal sealed class ProtocolRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    private readonly ServiceDescription _service;

    public ProtocolRequestMarshaller(ServiceDescription service) => _service = service;

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var call = (ProtocolRequest)input;
        IRequest request = new DefaultRequest(call, _service.ServiceId) { HttpMethod = "POST", ResourcePath = "/" };
        if (_service.Protocol == WireProtocol.AwsQuery)
        {
            request.Parameters.Add("Action", call.Operation);
            request.Parameters.Add("Version", _service.ApiVersion);
            if (call.QueryParameters is not null)
            {
                foreach (var pair in call.QueryParameters)
                {
                    request.Parameters.Add(pair.Key, pair.Value);
                }
            }

            request.ContentStream = AWSSDKUtils.WriteParametersToPooledStream(request);
        }
        else
        {
            request.Headers["X-Amz-Target"] = _service.JsonTargetPrefix + "." + call.Operation;
            request.Headers["Content-Type"] = "application/x-amz-json-1.1";
            request.Content = Encoding.UTF8.GetBytes(call.JsonBody ?? "{}");
        }

        return request;
    }
}
