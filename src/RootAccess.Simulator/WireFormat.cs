using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace RootAccess.Simulator;

/// <summary>Writes answers the way each protocol does on the wire.</summary>
internal static class WireFormat
{
    public const string StsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    public const string IamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    public static async Task WriteQueryResultAsync(HttpContext context, string operation, string ns, IEnumerable<XElement>? result)
    {
        XNamespace x = ns;
        var requestId = Guid.NewGuid().ToString();
        var resultElement = new XElement(x + (operation + "Result"));
        foreach (var element in result ?? Array.Empty<XElement>())
        {
            resultElement.Add(Namespaced(element, x));
        }

        // As AWS does, operations without output answer with ResponseMetadata only.
        var document = new XElement(x + (operation + "Response"),
            result is null ? null : resultElement,
            new XElement(x + "ResponseMetadata", new XElement(x + "RequestId", requestId)));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.WriteAsync(document.ToString(SaveOptions.DisableFormatting), Encoding.UTF8).ConfigureAwait(false);
    }

    public static async Task WriteQueryErrorAsync(HttpContext context, ServiceError error, string service)
    {
        var ns = service == "iam" ? IamNamespace : StsNamespace;
        XNamespace x = ns;
        var requestId = Guid.NewGuid().ToString();
        var document = new XElement(x + "ErrorResponse",
            new XElement(x + "Error",
                new XElement(x + "Type", error.Status >= 500 ? "Receiver" : "Sender"),
                new XElement(x + "Code", error.Code),
                new XElement(x + "Message", error.Message)),
            new XElement(x + "RequestId", requestId));
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.WriteAsync(document.ToString(SaveOptions.DisableFormatting), Encoding.UTF8).ConfigureAwait(false);
    }

    public static async Task WriteJsonResultAsync(HttpContext context, JsonObject result, string contentType = "application/x-amz-json-1.1")
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(result.ToJsonString(), Encoding.UTF8).ConfigureAwait(false);
    }

    /// <summary>An awsJson error; SQS (query-compatible) qualifies the type, says "message" and names its classic code in a header.</summary>
    public static async Task WriteJsonErrorAsync(HttpContext context, ServiceError error, bool sqs = false)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = sqs ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (sqs)
        {
            context.Response.Headers["x-amzn-query-error"] = SqsQueryCode(error.Code) + ";" + (error.Status >= 500 ? "Receiver" : "Sender");
        }

        var body = sqs
            ? new JsonObject { ["__type"] = SqsJsonType(error.Code), ["message"] = error.Message }
            : new JsonObject { ["__type"] = error.Code, ["Message"] = error.Message };
        await context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8).ConfigureAwait(false);
    }

    public static string Iso(DateTime value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static double Epoch(DateTime value) => (value.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;

    /// <summary>Shorthand for an unqualified element; namespaces are applied when the result is written.</summary>
    public static XElement E(string name, object? content) => new(name, content);

    private static XElement Namespaced(XElement element, XNamespace ns)
    {
        var copy = new XElement(ns + element.Name.LocalName);
        foreach (var node in element.Nodes())
        {
            copy.Add(node is XElement child ? Namespaced(child, ns) : node);
        }

        return copy;
    }

    /// <summary>
    /// The awsJson __type of an SQS error: the model's own errors are com.amazonaws.sqs#Name; the common errors every
    /// service shares (access, signature, token, throttling) come from AWS's service framework, not SQS's model.
    /// </summary>
    private static string SqsJsonType(string code) => code switch
    {
        "AccessDenied" => "com.amazon.coral.service#AccessDeniedException",
        "SignatureDoesNotMatch" => "com.amazon.coral.service#InvalidSignatureException",
        "IncompleteSignature" => "com.amazon.coral.service#IncompleteSignatureException",
        "InvalidClientTokenId" or "UnrecognizedClientException" => "com.amazon.coral.service#UnrecognizedClientException",
        "ExpiredToken" => "com.amazon.coral.service#ExpiredTokenException",
        "Throttling" or "ThrottlingException" => "com.amazon.coral.service#ThrottlingException",
        _ => "com.amazonaws.sqs#" + code,
    };

    /// <summary>SQS's classic (query) error code for a JSON error, sent in x-amzn-query-error.</summary>
    private static string SqsQueryCode(string code) => code switch
    {
        "QueueDoesNotExist" => "AWS.SimpleQueueService.NonExistentQueue",
        _ => code,
    };
}
