using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace RootAccess.Simulator;

/// <summary>
/// Every request as it arrived, reduced to what a protocol decides (operation, content type, target, parameters), for
/// tests/Conformance to compare the module's requests with those of AWS's own SDK. Off unless asked for.
/// </summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<JsonObject> _entries = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public bool Enabled { get; set; }

    public IReadOnlyList<JsonObject> Entries => _entries.ToList();

    internal void Add(SimCall call, string operation)
    {
        if (!Enabled)
        {
            return;
        }

        var headers = call.Request.Headers;
        var entry = new JsonObject
        {
            ["service"] = call.Service,
            // When it arrived (ms since the log began): how far apart two requests were, e.g. an unlock's last read and its delete.
            ["receivedMs"] = Math.Round(_clock.Elapsed.TotalMilliseconds, 3),
            ["operation"] = operation,
            ["method"] = call.Request.Method,
            ["path"] = call.Request.RawPath,
            ["query"] = call.Request.RawQuery,
            ["contentType"] = headers.TryGetValue("content-type", out var type) ? type : null,
            ["target"] = headers.TryGetValue("x-amz-target", out var target) ? target : null,
        };
        var body = Encoding.UTF8.GetString(call.Body);
        if (call.Service is "sts" or "iam")
        {
            var form = new JsonObject();
            foreach (var pair in QueryHelpers.ParseQuery(body).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                form[pair.Key] = pair.Value.ToString();
            }

            entry["params"] = form;
        }
        else if (call.Service != "s3" && body.Length > 0)
        {
            entry["params"] = JsonNode.Parse(body);
        }

        _entries.Enqueue(entry);
    }

    /// <summary>The log as JSON lines.</summary>
    public void WriteTo(string path)
        => File.WriteAllLines(path, _entries.Select(e => e.ToJsonString()));
}
