using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace RootAccess.Simulator;

/// <summary>
/// EventBridge (awsJson1_1, X-Amz-Target AWSEvents.*): ListRules and ListTargetsByRule over the caller's rules in the
/// signing region, and PutRule and PutTargets (what a guardrail template deploys). Amazon EventBridge API Reference: both page with NextToken and Limit (1..100); an unknown rule is
/// ResourceNotFoundException (400).
/// </summary>
internal sealed class EventBridgeService
{
    private readonly IServiceContext _context;

    public EventBridgeService(IServiceContext context) => _context = context;

    public JsonObject Handle(string operation, JsonObject arguments, SimPrincipal principal, string region)
    {
        lock (_context.Gate)
        {
            var bus = arguments["EventBusName"]?.GetValue<string>() ?? "default";
            var rules = (_context.State.FindAccount(principal.AccountId)?.EventRules ?? new List<SimEventRule>())
                .Where(r => r.Region == region && (r.EventBusName == bus || $"arn:aws:events:{region}:{principal.AccountId}:event-bus/{r.EventBusName}" == bus)).ToList();
            switch (operation)
            {
                case "ListRules":
                    var prefix = arguments["NamePrefix"]?.GetValue<string>() ?? string.Empty;
                    return Page(arguments, "Rules", rules.Where(r => r.Name.StartsWith(prefix, StringComparison.Ordinal)), r =>
                    {
                        var rule = new JsonObject
                        {
                            ["Name"] = r.Name,
                            ["Arn"] = $"arn:aws:events:{region}:{principal.AccountId}:rule/{(r.EventBusName == "default" ? string.Empty : r.EventBusName + "/")}{r.Name}",
                            ["State"] = r.State,
                            ["EventBusName"] = r.EventBusName,
                        };
                        if (r.EventPattern is not null)
                        {
                            // The model types EventPattern as a string holding the pattern's JSON.
                            rule["EventPattern"] = r.EventPattern.ToJsonString();
                        }

                        if (r.Description is not null)
                        {
                            rule["Description"] = r.Description;
                        }

                        return rule;
                    });
                case "ListTargetsByRule":
                    var name = arguments["Rule"]?.GetValue<string>() ?? throw new ServiceError(400, "ValidationException", "1 validation error detected: Value null at 'rule' failed to satisfy constraint: Member must not be null");
                    var found = rules.FirstOrDefault(r => r.Name == name)
                        ?? throw new ServiceError(400, "ResourceNotFoundException", $"Rule {name} does not exist on EventBus {bus}.");
                    return Page(arguments, "Targets", found.Targets.Select((arn, i) => (arn, i)), t => new JsonObject { ["Id"] = "Target" + t.i.ToString(CultureInfo.InvariantCulture), ["Arn"] = t.arn });
                // EventBridge API Reference: PutRule creates or updates a rule (EventPattern is the pattern's JSON as a string;
                // ENABLED unless State says otherwise) and answers its RuleArn; PutTargets adds or replaces targets by Id and
                // answers FailedEntryCount with FailedEntries; an unknown rule is ResourceNotFoundException.
                case "PutRule":
                    var ruleName = arguments["Name"]?.GetValue<string>() ?? string.Empty;
                    if (!System.Text.RegularExpressions.Regex.IsMatch(ruleName, "^[\\.\\-_A-Za-z0-9]{1,64}$"))
                    {
                        throw new ServiceError(400, "ValidationException", $"1 validation error detected: Value '{ruleName}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
                    }

                    JsonNode? pattern;
                    try
                    {
                        pattern = JsonNode.Parse(arguments["EventPattern"]?.GetValue<string>() ?? string.Empty);
                    }
                    catch (System.Text.Json.JsonException)
                    {
                        pattern = null;
                    }

                    if (pattern is not JsonObject)
                    {
                        throw new ServiceError(400, "InvalidEventPatternException", "Event pattern is not valid. Reason: Filter is not an object");
                    }

                    var account = _context.State.FindAccount(principal.AccountId) ?? throw new ServiceError(400, "ValidationException", $"Account {principal.AccountId} is not in the simulated organization.");
                    var rule = rules.FirstOrDefault(r => r.Name == ruleName);
                    if (rule is null)
                    {
                        rule = new SimEventRule { Name = ruleName, Region = region, EventBusName = bus };
                        account.EventRules.Add(rule);
                    }

                    rule.EventPattern = pattern;
                    rule.State = arguments["State"]?.GetValue<string>() ?? "ENABLED";
                    rule.Description = arguments["Description"]?.GetValue<string>();
                    return new JsonObject { ["RuleArn"] = $"arn:aws:events:{region}:{principal.AccountId}:rule/{(bus == "default" ? string.Empty : bus + "/")}{ruleName}" };
                case "PutTargets":
                    var ruleOf = arguments["Rule"]?.GetValue<string>() ?? string.Empty;
                    var targeted = rules.FirstOrDefault(r => r.Name == ruleOf)
                        ?? throw new ServiceError(400, "ResourceNotFoundException", $"Rule {ruleOf} does not exist on EventBus {bus}.");
                    foreach (var target in (arguments["Targets"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
                    {
                        var arn = target["Arn"]?.GetValue<string>() ?? throw new ServiceError(400, "ValidationException", "1 validation error detected: Value null at 'targets.member.arn' failed to satisfy constraint: Member must not be null");
                        if (!targeted.Targets.Contains(arn))
                        {
                            targeted.Targets.Add(arn);
                        }
                    }

                    return new JsonObject { ["FailedEntryCount"] = 0, ["FailedEntries"] = new JsonArray() };
                default:
                    throw new ServiceError(400, "UnknownOperationException", $"The simulator does not serve EventBridge {operation}.");
            }
        }
    }

    private static JsonObject Page<T>(JsonObject arguments, string listName, IEnumerable<T> items, Func<T, JsonObject> item)
    {
        var all = items.ToList();
        var limit = arguments["Limit"]?.GetValue<int>() ?? 100;
        if (limit < 1 || limit > 100)
        {
            throw new ServiceError(400, "ValidationException", $"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100");
        }

        var offset = 0;
        if (arguments["NextToken"] is { } next && (!int.TryParse(next.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > all.Count))
        {
            throw new ServiceError(400, "ValidationException", "The NextToken provided is invalid.");
        }

        var page = all.Skip(offset).Take(limit).ToList();
        var result = new JsonObject { [listName] = new JsonArray(page.Select(i => (JsonNode)item(i)).ToArray()) };
        if (offset + page.Count < all.Count)
        {
            result["NextToken"] = (offset + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }
}
