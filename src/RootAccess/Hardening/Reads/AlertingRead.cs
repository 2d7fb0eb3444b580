using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;

namespace RootAccess.Hardening;

/// <summary>RA-H05: an enabled EventBridge rule with a target matches AssumeRoot and each of the guide's Critical events.</summary>
public sealed class AlertingRead : IHardeningRead
{
    /// <summary>The events the guide rates Critical (and AssumeRoot itself), as CloudTrail delivers them to EventBridge.</summary>
    internal static readonly (string Source, string EventSource, string EventName)[] AlertedEvents =
    {
        ("aws.sts", "sts.amazonaws.com", "AssumeRoot"),
        ("aws.iam", "iam.amazonaws.com", "PutRolePolicy"),
        ("aws.iam", "iam.amazonaws.com", "AttachRolePolicy"),
        ("aws.iam", "iam.amazonaws.com", "CreateUser"),
        ("aws.iam", "iam.amazonaws.com", "UpdateAssumeRolePolicy"),
        ("aws.cloudtrail", "cloudtrail.amazonaws.com", "StopLogging"),
        ("aws.cloudtrail", "cloudtrail.amazonaws.com", "DeleteTrail"),
        ("aws.cloudtrail", "cloudtrail.amazonaws.com", "UpdateTrail"),
    };

    public string Step(Assessment assessment) => "Reading the EventBridge rules and their targets";

    public Task RunAsync(Assessment assessment, CancellationToken cancellationToken)
        => assessment.CheckAsync("RA-H05", "events:ListRules, events:ListTargetsByRule", async check =>
        {
            using var events = AwsClientFactory.CreateEventBridge(assessment.Context);
            var rules = await events.ListRulesWithTargetsAsync(cancellationToken).ConfigureAwait(false);
            var live = rules.Where(r => r.State == "ENABLED" && r.Targets.Count > 0 && r.EventPattern is not null).ToList();
            // Each live rule against each event once.
            var matched = live.Select(r => (Rule: r, Events: AlertedEvents.Where(e => EventPattern.Matches(r.EventPattern!, SampleEvent(e))).Select(e => e.EventName).ToList())).ToList();
            var uncovered = AlertedEvents.Select(e => e.EventName).Where(name => !matched.Any(m => m.Events.Contains(name))).ToList();
            var covering = matched.Where(m => m.Events.Count > 0).Select(m => $"{m.Rule.Name} -> {string.Join(", ", m.Rule.Targets)}").ToList();
            check.Status = uncovered.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
            check.Evidence = $"{rules.Count} EventBridge rules in {assessment.Context.Region.SystemName} ({live.Count} enabled with a target){(covering.Count > 0 ? "; alerting: " + string.Join("; ", covering) : string.Empty)}. "
                + (uncovered.Count == 0 ? $"Every one of {string.Join(", ", AlertedEvents.Select(e => e.EventName))} reaches a target." : $"No enabled rule with a target matches: {string.Join(", ", uncovered)}.");
        });

    internal static string SampleEvent((string Source, string EventSource, string EventName) e)
        => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["source"] = e.Source,
            ["detail-type"] = "AWS API Call via CloudTrail",
            ["detail"] = new Dictionary<string, object> { ["eventSource"] = e.EventSource, ["eventName"] = e.EventName },
        });
}
