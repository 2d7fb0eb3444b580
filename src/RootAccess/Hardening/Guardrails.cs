using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using RootAccess.Core;
using RootAccess.Policy;

namespace RootAccess.Hardening;

/// <summary>What a guardrail is: an SCP, an identity policy of the management account, or an EventBridge rule.</summary>
public static class GuardrailKind
{
    public const string ServiceControlPolicy = "ServiceControlPolicy";
    public const string IdentityPolicy = "IdentityPolicy";
    public const string EventRule = "EventRule";
}

/// <summary>One deployable document that fixes a control of the hardening guide: one flat row.</summary>
public sealed class Guardrail
{
    public string Name { get; set; } = string.Empty;

    /// <summary>ServiceControlPolicy, IdentityPolicy or EventRule.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The control (or controls, comma-separated) of Test-RootAccessHardening it makes pass.</summary>
    public string ControlId { get; set; } = string.Empty;

    /// <summary>Where it goes: the SCP's root, OU or account id; the management account's users and roles; the rule's alert target.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>The policy document, or the rule's event pattern, as JSON.</summary>
    public string Document { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    /// <summary>How many cases of the proof matrix it was checked against (all held, or it was refused).</summary>
    public int ProvenCases { get; set; }

    /// <summary>The targets one by one (for the template): ids, principal ARNs, or the alert target ARN.</summary>
    internal IReadOnlyList<string> Targets { get; set; } = Array.Empty<string>();

    public override string ToString() => $"{Kind} {Name} ({ControlId}) -> {Target}";
}

/// <summary>What New-RootAccessGuardrail is asked for, with what it read of the organization.</summary>
public sealed class GuardrailOptions
{
    public string Partition { get; set; } = AwsPartition.Commercial;

    public string ManagementAccountId { get; set; } = string.Empty;

    /// <summary>Where the members' SCP is attached: the organization's root (r-...) or an OU.</summary>
    public string ScpTargetId { get; set; } = string.Empty;

    /// <summary>The member accounts AssumeRoot may target (NotResource of the scoping deny).</summary>
    public IReadOnlyList<string> MemberAccountIds { get; set; } = Array.Empty<string>();

    /// <summary>The management account's users and roles (ARNs) the identity guardrails are attached to.</summary>
    public IReadOnlyList<string> ManagementPrincipals { get; set; } = Array.Empty<string>();

    /// <summary>Break-glass principals, as -BreakGlassPrincipal names them; resolved against <see cref="ManagementPrincipals"/>.</summary>
    public IReadOnlyList<string> BreakGlassPrincipals { get; set; } = Array.Empty<string>();

    /// <summary>The approved admin role that opens root sessions day to day (in the delegated administrator, or the management account).</summary>
    public string? RootAccessRoleArn { get; set; }

    public string? DelegatedAdminAccountId { get; set; }

    /// <summary>The task policies the approved role may use; IAMCreateRootUserPassword stays with break-glass.</summary>
    public IReadOnlyList<string> TaskPolicies { get; set; } = DefaultTaskPolicies;

    public IReadOnlyList<string> AdminSourceIps { get; set; } = Array.Empty<string>();

    /// <summary>Roles only a platform identity can take (runbooks): exempt from the MFA and source-IP denies, bound by their trust instead.</summary>
    public IReadOnlyList<string> UnattendedRoleArns { get; set; } = Array.Empty<string>();

    public string? AlertTarget { get; set; }

    /// <summary>A break-glass role's trust admits principals that are not break-glass: the chain through it keeps RA-H03 and RA-H04 failing.</summary>
    public bool BreakGlassTrustTooWide { get; set; }

    /// <summary>What the reader noticed that the admin should know (roles left out, a break-glass trust too wide).</summary>
    public List<string> Notes { get; } = new();

