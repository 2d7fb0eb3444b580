using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using RootAccess.Simulator;

namespace RootAccess.Tests;

/// <summary>A request as it arrived on the wire.</summary>
internal sealed record WireRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>A canned answer.</summary>
internal sealed record WireAnswer(int Status, string ContentType, string Body, IReadOnlyDictionary<string, string>? Headers = null, int DelayMs = 0);

/// <summary>An HTTP endpoint that records every request and answers from a queue, to test marshalling byte for byte.</summary>
internal sealed class CannedAws : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly ConcurrentQueue<WireAnswer> _answers = new();

    public string Endpoint { get; private set; } = string.Empty;

    public List<WireRequest> Requests { get; } = new();

    public static async Task<CannedAws> StartAsync(params WireAnswer[] answers)
    {
        var canned = new CannedAws();
        foreach (var answer in answers)
        {
            canned._answers.Enqueue(answer);
        }

        (canned._app, canned.Endpoint) = await LoopbackHost.StartAsync(canned.HandleAsync);
        return canned;
    }

    public async ValueTask DisposeAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        lock (Requests)
        {
            Requests.Add(new WireRequest(context.Request.Method, context.Request.Path, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
        }

        if (!_answers.TryDequeue(out var answer))
        {
            answer = new WireAnswer(500, "text/plain", "no canned answer left");
        }

        if (answer.DelayMs > 0)
        {
            try
            {
                await Task.Delay(answer.DelayMs, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the caller gave up
            }
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        context.Response.Headers["x-amzn-RequestId"] = "req-" + Requests.Count;
        foreach (var header in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        await context.Response.WriteAsync(answer.Body);
    }
}
