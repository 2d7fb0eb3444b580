using System;
using System.Collections.Generic;
using System.Linq;
using RootAccess.Core;

namespace RootAccess.Policy;

public enum PolicyType
{
    Identity,
    ServiceControl,
    Trust,
}

public enum FindingSeverity
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>One risk found in a policy, with what to do about it.</summary>
public sealed class PolicyFinding
{
    public string RuleId { get; set; } = string.Empty;

    public FindingSeverity Severity { get; set; }

    public string Title { get; set; } = string.Empty;

    /// <summary>The file (or "PolicyDocument") the policy came from.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The statement's Sid, or "statement N".</summary>
    public string StatementSid { get; set; } = string.Empty;

    public string Detail { get; set; } = string.Empty;

    public string Remediation { get; set; } = string.Empty;

    public override string ToString() => $"{RuleId} {Severity}: {Title} ({Source} {StatementSid})";
}

/// <summary>
/// The controls of the AssumeRoot hardening guide, checked on policy documents with the evaluator: each rule
/// asks AWS's question ("would this request be allowed?") rather than pattern-matching the JSON.
/// </summary>
public static class AssumeRootRules
{
    public const string AssumeRoot = "sts:AssumeRoot";
    public const string MemberRoot = "arn:aws:iam::210987654321:root";
    public const string CallerArn = "arn:aws:iam::111122223333:role/Caller";

    // Documentation addresses (RFC 5737) no admin network uses; 203.0.113.0/24 is left for policies' own examples.
    private static readonly string[] UnexpectedIps = { "198.51.100.23", "192.0.2.7" };

    public static readonly string[] RootEquivalentIamActions =
    {
        "iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:CreateUser", "iam:PutUserPolicy", "iam:AttachUserPolicy",
        "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:PassRole", "iam:UpdateAssumeRolePolicy",
    };

    // Rules about the person at the keyboard (MFA, its age, where they are): they cannot apply to a role only a platform's
    // identity can take, whose trust policy is its one control instead (RA014 when that trust is not bound).
    private static readonly string[] InteractiveOnly = { "RA004", "RA005", "RA006" };

    private static readonly string[] SingleValuedKeys = { "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:SourceIp", "aws:PrincipalOrgID", "aws:PrincipalArn", "sts:TaskPolicyArn" };

    /// <summary>Findings for a set of documents of one type (SCPs are judged as the set that applies together).</summary>
    public static IReadOnlyList<PolicyFinding> Analyze(IReadOnlyList<PolicyDocument> documents, PolicyType type, string? managementAccountId = null, PolicyDocument? trust = null)
    {
        var findings = new List<PolicyFinding>();
        switch (type)
        {
            case PolicyType.Identity:
                var unattended = trust is null ? null : UnattendedTrust.Of(trust);
                if (unattended is { Unbound: { } unbound })
                {
                    findings.Add(Finding("RA014", trust!, unattended.Statement, unbound));
                }

                foreach (var document in documents)
                {
                    findings.AddRange(Identity(document, managementAccountId).Where(f => unattended is null || !InteractiveOnly.Contains(f.RuleId)));
                    findings.AddRange(ConditionMistakes(document));
                    findings.AddRange(Principals(document, "an identity policy"));
                }

                break;
            case PolicyType.ServiceControl:
                findings.AddRange(ServiceControl(documents));
                foreach (var document in documents)
                {
                    findings.AddRange(ConditionMistakes(document));
                    findings.AddRange(Principals(document, "an SCP"));
                }

                break;
            default:
                foreach (var document in documents)
                {
                    findings.AddRange(Trust(document, managementAccountId));
                }

                break;
        }

        return findings;
    }