    public static IReadOnlyList<string> DefaultTaskPolicies { get; } = new[]
    {
        Core.TaskPolicies.AuditRootUserCredentials, Core.TaskPolicies.DeleteRootUserCredentials, Core.TaskPolicies.S3UnlockBucketPolicy, Core.TaskPolicies.SqsUnlockQueuePolicy,
    };
}

/// <summary>
/// The hardening guide's fixes as documents (its policies, with the parameters an organization gives them), one per
/// control they make pass. <see cref="GuardrailProof"/> proves them before anything is written. Names are fixed so a
/// second run produces the same resources.
/// </summary>
public static class Guardrails
{
    public const string MemberScp = "RootAccess-DenyAssumeRootInMemberAccounts";
    public const string DelegatedAdminScp = "RootAccess-DelegatedAdminAssumeRoot";
    public const string AssumeRootGuard = "RootAccess-AssumeRootGuard";
    public const string ManagementGuard = "RootAccess-ManagementAccountGuard";

    /// <summary>The rows of the guide's monitoring table, as EventBridge rules: name, what, severity, pattern, a matching event.</summary>
    internal static IReadOnlyList<AlertRow> AlertRows(string partition) => new[]
    {
        AssumeRootRow("RootAccess-AssumeRoot", "Any AssumeRoot call", "High", null, false),
        AssumeRootRow("RootAccess-AssumeRoot-CreateRootPassword", "Root password creation", "Critical", Core.TaskPolicies.CreateRootUserPassword, false, partition),
        AssumeRootRow("RootAccess-AssumeRoot-DeleteRootCredentials", "Root credential deletion", "High", Core.TaskPolicies.DeleteRootUserCredentials, false, partition),
        AssumeRootRow("RootAccess-AssumeRoot-S3Unlock", "Bucket policy unlock", "Medium", Core.TaskPolicies.S3UnlockBucketPolicy, false, partition),
        AssumeRootRow("RootAccess-AssumeRoot-SQSUnlock", "Queue policy unlock", "Medium", Core.TaskPolicies.SqsUnlockQueuePolicy, false, partition),
        AssumeRootRow("RootAccess-AssumeRoot-Failed", "Failed AssumeRoot attempts", "High", null, true),
        ApiRow("RootAccess-ManagementIamPolicyChanges", "IAM policy changes in the management account", "aws.iam", "iam.amazonaws.com",
            new JsonArray(new JsonObject { ["wildcard"] = "Put*Policy" }, new JsonObject { ["wildcard"] = "Attach*Policy" }, new JsonObject { ["prefix"] = "Create" }), "PutRolePolicy"),
        ApiRow("RootAccess-ManagementTrustChanges", "New cross-account roles into the management account", "aws.iam", "iam.amazonaws.com", new JsonArray("UpdateAssumeRolePolicy"), "UpdateAssumeRolePolicy"),
        ApiRow("RootAccess-ManagementTrailChanges", "CloudTrail modifications in the management account", "aws.cloudtrail", "cloudtrail.amazonaws.com",
            new JsonArray(ManagementAccountControls.TrailTamperingActions.Select(a => (JsonNode?)JsonValue.Create(a.Substring(a.IndexOf(':') + 1))).ToArray()), "StopLogging"),
    };

