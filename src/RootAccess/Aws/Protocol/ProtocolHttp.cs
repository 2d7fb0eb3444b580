using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime.Internal;

namespace RootAccess.Aws.Protocol;

/// <summary>One HTTP exchange's answer: the status, the whole body and the request id headers.</summary>
internal sealed class HttpAnswer
{
    public HttpAnswer(HttpStatusCode status, byte[] body, string? requestId, string? queryError)
    {
        Status = status;
        Body = body;
        RequestId = requestId;
        QueryError = queryError;
    }

    public HttpStatusCode Status { get; }

    public byte[] Body { get; }

    public string? RequestId { get; }

    /// <summary>awsJson services that are query-compatible name the classic error code in <c>x-amzn-query-error</c>.</summary>
    public string? QueryError { get; }

    public bool IsSuccess => (int)Status >= 200 && (int)Status < 300;
}

/// <summary>
/// Sends a signed SDK request over the process's one <see cref="HttpClient"/> (one connection pool for every account's
/// calls; the platform's proxy settings (HTTPS_PROXY, the system's), not the SDK's ProxyHost; no redirects, no cookies).
/// </summary>
internal static class ProtocolHttp
{
    /// <summary>The SDK's default when a client configuration sets no timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

    private static readonly Lazy<HttpClient> Client = new(() => new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan });

    /// <summary>
    /// One exchange. The request's content stream stays the caller's to dispose. An answer that does not come within
    /// <paramref name="timeout"/> is a <see cref="TimeoutException"/> (an AWS failure, as the SDK reported it), never a stop.
    /// </summary>
    public static async Task<HttpAnswer> SendAsync(IRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await ExchangeAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer from {request.Endpoint.Host} within {timeout.TotalSeconds:0.#} seconds.");
        }
    }

    private static async Task<HttpAnswer> ExchangeAsync(IRequest request, CancellationToken cancellationToken)
    {
        // The SDK's own composition: the endpoint's path (a gateway's /aws/) is kept, as the signature covers it.
        using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), Amazon.Runtime.AmazonServiceClient.ComposeUrl(request));
        message.Headers.ExpectContinue = false;
        byte[] content;
        if (request.Content is { } bytes)
        {
            content = bytes;
        }
        else if (request.ContentStream is { } stream)
        {
            stream.Position = 0;
            using var buffer = new System.IO.MemoryStream();
            await stream.CopyToAsync(buffer).ConfigureAwait(false);
            content = buffer.ToArray();
        }
        else
        {
            content = Array.Empty<byte>();
        }

        message.Content = new ByteArrayContent(content);
        foreach (var header in request.Headers)
        {
            if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase) || string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue; // HttpClient writes both from the URI and the content, the same values the signature covers
            }

            if (string.Equals(header.Key, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(header.Value);
            }
            else if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value))
            {
                message.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        using var response = await Client.Value.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return new HttpAnswer(response.StatusCode, body, Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id"), Header(response, "x-amzn-query-error"));
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
