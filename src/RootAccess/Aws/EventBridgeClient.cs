using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws.Protocol;

namespace RootAccess.Aws;

/// <summary>An EventBridge rule of the default bus, with its targets' ARNs.</summary>
public sealed class EventRuleInfo
{
    public EventRuleInfo(string name, string state, string? eventPattern, IReadOnlyList<string> targets)
    {
        Name = name;
        State = state;
        EventPattern = eventPattern;
        Targets = targets;
    }

    public string Name { get; }

    public string State { get; }

    public string? EventPattern { get; }

    public IReadOnlyList<string> Targets { get; }
}

/// <summary>The EventBridge operations RootAccess uses (awsJson1_1, AWSEvents.*): the rules of the default bus and their targets.</summary>
public sealed class EventBridgeClient : IDisposable
{
    private readonly ProtocolClient _client;

    internal EventBridgeClient(ProtocolClient client) => _client = client;

    /// <summary>Every rule of the default event bus in the client's region, each with its targets.</summary>
    public async Task<IReadOnlyList<EventRuleInfo>> ListRulesWithTargetsAsync(CancellationToken cancellationToken)
    {
        var rules = await Pages.AllAsync(async token =>
        {
            using var document = await CallAsync("ListRules", token is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["NextToken"] = token }, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            var items = root.TryGetProperty("Rules", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(r => (Name: r.GetString("Name") ?? string.Empty, State: r.GetString("State") ?? string.Empty, Pattern: r.GetString("EventPattern"))).ToList()
                : new();
            return new Page<(string Name, string State, string? Pattern)>(items, root.GetString("NextToken"));
        }).ConfigureAwait(false);

        var result = new List<EventRuleInfo>();
        foreach (var rule in rules)
        {
            var targets = await Pages.AllAsync(async token =>
            {
                var arguments = new Dictionary<string, object?> { ["Rule"] = rule.Name };
                if (token is not null)
                {
                    arguments["NextToken"] = token;
                }

                using var document = await CallAsync("ListTargetsByRule", arguments, cancellationToken).ConfigureAwait(false);
                var root = document.RootElement;
                var items = root.TryGetProperty("Targets", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(t => t.GetString("Arn") ?? string.Empty).ToList()
                    : new List<string>();
                return new Page<string>(items, root.GetString("NextToken"));
            }).ConfigureAwait(false);
            result.Add(new EventRuleInfo(rule.Name, rule.State, rule.Pattern, targets));
        }

        return result;
    }

    public void Dispose() => _client.Dispose();

    private Task<JsonDocument> CallAsync(string operation, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
        => _client.JsonDocumentAsync(operation, arguments, cancellationToken);
}