    /// <summary>The guardrails for <paramref name="options"/>, not yet proven (<see cref="GuardrailProof.Prove"/>).</summary>
    public static IReadOnlyList<Guardrail> Build(GuardrailOptions options)
    {
        var p = options.Partition;
        var approved = options.RootAccessRoleArn;
        var breakGlass = BreakGlassArns(options);
        var unattended = options.UnattendedRoleArns.ToList();
        var guardrails = new List<Guardrail>();

        // RA-H07: no member account calls AssumeRoot; the delegated administrator's approved role is the one exception.
        var memberDeny = Statement("DenyAssumeRootFromMemberAccounts", "sts:AssumeRoot");
        if (options.DelegatedAdminAccountId is not null && approved is not null)
        {
            memberDeny["Condition"] = new JsonObject { ["ArnNotEquals"] = new JsonObject { ["aws:PrincipalArn"] = approved } };
        }

        guardrails.Add(new Guardrail
        {
            Name = MemberScp, Kind = GuardrailKind.ServiceControlPolicy, ControlId = "RA-H07", Targets = new[] { options.ScpTargetId },
            Description = "Member accounts never call sts:AssumeRoot" + (options.DelegatedAdminAccountId is null ? "." : $"; only {approved} in delegated administrator {options.DelegatedAdminAccountId}."),
            Document = Document(memberDeny),
        });

        // RA-H04 in the delegated administrator: only the approved role, only the approved tasks, with MFA and from admin networks.
        if (options.DelegatedAdminAccountId is not null && approved is not null)
        {
            var statements = new List<JsonObject>
            {
                Statement("DenyAssumeRootExceptApprovedAdmin", "sts:AssumeRoot", ("ArnNotEquals", "aws:PrincipalArn", new[] { approved })),
                Statement("DenyTaskPoliciesOutsideApprovedSet", "sts:AssumeRoot", ("StringNotEquals", "sts:TaskPolicyArn", options.TaskPolicies.Select(t => TaskPolicies.ArnOf(t, p)).ToArray())),
            };
            if (!unattended.Contains(approved, StringComparer.Ordinal))
            {
                statements.Add(Statement("DenyAssumeRootWithoutMfa", "sts:AssumeRoot", ("BoolIfExists", "aws:MultiFactorAuthPresent", new[] { "false" })));
                if (options.AdminSourceIps.Count > 0)
                {
                    statements.Add(Statement("DenyAssumeRootOutsideAdminNetworks", "sts:AssumeRoot", ("NotIpAddress", "aws:SourceIp", options.AdminSourceIps.ToArray())));
                }
            }

            guardrails.Add(new Guardrail
            {
                Name = DelegatedAdminScp, Kind = GuardrailKind.ServiceControlPolicy, ControlId = "RA-H04", Targets = new[] { options.DelegatedAdminAccountId },
                Description = $"In delegated administrator {options.DelegatedAdminAccountId}, only {approved} opens root sessions, with {string.Join(", ", options.TaskPolicies)}.",
                Document = Document(statements.ToArray()),
            });
        }

        // The management account, where no SCP applies: identity-side denies attached to every user and role.
        var principals = options.ManagementPrincipals.ToArray();
        var guard = new List<JsonObject>
        {
            Statement("DenyCreateRootPasswordExceptBreakGlass", "sts:AssumeRoot", ("StringEquals", "sts:TaskPolicyArn", new[] { TaskPolicies.ArnOf(TaskPolicies.CreateRootUserPassword, p) }), ("ArnNotLike", "aws:PrincipalArn", breakGlass)),
            Statement("DenyTaskPoliciesOutsideApprovedSet", "sts:AssumeRoot", ("StringNotEquals", "sts:TaskPolicyArn", options.TaskPolicies.Append(TaskPolicies.CreateRootUserPassword).Distinct().Select(t => TaskPolicies.ArnOf(t, p)).ToArray())),
        };
        var outsideMembers = Statement("DenyAssumeRootOutsideMemberAccounts", "sts:AssumeRoot");
        outsideMembers.Remove("Resource");
        outsideMembers["NotResource"] = Strings(options.MemberAccountIds.Select(a => $"arn:{p}:iam::{a}:root"));
        guard.Add(outsideMembers);
        var people = unattended.Count == 0 ? Array.Empty<(string, string, string[])>() : new[] { ("ArnNotLike", "aws:PrincipalArn", unattended.ToArray()) };
        guard.Add(Statement("DenyAssumeRootWithoutMfa", "sts:AssumeRoot", people.Prepend(("BoolIfExists", "aws:MultiFactorAuthPresent", new[] { "false" })).ToArray()));
        // RA-H03 asks break-glass for MFA and a source-IP condition: only with -AdminSourceIp does the guard give both.
        var controls = "RA-H04, RA-H08";
        if (options.AdminSourceIps.Count > 0)
        {
            guard.Add(Statement("DenyAssumeRootOutsideAdminNetworks", "sts:AssumeRoot", people.Prepend(("NotIpAddress", "aws:SourceIp", options.AdminSourceIps.ToArray())).ToArray()));
            controls = "RA-H03, RA-H04, RA-H08, RA-H13";
        }

        // Claimed only what it makes pass: through a break-glass role anyone may assume, RA-H03 and RA-H04 stay failing.
        if (options.BreakGlassTrustTooWide)
        {
            controls = string.Join(", ", controls.Split(new[] { ", " }, StringSplitOptions.None).Where(c => c != "RA-H03" && c != "RA-H04"));
        }

        guardrails.Add(new Guardrail
        {
            Name = AssumeRootGuard, Kind = GuardrailKind.IdentityPolicy, ControlId = controls, Targets = principals,
            Description = Text.Format(Messages.AssumeRootGuardDescription, options.ManagementAccountId, string.Join(", ", options.TaskPolicies), options.AdminSourceIps.Count > 0 ? " and admin networks" : string.Empty),
            Document = Document(guard.ToArray()),
        });

        // RA-H10 and RA-H11: root-equivalent IAM writes and CloudTrail tampering only for break-glass; the guardrails
        // themselves and the break-glass users' credentials out of everyone else's reach. iam:PassRole of the unattended
        // roles stays possible for break-glass and the approved role (SSM Automation passes its assume role).
        var writes = AssumeRootRules.RootEquivalentIamActions.Where(a => unattended.Count == 0 || a != "iam:PassRole").ToArray();
        var guardrailPolicies = $"arn:{p}:iam::{options.ManagementAccountId}:policy/RootAccess-*";
        var management = new List<JsonObject>
        {
            Statement("DenyRootEquivalentIamWritesExceptBreakGlass", writes, ("ArnNotLike", "aws:PrincipalArn", breakGlass)),
            Statement("DenyDetachingTheGuardrailsExceptBreakGlass", new[] { "iam:DetachRolePolicy", "iam:DetachUserPolicy", "iam:DetachGroupPolicy" }, ("ArnLike", "iam:PolicyARN", new[] { guardrailPolicies }), ("ArnNotLike", "aws:PrincipalArn", breakGlass)),
        };
        var deleting = Statement("DenyDeletingTheGuardrailsExceptBreakGlass", new[] { "iam:DeletePolicy", "iam:DeletePolicyVersion" }, ("ArnNotLike", "aws:PrincipalArn", breakGlass));
        deleting["Resource"] = guardrailPolicies;
        management.Add(deleting);
        var glassUsers = breakGlass.Where(a => a.Contains(":user/")).ToArray();
        if (glassUsers.Length > 0)
        {
            var credentials = Statement("DenyBreakGlassUserCredentialChangesExceptBreakGlass", BreakGlassCredentialActions, ("ArnNotLike", "aws:PrincipalArn", breakGlass));
            credentials["Resource"] = Strings(glassUsers);
            management.Add(credentials);
        }

        if (unattended.Count > 0)
        {
            var passRole = Statement("DenyPassRoleExceptBreakGlass", new[] { "iam:PassRole" }, ("ArnNotLike", "aws:PrincipalArn", breakGlass));
            passRole.Remove("Resource");
            passRole["NotResource"] = Strings(unattended);
            management.Add(passRole);
            var passers = breakGlass.Concat(approved is not null && approved.Split(':')[4] == options.ManagementAccountId ? new[] { approved } : Array.Empty<string>()).ToArray();
            var passUnattended = Statement("DenyPassingUnattendedRolesExceptApproved", new[] { "iam:PassRole" }, ("ArnNotLike", "aws:PrincipalArn", passers));
            passUnattended["Resource"] = Strings(unattended);
            management.Add(passUnattended);
        }

        management.Add(Statement("DenyTrailTamperingExceptBreakGlass", ManagementAccountControls.TrailTamperingActions.ToArray(), ("ArnNotLike", "aws:PrincipalArn", breakGlass)));
        guardrails.Add(new Guardrail
        {
            Name = ManagementGuard, Kind = GuardrailKind.IdentityPolicy, ControlId = "RA-H10, RA-H11", Targets = principals,
            Description = $"In management account {options.ManagementAccountId}: root-equivalent IAM writes and CloudTrail changes only for break-glass.",
            Document = Document(management.ToArray()),
        });

        // RA-H05: one rule per row of the guide's monitoring table, on the management account's default bus in us-east-1.
        if (options.AlertTarget is { } alert)
        {
            foreach (var row in AlertRows(p))
            {
                guardrails.Add(new Guardrail
                {
                    Name = row.Name, Kind = GuardrailKind.EventRule, ControlId = "RA-H05", Targets = new[] { alert },
                    Description = $"{row.What} ({row.Severity})",
                    Document = row.Pattern.ToJsonString(),
                });
            }
        }

        foreach (var g in guardrails)
        {
            g.Target = string.Join(", ", g.Targets);
        }

        return guardrails;
    }

