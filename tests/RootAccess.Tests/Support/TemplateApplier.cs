using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using RootAccess.Aws.Protocol;

namespace RootAccess.Tests;

/// <summary>
/// A CloudFormation stand-in for the tests: makes the API calls CloudFormation makes for a RootAccess guardrail template
/// (Organizations CreatePolicy and AttachPolicy, IAM CreatePolicy and AttachRolePolicy/AttachUserPolicy, EventBridge
/// PutRule and PutTargets) against the simulator, signed as the given caller. Only these three resource types.
/// </summary>
internal static class TemplateApplier
{
    public static async Task ApplyAsync(string templateJson, string endpoint, string accessKey, string secretKey, string accountId)
    {
        var credentials = new BasicAWSCredentials(accessKey, secretKey);
        ProtocolClient Client(ServiceDescription service) => new(credentials, new ProtocolClientConfig(service) { ServiceURL = endpoint, AuthenticationRegion = "us-east-1" });
        using var organizations = Client(ServiceDescription.Organizations);
        using var iam = Client(ServiceDescription.Iam);
        using var events = Client(ServiceDescription.EventBridge);
        using var template = JsonDocument.Parse(templateJson);
        foreach (var resource in template.RootElement.GetProperty("Resources").EnumerateObject().Select(r => r.Value))
        {
            var properties = resource.GetProperty("Properties");
            switch (resource.GetProperty("Type").GetString())
            {
                case "AWS::Organizations::Policy":
                    using (var created = await organizations.JsonDocumentAsync("CreatePolicy", new Dictionary<string, object?>
                    {
                        ["Name"] = properties.GetProperty("Name").GetString(),
                        ["Description"] = properties.GetProperty("Description").GetString(),
                        ["Type"] = properties.GetProperty("Type").GetString(),
                        ["Content"] = properties.GetProperty("Content").GetRawText(),
                    }, CancellationToken.None))
                    {
                        var id = created.RootElement.GetProperty("Policy").GetProperty("PolicySummary").GetProperty("Id").GetString();
                        foreach (var target in properties.GetProperty("TargetIds").EnumerateArray())
                        {
                            (await organizations.JsonDocumentAsync("AttachPolicy", new Dictionary<string, object?> { ["PolicyId"] = id, ["TargetId"] = target.GetString() }, CancellationToken.None)).Dispose();
                        }
                    }

                    break;
                case "AWS::IAM::ManagedPolicy":
                    var name = properties.GetProperty("ManagedPolicyName").GetString()!;
                    await iam.QueryAsync("CreatePolicy", new Dictionary<string, string> { ["PolicyName"] = name, ["PolicyDocument"] = properties.GetProperty("PolicyDocument").GetRawText() }, CancellationToken.None);
                    var arn = $"arn:aws:iam::{accountId}:policy/{name}";
                    foreach (var (list, operation, parameter) in new[] { ("Roles", "AttachRolePolicy", "RoleName"), ("Users", "AttachUserPolicy", "UserName") })
                    {
                        if (properties.TryGetProperty(list, out var names))
                        {
                            foreach (var principal in names.EnumerateArray())
                            {
                                await iam.QueryAsync(operation, new Dictionary<string, string> { [parameter] = principal.GetString()!, ["PolicyArn"] = arn }, CancellationToken.None);
                            }
                        }
                    }

                    break;
                case "AWS::Events::Rule":
                    var rule = properties.GetProperty("Name").GetString();
                    (await events.JsonDocumentAsync("PutRule", new Dictionary<string, object?>
                    {
                        ["Name"] = rule,
                        ["Description"] = properties.GetProperty("Description").GetString(),
                        ["EventPattern"] = properties.GetProperty("EventPattern").GetRawText(),
                        ["State"] = properties.GetProperty("State").GetString(),
                    }, CancellationToken.None)).Dispose();
                    var targets = properties.GetProperty("Targets").EnumerateArray().Select(t => new Dictionary<string, string> { ["Id"] = t.GetProperty("Id").GetString()!, ["Arn"] = t.GetProperty("Arn").GetString()! }).ToList();
                    (await events.JsonDocumentAsync("PutTargets", new Dictionary<string, object?> { ["Rule"] = rule, ["Targets"] = targets }, CancellationToken.None)).Dispose();
                    break;
                default:
                    throw new System.InvalidOperationException($"The stand-in does not create {resource.GetProperty("Type").GetString()}.");
            }
        }
    }
}