    /// <summary>
    /// The one answer to "do these SCPs, applied together, deny a member account's sts:AssumeRoot?" (RA009, and
    /// RA-H07 level by level along each account's OU path). No SCP at all denies nothing.
    /// </summary>
    public static bool DenyMembersAssumeRoot(IReadOnlyList<PolicyDocument> serviceControlPolicies)
        => serviceControlPolicies.Count > 0
            && PolicyEvaluator.Evaluate(Request(TaskPolicies.AuditRootUserCredentials, true, 60, "10.20.30.40"), new[] { PolicyDocument.AllowAll }, serviceControlPolicies) != Decision.Allow;

    /// <summary>An AssumeRoot request with a task policy and the given caller conditions.</summary>
    public static PolicyRequest Request(string taskPolicy, bool mfa, int? mfaAgeSeconds, string sourceIp, string? target = null, string? principal = null)
    {
        target ??= MemberRoot;
        principal ??= CallerArn;
        var request = new PolicyRequest(AssumeRoot, target, principal)
            .With("sts:TaskPolicyArn", TaskPolicies.ArnOf(taskPolicy, target.Split(':') is { Length: >= 2 } arn && AwsPartition.IsKnown(arn[1]) ? arn[1] : AwsPartition.Commercial))
            .With("aws:SourceIp", sourceIp)
            .With("aws:PrincipalArn", principal)
            .With("aws:ResourceAccount", target.Split(':')[4]);
        if (mfa)
        {
            request.With("aws:MultiFactorAuthPresent", "true");
            if (mfaAgeSeconds is { } age)
            {
                request.With("aws:MultiFactorAuthAge", age.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return request;
    }

    /// <summary>A member account the policies name for sts:AssumeRoot (so "best case" requests target one they allow).</summary>
    public static string ExpectedTarget(IEnumerable<PolicyDocument> documents)
        => documents.SelectMany(d => d.Statements)
               .Where(s => s.Effect == PolicyEffect.Allow && !s.NotResource && PolicyEvaluator.MatchesAction(s, AssumeRoot))
               .SelectMany(s => s.Resources)
               .FirstOrDefault(r => !r.Contains('*') && !r.Contains('?') && r.Split(':').Length >= 5)
           ?? MemberRoot;

    /// <summary>An address the policy itself expects (an Allow's IpAddress, or a Deny's NotIpAddress), so "best case" requests can pass.</summary>
    public static string ExpectedIp(IEnumerable<PolicyDocument> documents)
    {
        var cidr = documents.SelectMany(d => d.Statements).SelectMany(s => s.Conditions.Where(c => PolicyParser.BaseOperator(c.Operator) == (s.Effect == PolicyEffect.Allow ? "IpAddress" : "NotIpAddress")))
            .Where(c => string.Equals(c.Key, "aws:SourceIp", StringComparison.OrdinalIgnoreCase))
            .SelectMany(c => c.Values).FirstOrDefault();
        return cidr?.Split('/')[0] ?? "10.20.30.40";
    }

    private static IEnumerable<PolicyFinding> Identity(PolicyDocument document, string? managementAccountId)
    {
        var docs = new[] { document };
        var expectedIp = ExpectedIp(docs);
        var target = ExpectedTarget(docs);
        var assumeRootStatements = document.Statements.Where(s => s.Effect == PolicyEffect.Allow && PolicyEvaluator.MatchesAction(s, AssumeRoot)).ToList();

        foreach (var statement in assumeRootStatements)
        {
            if (statement.NotResource || statement.Resources.Count == 0 || statement.Resources.Any(r => r == "*" || AnyAccount(r)))
            {
                yield return Finding("RA001", document, statement,
                    Text.Format(Messages.RA001Detail, (statement.NotResource ? "everything outside NotResource" : string.Join(", ", statement.Resources.DefaultIfEmpty("(no Resource)")))));
            }

            var taskConditions = statement.Conditions.Where(c => string.Equals(c.Key, "sts:TaskPolicyArn", StringComparison.OrdinalIgnoreCase)).ToList();
            var restricting = taskConditions.Where(c => !c.Operator.EndsWith("IfExists", StringComparison.Ordinal) && !c.Operator.Contains(':') && !PolicyParser.BaseOperator(c.Operator).Contains("Not")).ToList();
            if (restricting.Count == 0)
            {
                yield return Finding("RA002", document, statement,
                    taskConditions.Count == 0
                        ? "No condition limits which task policy the session may use, so every task policy (IAMCreateRootUserPassword included) is open."
                        : $"The sts:TaskPolicyArn condition ({string.Join("; ", taskConditions)}) does not restrict: IfExists, set operators and negated operators let other task policies through.");
            }

            // With MFA, recent MFA and an address the policy expects, a statement that still lets IAMCreateRootUserPassword
            // through beside another task policy does so by a wildcard (root-task/*) or a set: nobody chose the password task.
            // A task the same document denies explicitly does not come through (the guide's Deny of the password task
            // beside an Allow of root-task/*).
            var careful = TaskPolicies.Names.Where(t => PolicyEvaluator.Applies(statement, Request(t, true, 60, expectedIp, target)) && PolicyEvaluator.Evaluate(Request(t, true, 60, expectedIp, target), docs) != Decision.ExplicitDeny).ToList();
            if (restricting.Count > 0 && careful.Contains(TaskPolicies.CreateRootUserPassword) && careful.Count > 1)
            {
                yield return Finding("RA013", document, statement,
                    Text.Format(Messages.RA013Detail, string.Join("; ", taskConditions), string.Join(", ", careful.Where(t => t != TaskPolicies.CreateRootUserPassword))));
            }

            if (!statement.Actions.Any(a => string.Equals(a, AssumeRoot, StringComparison.OrdinalIgnoreCase)) || statement.NotAction)
            {
                yield return Finding("RA007", document, statement,
                    $"{(statement.NotAction ? "NotAction " : string.Empty)}{string.Join(", ", statement.Actions)} covers sts:AssumeRoot without naming it, so root sessions come with a broad grant nobody reviewed as one.");
            }
        }

        var createPassword = new[] { Request(TaskPolicies.CreateRootUserPassword, false, null, expectedIp, target) }
            .Concat(UnexpectedIps.Select(ip => Request(TaskPolicies.CreateRootUserPassword, true, 60, ip, target)))
            .FirstOrDefault(r => PolicyEvaluator.Evaluate(r, docs) == Decision.Allow);
        if (createPassword is not null)
        {
            var statement = Allowing(document, createPassword);
            yield return Finding("RA003", document, statement,
                createPassword.Context.ContainsKey("aws:MultiFactorAuthPresent")
                    ? $"A root session that can create a root password is allowed from {createPassword.Context["aws:SourceIp"][0]}, an address the policy does not expect: the persistence path of the kill chain."
                    : "A root session that can create a root password is allowed without MFA: the persistence path of the kill chain.");
        }

        // A grant that reaches only the read-only audit task (the guide's own AllowAssumeRootScopedToAuditOnly) reads
        // credential metadata and changes nothing: missing MFA, recent MFA or a network condition there is Low.
        var reachable = TaskPolicies.Names.Where(t => PolicyEvaluator.Evaluate(Request(t, false, null, UnexpectedIps[0], target), docs) == Decision.Allow
                                                      || PolicyEvaluator.Evaluate(Request(t, true, 60, expectedIp, target), docs) == Decision.Allow).ToList();
        var readOnly = reachable.Count > 0 && reachable.All(t => t == TaskPolicies.AuditRootUserCredentials);
        var callerSeverity = readOnly ? FindingSeverity.Low : (FindingSeverity?)null;
        var onlyAudit = readOnly ? " It reaches only the read-only IAMAuditRootUserCredentials task, so this is Low; the guide still asks MFA of every AssumeRoot path (RA-H08)." : string.Empty;
        var audit = TaskPolicies.Names.Select(t => Request(t, false, null, expectedIp, target)).FirstOrDefault(r => PolicyEvaluator.Evaluate(r, docs) == Decision.Allow);
        if (audit is not null)
        {
            yield return Finding("RA004", document, Allowing(document, audit),
                "A caller without MFA (long-term keys, or a session without aws:MultiFactorAuthPresent) can open a root session. BoolIfExists true on an Allow does not require MFA." + onlyAudit, callerSeverity);
        }
        else
        {
            var stale = TaskPolicies.Names.Select(t => Request(t, true, 86400, expectedIp, target)).FirstOrDefault(r => PolicyEvaluator.Evaluate(r, docs) == Decision.Allow);
            if (stale is not null)
            {
                yield return Finding("RA005", document, Allowing(document, stale),
                    "MFA is required but not recent: a session authenticated a day ago can still open root sessions." + onlyAudit, callerSeverity);
            }
        }

        var anyIp = TaskPolicies.Names.FirstOrDefault(t => UnexpectedIps.All(ip => PolicyEvaluator.Evaluate(Request(t, true, 60, ip, target), docs) == Decision.Allow));
        if (anyIp is not null)
        {
            yield return Finding("RA006", document, Allowing(document, Request(anyIp, true, 60, UnexpectedIps[0], target)),
                $"Root sessions ({anyIp} and possibly others) can be opened from any address." + onlyAudit, callerSeverity);
        }

        var writes = RootEquivalentIamActions.Where(a => PolicyEvaluator.Evaluate(new PolicyRequest(a, "*"), docs) == Decision.Allow).ToList();
        if (writes.Count > 0)
        {
            var statement = Allowing(document, new PolicyRequest(writes[0], "*"));
            yield return Finding("RA008", document, statement,
                Text.Format(Messages.RA008Detail, string.Join(", ", writes), (managementAccountId is null ? "are allowed" : $"are allowed in management account {managementAccountId}")), managementAccountId is null ? FindingSeverity.High : FindingSeverity.Critical);
        }
    }

    private static IEnumerable<PolicyFinding> ServiceControl(IReadOnlyList<PolicyDocument> documents)
    {
        if (!DenyMembersAssumeRoot(documents))
        {
            yield return Finding("RA009", string.Join(", ", documents.Select(d => d.Source)), null, "With these SCPs a compromised member account (or the delegated admin) can call sts:AssumeRoot.");
        }

        // A root session in a member account (aws:AssumedRoot present) doing the unlock and credential tasks.
        foreach (var document in documents)
        {
            foreach (var statement in document.Statements.Where(s => s.Effect == PolicyEffect.Deny))
            {
                var broken = new[] { "s3:DeleteBucketPolicy", "sqs:SetQueueAttributes", "iam:DeleteLoginProfile", "iam:CreateLoginProfile", "iam:ListAccessKeys" }
                    .Where(action => PolicyEvaluator.Applies(statement, new PolicyRequest(action, "*", MemberRoot).With("aws:PrincipalArn", MemberRoot).With("aws:AssumedRoot", "true").With("aws:SourceIp", "10.20.30.40")))
                    .ToList();
                var targetsRoot = PolicyEvaluator.Applies(statement, new PolicyRequest(broken.FirstOrDefault() ?? "iam:ListAccessKeys", "*", MemberRoot).With("aws:PrincipalArn", MemberRoot).With("aws:SourceIp", "10.20.30.40"));
                if (broken.Count > 0 && targetsRoot && statement.Conditions.Any(c => string.Equals(c.Key, "aws:PrincipalArn", StringComparison.OrdinalIgnoreCase)))
                {
                    yield return Finding("RA010", document, statement,
                        $"The deny matches the root user and also requests made in root sessions from sts:AssumeRoot ({string.Join(", ", broken)}), so unlocking policies and removing root credentials fail with AccessDenied.");
                }
            }
        }
    }

    private static IEnumerable<PolicyFinding> Trust(PolicyDocument document, string? managementAccountId)
    {
        foreach (var statement in document.Statements.Where(s => s.Effect == PolicyEffect.Allow && PolicyEvaluator.MatchesAction(s, "sts:AssumeRole") && s.Principals is not null))
        {
            var outsiders = statement.Principals!.Where(p => p.Key == "*" || p.Key == "AWS").SelectMany(p => p.Value)
                .Where(v => v == "*" || (managementAccountId is not null && AccountOf(v) is { } account && account != managementAccountId))
                .ToList();
            if (outsiders.Count > 0)
            {
                yield return Finding("RA011", document, statement,
                    Text.Format(Messages.RA011Detail, string.Join(", ", outsiders), (managementAccountId is null ? string.Empty : $" in management account {managementAccountId}")));
            }
        }
    }

    // The guide's own DenyAssumeRootExceptApprovedAdmin names the approved role with NotPrincipal, which AWS refuses outside
    // resource and trust policies; evaluated as written it still denies everyone else, so the finding is Low.
    private static IEnumerable<PolicyFinding> Principals(PolicyDocument document, string kind)
        => document.Statements.Where(s => s.Principals is not null).Select(s => Finding("RA015", document, s,
            $"{(s.NotPrincipal ? "NotPrincipal" : "Principal")} {string.Join(", ", s.Principals!.SelectMany(p => p.Value))} in {kind}: AWS refuses the document (principals belong in resource and trust policies)."));

    private static IEnumerable<PolicyFinding> ConditionMistakes(PolicyDocument document)
    {
        foreach (var statement in document.Statements)
        {
            foreach (var condition in statement.Conditions)
            {
                var key = condition.Key;
                var op = condition.Operator;
                string? problem = null;
                if (statement.Effect == PolicyEffect.Allow && op == "BoolIfExists" && Is(key, "aws:MultiFactorAuthPresent"))
                {
                    problem = "BoolIfExists aws:MultiFactorAuthPresent on an Allow does not require MFA: callers with long-term keys carry no MFA key and pass.";
                }
                else if (statement.Effect == PolicyEffect.Deny && op == "Bool" && Is(key, "aws:MultiFactorAuthPresent") && condition.Values.Any(v => v.Equals("false", StringComparison.OrdinalIgnoreCase)))
                {
                    problem = "A Deny with Bool aws:MultiFactorAuthPresent false never fires when the key is missing (long-term keys): use BoolIfExists.";
                }
                else if (statement.Effect == PolicyEffect.Allow && op == "IpAddressIfExists")
                {
                    problem = "IpAddressIfExists on an Allow does not restrict: requests without aws:SourceIp (AWS service calls) pass.";
                }
                else if (op.Contains(':') && SingleValuedKeys.Any(k => Is(key, k)))
                {
                    problem = $"{op} is for multivalued keys; on the single-valued {key} it does not test what it seems to (a missing key passes ForAllValues).";
                }

                if (problem is not null)
                {
                    yield return Finding("RA012", document, statement,
$"{condition}: {problem}");
                }
            }
        }
    }

    private static bool Is(string key, string name) => string.Equals(key, name, StringComparison.OrdinalIgnoreCase);

    private static bool AnyAccount(string resource) => resource.Split(':') is { Length: >= 5 } parts && parts[4].Contains('*');

    private static string? AccountOf(string principal) => AccountId.TryParse(principal, out var id) ? id.Value : principal.Split(':') is { Length: >= 5 } parts && parts[4].Length == 12 ? parts[4] : null;

    private static PolicyStatement? Allowing(PolicyDocument document, PolicyRequest request)
        => document.Statements.FirstOrDefault(s => s.Effect == PolicyEffect.Allow && PolicyEvaluator.Applies(s, request));

    private static PolicyFinding Finding(string id, PolicyDocument document, PolicyStatement? statement, string detail, FindingSeverity? severity = null)
        => RuleCatalogue.Finding(id, document.Source, statement, detail, severity);

    private static PolicyFinding Finding(string id, string source, PolicyStatement? statement, string detail)
        => RuleCatalogue.Finding(id, source, statement, detail);
}