    /// <summary>What could hand a break-glass user's way in to someone else: its keys, password, MFA and other credentials.</summary>
    public static readonly string[] BreakGlassCredentialActions =
    {
        "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:EnableMFADevice", "iam:DeactivateMFADevice",
        "iam:ResyncMFADevice", "iam:UploadSigningCertificate", "iam:UploadSSHPublicKey", "iam:CreateServiceSpecificCredential",
    };

    /// <summary>The break-glass names resolved to the ARNs of the management account's principals they match.</summary>
    public static string[] BreakGlassArns(GuardrailOptions options)
    {
        var names = new BreakGlass(options.BreakGlassPrincipals);
        return options.ManagementPrincipals.Where(names.Contains).ToArray();
    }

    internal sealed class AlertRow
    {
        public string Name { get; set; } = string.Empty;

        public string What { get; set; } = string.Empty;

        public string Severity { get; set; } = string.Empty;

        public JsonObject Pattern { get; set; } = new();

        /// <summary>An event of the row, as CloudTrail delivers it to EventBridge.</summary>
        public string Event { get; set; } = string.Empty;
    }

    private static AlertRow AssumeRootRow(string name, string what, string severity, string? task, bool failed, string partition = AwsPartition.Commercial)
    {
        var detail = new JsonObject { ["eventSource"] = new JsonArray("sts.amazonaws.com"), ["eventName"] = new JsonArray("AssumeRoot") };
        var sample = new JsonObject { ["eventSource"] = "sts.amazonaws.com", ["eventName"] = "AssumeRoot", ["requestParameters"] = new JsonObject { ["taskPolicyArn"] = new JsonObject { ["arn"] = TaskPolicies.ArnOf(task ?? TaskPolicies.AuditRootUserCredentials, partition) } } };
        if (task is not null)
        {
            detail["requestParameters"] = new JsonObject { ["taskPolicyArn"] = new JsonObject { ["arn"] = new JsonArray(TaskPolicies.ArnOf(task, partition)) } };
        }

        if (failed)
        {
            detail["errorCode"] = new JsonArray(new JsonObject { ["exists"] = true });
            sample["errorCode"] = "AccessDenied";
        }

        return new AlertRow { Name = name, What = what, Severity = severity, Pattern = Pattern("aws.sts", detail), Event = Event("aws.sts", sample) };
    }

