using System.Collections.Generic;
using System.IO;
using System.Net;
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
internal sealed class ProtocolResponse : AmazonWebServiceResponse
{
    public byte[] Body { get; set; } = new byte[0];

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

internal static class ResponseBody
{
    public static byte[] ReadAll(UnmarshallerContext context, Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return bytes.Length > 0 ? bytes : context.GetResponseBodyBytes();
    }

    public static string? RequestId(UnmarshallerContext context)
        => context.ResponseData?.GetHeaderValue("x-amzn-RequestId");

    /// <summary>The whole body as a raw response; both protocols' typed clients parse it themselves.</summary>
    public static ProtocolResponse ToResponse(UnmarshallerContext context, Stream stream)
        => new() { Body = ReadAll(context, stream), ResponseMetadata = new ResponseMetadata { RequestId = RequestId(context) } };
}

internal sealed class QueryResponseUnmarshaller : XmlResponseUnmarshaller
{
    public static QueryResponseUnmarshaller Instance { get; } = new();

    public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext input) => ResponseBody.ToResponse(input, input.Stream);

    public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext input, System.Exception innerException, HttpStatusCode statusCode)
    {
        var error = WireErrors.FromQueryXml(ResponseBody.ReadAll(input, input.Stream), statusCode);
        return new AwsServiceException(error.Message, innerException, error.Type, error.Code, error.RequestId ?? ResponseBody.RequestId(input), statusCode);
    }

    protected override bool ShouldReadEntireResponse(IWebResponseData response, bool readEntireResponse) => true;
}

internal sealed class JsonResponseUnmarshaller : Amazon.Runtime.Internal.Transform.JsonResponseUnmarshaller
{
    public static JsonResponseUnmarshaller Instance { get; } = new();

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input) => ResponseBody.ToResponse(input, input.Stream);

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, System.Exception innerException, HttpStatusCode statusCode)
    {
        var error = WireErrors.FromJson(ResponseBody.ReadAll(input, input.Stream), input.ResponseData?.GetHeaderValue("x-amzn-query-error"), statusCode);
        return new AwsServiceException(error.Message, innerException, error.Type, error.Code, ResponseBody.RequestId(input), statusCode);
    }

    protected override bool ShouldReadEntireResponse(IWebResponseData response, bool readEntireResponse) => true;
}
