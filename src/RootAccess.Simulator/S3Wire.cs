using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace RootAccess.Simulator;

/// <summary>S3's REST wire (path-style): which operation and bucket a request names, aws-chunked bodies, and the error document.</summary>
internal static class S3Wire
{
    /// <summary>The operation a request names, for faults and call counts.</summary>
    public static string Operation(HttpRequest request)
    {
        var bucket = BucketOf(request);
        if (bucket.Length == 0)
        {
            return request.Method == "GET" ? "ListBuckets" : "Unknown";
        }

        if (request.Query.ContainsKey("object-lock"))
        {
            return request.Method == "GET" ? "GetObjectLockConfiguration" : "Unsupported";
        }

        if (!request.Query.ContainsKey("policy"))
        {
            if (KeyOf(request).Length == 0 && request.Method == "GET" && request.Query["list-type"] == "2")
            {
                return "ListObjectsV2";
            }

            return KeyOf(request).Length == 0 ? "Unsupported" : request.Method switch
            {
                "PUT" => "PutObject",
                "GET" => "GetObject",
                _ => "Unsupported",
            };
        }

        return request.Method switch
        {
            "GET" => "GetBucketPolicy",
            "PUT" => "PutBucketPolicy",
            "DELETE" => "DeleteBucketPolicy",
            _ => "Unsupported",
        };
    }

    public static string BucketOf(HttpRequest request) => (request.Path.Value ?? "/").Trim('/').Split('/')[0];

    /// <summary>The object key of a path-style request (/bucket/key...), or empty.</summary>
    public static string KeyOf(HttpRequest request)
    {
        var path = (request.Path.Value ?? "/").TrimStart('/');
        var slash = path.IndexOf('/');
        return slash < 0 ? string.Empty : Uri.UnescapeDataString(path.Substring(slash + 1));
    }

    /// <summary>Decodes an aws-chunked body (signed or unsigned, with or without trailers) as current SDKs send it.</summary>
    public static byte[] Dechunk(byte[] body)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = IndexOfCrLf(body, position);
            if (lineEnd < 0)
            {
                break;
            }

            var header = Encoding.ASCII.GetString(body, position, lineEnd - position);
            var size = Convert.ToInt32(header.Split(';')[0].Trim(), 16);
            position = lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            output.Write(body, position, size);
            position += size + 2;
        }

        return output.ToArray();
    }

    private static int IndexOfCrLf(byte[] data, int start)
    {
        for (var i = start; i + 1 < data.Length; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    public static async Task WriteErrorAsync(HttpContext context, ServiceError error, string bucket)
    {
        var (requestId, hostId) = RequestIds(context);
        var document = new XElement("Error",
            new XElement("Code", error.Code),
            new XElement("Message", error.Message),
            new XElement("BucketName", bucket),
            new XElement("RequestId", requestId),
            new XElement("HostId", hostId));
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + document.ToString(SaveOptions.DisableFormatting), Encoding.UTF8).ConfigureAwait(false);
    }

    // Every S3 answer, success or error, carries both ids (Amazon S3 API Reference, "Common Response Headers").
    internal static (string RequestId, string HostId) RequestIds(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString("N").Substring(0, 16).ToUpperInvariant();
        var hostId = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        context.Response.Headers["x-amz-request-id"] = requestId;
        context.Response.Headers["x-amz-id-2"] = hostId;
        return (requestId, hostId);
    }
}