    private static AlertRow ApiRow(string name, string what, string source, string eventSource, JsonArray eventNames, string sampleName)
        => new()
        {
            Name = name, What = what, Severity = "Critical",
            Pattern = Pattern(source, new JsonObject { ["eventSource"] = new JsonArray(eventSource), ["eventName"] = eventNames }),
            Event = Event(source, new JsonObject { ["eventSource"] = eventSource, ["eventName"] = sampleName }),
        };

    private static JsonObject Pattern(string source, JsonObject detail)
        => new() { ["source"] = new JsonArray(source), ["detail-type"] = new JsonArray("AWS API Call via CloudTrail"), ["detail"] = detail };

    internal static string Event(string source, JsonObject detail)
        => new JsonObject { ["source"] = source, ["detail-type"] = "AWS API Call via CloudTrail", ["detail"] = detail }.ToJsonString();

    private static JsonObject Statement(string sid, string action, params (string Operator, string Key, string[] Values)[] conditions)
        => Statement(sid, new[] { action }, conditions);

    private static JsonObject Statement(string sid, string[] actions, params (string Operator, string Key, string[] Values)[] conditions)
    {
        var statement = new JsonObject
        {
            ["Sid"] = sid,
            ["Effect"] = "Deny",
            ["Action"] = actions.Length == 1 ? JsonValue.Create(actions[0]) : Strings(actions),
            ["Resource"] = "*",
        };
        if (conditions.Length > 0)
        {
            var block = new JsonObject();
            foreach (var (op, key, values) in conditions)
            {
                var byKey = block[op] as JsonObject ?? new JsonObject();
                block[op] = byKey;
                byKey[key] = values.Length == 1 ? JsonValue.Create(values[0]) : Strings(values);
            }

            statement["Condition"] = block;
        }

        return statement;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static string Document(params JsonObject[] statements)
        => new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statements.Cast<JsonNode?>().ToArray()) }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
