using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace RootAccess.Simulator;

/// <summary>
/// SQS as AWSSDK.SQS 4.x speaks it (awsJson1_0, X-Amz-Target AmazonSQS.*, QueueUrl in the body): the queue
/// policy read and write operations. The owner account's root session may always change its queue's policy.
/// </summary>
internal sealed class SqsService
{
    private readonly IServiceContext _context;

    public SqsService(IServiceContext context) => _context = context;

    /// <summary>The account a request's QueueUrl (or QueueOwnerAWSAccountId) names, for faults.</summary>
    public static string? AccountOf(JsonObject arguments)
        => arguments["QueueOwnerAWSAccountId"]?.GetValue<string>() ?? (ParseUrl(arguments["QueueUrl"]?.GetValue<string>()) is { } url ? url.AccountId : null);

    public JsonObject Handle(string operation, JsonObject arguments, SimPrincipal principal)
    {
        lock (_context.Gate)
        {
            switch (operation)
            {
                case "GetQueueUrl":
                {
                    var name = arguments["QueueName"]?.GetValue<string>() ?? throw Missing("QueueName");
                    var owner = arguments["QueueOwnerAWSAccountId"]?.GetValue<string>() ?? principal.AccountId;
                    var (account, queue) = Find(owner, name);
                    Authorize(principal, account.Id, "sqs:GetQueueUrl", queue.Policy);
                    return new JsonObject { ["QueueUrl"] = UrlOf(account.Id, queue.Name) };
                }

                case "ListQueues":
                {
                    Authorize(principal, principal.AccountId, "sqs:ListQueues", null);
                    var prefix = arguments["QueueNamePrefix"]?.GetValue<string>() ?? string.Empty;
                    var urls = _context.State.FindAccount(principal.AccountId)?.Queues.Where(q => q.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(q => (JsonNode)UrlOf(principal.AccountId, q.Name)!).ToArray() ?? Array.Empty<JsonNode>();
                    return new JsonObject { ["QueueUrls"] = new JsonArray(urls) };
                }

                case "GetQueueAttributes":
                {
                    var (account, queue) = FindByUrl(arguments);
                    Authorize(principal, account.Id, "sqs:GetQueueAttributes", queue.Policy);
                    var names = arguments["AttributeNames"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? new();
                    var attributes = new JsonObject();
                    if ((names.Contains("All") || names.Contains("Policy")) && queue.Policy is not null)
                    {
                        attributes["Policy"] = queue.Policy;
                    }

                    if (names.Contains("All") || names.Contains("QueueArn"))
                    {
                        attributes["QueueArn"] = $"arn:aws:sqs:us-east-1:{account.Id}:{queue.Name}";
                    }

                    return new JsonObject { ["Attributes"] = attributes };
                }

                case "SetQueueAttributes":
                {
                    var (account, queue) = FindByUrl(arguments);
                    Authorize(principal, account.Id, "sqs:SetQueueAttributes", queue.Policy);
                    var attributes = arguments["Attributes"]?.AsObject() ?? throw Missing("Attributes");
                    foreach (var pair in attributes)
                    {
                        if (pair.Key != "Policy")
                        {
                            throw new ServiceError(400, "InvalidAttributeName", $"Unknown Attribute {pair.Key}.");
                        }

                        var value = pair.Value?.GetValue<string>();
                        queue.Policy = string.IsNullOrEmpty(value) ? null : value;
                    }

                    return new JsonObject();
                }

                default:
                    throw new ServiceError(400, "UnsupportedOperation", $"The simulator does not serve SQS {operation}.");
            }
        }
    }

    public static (string AccountId, string QueueName)? ParseUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var parts = uri.AbsolutePath.Trim('/').Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    private string UrlOf(string accountId, string name) => $"{_context.Endpoint}/{accountId}/{name}";

    private (SimAccount Account, SimQueue Queue) FindByUrl(JsonObject arguments)
    {
        var url = arguments["QueueUrl"]?.GetValue<string>() ?? throw Missing("QueueUrl");
        var parsed = ParseUrl(url) ?? throw new ServiceError(400, "InvalidAddress", $"The address {url} is not valid for this endpoint.");
        return Find(parsed.AccountId, parsed.QueueName);
    }

    private (SimAccount Account, SimQueue Queue) Find(string accountId, string name)
    {
        var account = _context.State.FindAccount(accountId);
        var queue = account?.Queues.FirstOrDefault(q => q.Name == name);
        if (account is null || queue is null)
        {
            throw new ServiceError(400, "QueueDoesNotExist", "The specified queue does not exist.");
        }

        return (account, queue);
    }

    private static void Authorize(SimPrincipal principal, string ownerAccountId, string action, string? policy)
    {
        var allowed = principal.Session is { } session
            ? TaskPolicyRules.Allows(session.TaskPolicy, action) && session.AccountId == ownerAccountId
            : principal.AccountId == ownerAccountId && !PolicyLockout.DeniesEveryone(policy, action);
        if (!allowed)
        {
            throw new ServiceError(403, "AccessDenied", $"User: {principal.Arn} is not authorized to perform: {action}.");
        }
    }

    private static ServiceError Missing(string name) => new(400, "MissingParameter", $"The request must contain the parameter {name}.");
}
