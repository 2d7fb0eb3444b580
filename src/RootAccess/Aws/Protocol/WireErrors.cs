using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;

namespace RootAccess.Aws.Protocol;

/// <summary>An error as AWS put it on the wire.</summary>
internal sealed class WireError
{
    public WireError(string code, string message, ErrorType type, string? requestId)
    {
        Code = code;
        Message = message;
        Type = type;
        RequestId = requestId;
    }

    public string Code { get; }

    public string Message { get; }

    public ErrorType Type { get; }

    public string? RequestId { get; }
}

/// <summary>Reads the two error shapes our services use.</summary>
internal static class WireErrors
{
    public static WireError FromQueryXml(byte[] body, HttpStatusCode status)
    {
        var fallbackType = (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender;
        try
        {
            var document = XDocument.Parse(Encoding.UTF8.GetString(body));
            var error = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            string? Value(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            var type = Value(error, "Type") == "Receiver" ? ErrorType.Receiver : Value(error, "Type") == "Sender" ? ErrorType.Sender : fallbackType;
            var requestId = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
            return new WireError(Value(error, "Code") ?? StatusCode(status), Value(error, "Message") ?? status.ToString(), type, requestId);
        }
        catch (XmlException)
        {
            return new WireError(StatusCode(status), $"HTTP {(int)status} with an unreadable error body.", fallbackType, null);
        }
    }

    public static WireError FromJson(byte[] body, string? queryErrorHeader, HttpStatusCode status)
    {
        var type = (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender;
        string code = StatusCode(status);
        string message = $"HTTP {(int)status}.";
        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? Encoding.UTF8.GetBytes("{}") : body);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("__type") || property.NameEquals("code"))
                {
                    code = ShapeName(property.Value.GetString() ?? code);
                }
                else if ((property.Name == "message" || property.Name == "Message") && property.Value.ValueKind == JsonValueKind.String)
                {
                    message = property.Value.GetString() ?? message;
                }
            }
        }
        catch (JsonException)
        {
            message = $"HTTP {(int)status} with an unreadable error body.";
        }

        // Query-compatible services name the classic error code in this header; prefer it.
        if (!string.IsNullOrEmpty(queryErrorHeader))
        {
            code = queryErrorHeader!.Split(';')[0];
        }

        return new WireError(code, message, type, null);
    }

    // "com.amazonaws.sqs#QueueDoesNotExist" and "aws.protocoltests#Name:http://..." both name the shape after '#'.
    private static string ShapeName(string type)
    {
        var hash = type.LastIndexOf('#');
        var name = hash >= 0 ? type.Substring(hash + 1) : type;
        var colon = name.IndexOf(':');
        return colon >= 0 ? name.Substring(0, colon) : name;
    }

    private static string StatusCode(HttpStatusCode status) => ((int)status >= 500 ? "InternalFailure" : "HttpStatus" + (int)status);
}
