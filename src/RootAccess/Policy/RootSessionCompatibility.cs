using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using RootAccess.Core;

namespace RootAccess.Policy;

/// <summary>One SCP statement that denies what an sts:AssumeRoot task session does in a member account.</summary>
public sealed class RootSessionBlock
{
    public RootSessionBlock(PolicyDocument document, PolicyStatement statement, IReadOnlyList<string> taskPolicies, IReadOnlyList<string> actions)
    {
        Document = document;
        Statement = statement;
        TaskPolicies = taskPolicies;
        Actions = actions;
    }

    public PolicyDocument Document { get; }

    public PolicyStatement Statement { get; }

    /// <summary>The task policies whose sessions the statement breaks.</summary>
    public IReadOnlyList<string> TaskPolicies { get; }

    /// <summary>The task sessions' actions it denies.</summary>
    public IReadOnlyList<string> Actions { get; }

    public override string ToString() => $"{Document.Source} {Statement.Name}: {string.Join(", ", TaskPolicies)}";
}

/// <summary>
/// SCPs still apply inside an AssumeRoot session, where the caller is the member's root user with <c>aws:AssumedRoot</c>
/// true (AWS-FACTS, "Root sessions and SCPs"). A root-deny SCP without an exemption for that key (an
/// <c>aws:PrincipalArn</c> of <c>arn:aws:iam::*:root</c>, or a NotAction list) also denies the task sessions, so the
/// remediation the organization enabled cannot run. This finds such statements and writes the exempted document.
/// </summary>
public static class RootSessionCompatibility
{
    /// <summary>The condition that exempts root sessions: the deny applies only when aws:AssumedRoot is absent (the real root user).</summary>
    public const string ExemptionOperator = "Null";
    public const string AssumedRootKey = "aws:AssumedRoot";

    /// <summary>A request a task session in member <paramref name="accountId"/> makes for <paramref name="action"/>.</summary>
    public static PolicyRequest SessionRequest(string action, string accountId)
    {
        var root = $"arn:aws:iam::{accountId}:root";
        return new PolicyRequest(action, "*", root)
            .With("aws:PrincipalArn", root)
            .With("aws:PrincipalAccount", accountId)
            .With(AssumedRootKey, "true")
            .With("aws:RequestedRegion", "us-east-1")
            .With("aws:SourceIp", "10.20.30.40");
    }

    /// <summary>The Deny statements of <paramref name="serviceControlPolicies"/> that deny a task session's actions, with the tasks they break.</summary>
    public static IReadOnlyList<RootSessionBlock> Blocks(IEnumerable<PolicyDocument> serviceControlPolicies, string accountId = "210987654321")
    {
        var blocks = new List<RootSessionBlock>();
        foreach (var document in serviceControlPolicies)
        {
            foreach (var statement in document.Statements.Where(s => s.Effect == PolicyEffect.Deny))
            {
                var tasks = new List<string>();
                var actions = new List<string>();
                foreach (var task in TaskPolicies.Names)
                {
                    var denied = TaskPolicies.ActionsOf(task).Where(a => PolicyEvaluator.Applies(statement, SessionRequest(a, accountId))).ToList();
                    if (denied.Count > 0)
                    {
                        tasks.Add(task);
                        actions.AddRange(denied.Where(a => !actions.Contains(a)));
                    }
                }

                if (tasks.Count > 0)
                {
                    blocks.Add(new RootSessionBlock(document, statement, tasks, actions));
                }
            }
        }

        return blocks;
    }

    /// <summary>
    /// The document with every Deny statement that blocks task sessions given <c>"Null": {"aws:AssumedRoot": "true"}</c>,
    /// so it still denies the root user and no longer the sessions; checked before it is returned.
    /// </summary>
    public static string Exempt(string json, string source)
    {
        var parsed = PolicyParser.Parse(json, source);
        var blocking = new HashSet<int>(Blocks(new[] { parsed }).Select(b => b.Statement.Index));
        var root = JsonNode.Parse(json)!.AsObject();
        var statements = root["Statement"] is JsonArray array ? array.OfType<JsonObject>().ToList() : new List<JsonObject> { root["Statement"]!.AsObject() };
        for (var i = 0; i < statements.Count; i++)
        {
            if (!blocking.Contains(i + 1))
            {
                continue;
            }

            var statement = statements[i];
            // A statement that already says something of aws:AssumedRoot (any case) was written on purpose: changing it
            // could turn it the wrong way round, so it is left to the admin.
            if (statement["Condition"] is JsonObject written && written.Any(o => o.Value is JsonObject keys && keys.Any(k => string.Equals(k.Key, AssumedRootKey, StringComparison.OrdinalIgnoreCase))))
            {
                throw new InvalidOperationException($"{source}: statement {parsed.Statements[i].Name} already has a condition on aws:AssumedRoot and still denies root sessions; rewrite it by hand.");
            }

            var conditions = statement["Condition"] as JsonObject ?? new JsonObject();
            statement["Condition"] = conditions;
            var nulls = conditions[ExemptionOperator] as JsonObject ?? new JsonObject();
            conditions[ExemptionOperator] = nulls;
            nulls[AssumedRootKey] = "true";
        }

        var exempted = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var result = PolicyParser.Parse(exempted, source);
        if (Blocks(new[] { result }).FirstOrDefault() is { } still)
        {
            throw new InvalidOperationException($"{source}: statement {still.Statement.Name} still denies root sessions ({string.Join(", ", still.Actions)}) after the aws:AssumedRoot exemption; rewrite it by hand.");
        }

        // Each changed statement still denies the real root user (no aws:AssumedRoot) what it denied before.
        foreach (var index in blocking)
        {
            foreach (var action in TaskPolicies.Names.SelectMany(TaskPolicies.ActionsOf).Distinct())
            {
                var rootUser = SessionRequest(action, "210987654321");
                rootUser.Context.Remove(AssumedRootKey);
                if (PolicyEvaluator.Applies(parsed.Statements[index - 1], rootUser) && !PolicyEvaluator.Applies(result.Statements[index - 1], rootUser))
                {
                    throw new InvalidOperationException($"{source}: statement {result.Statements[index - 1].Name} would no longer deny the root user {action} after the exemption; rewrite it by hand.");
                }
            }
        }

        return exempted;
    }
}
