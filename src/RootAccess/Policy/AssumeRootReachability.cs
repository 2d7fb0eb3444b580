using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using RootAccess.Core;

namespace RootAccess.Policy;

/// <summary>Who can use sts:AssumeRoot with which task policy, and how they get there.</summary>
public sealed class AssumeRootReach
{
    public string Principal { get; set; } = string.Empty;

    /// <summary>A task policy name, or * when the principal can grant itself anything.</summary>
    public string TaskPolicy { get; set; } = string.Empty;

    /// <summary>The Resource patterns of the allowing statements (the member accounts reachable), joined with '; '.</summary>
    public string TargetAccounts { get; set; } = string.Empty;

    /// <summary>What the caller must have: MFA and a source IP, or not.</summary>
    public string Conditions { get; set; } = string.Empty;

    /// <summary>The grant works only with MFA.</summary>
    public bool RequiresMfa { get; set; }

    /// <summary>The grant works only from expected source addresses.</summary>
    public bool RestrictsSourceIp { get; set; }

    /// <summary>The principal is one the caller named break-glass (-BreakGlassPrincipal).</summary>
    public bool BreakGlass { get; set; }

    /// <summary>"direct", a role chain (user/a -> role/b), or the IAM write that grants it.</summary>
    public string Path { get; set; } = string.Empty;

    public FindingSeverity Severity { get; set; }

    public override string ToString() => $"{Principal} -> {TaskPolicy} ({Path})";
}

/// <summary>A user or role of an authorization details export: its identity policies (inline, attached, via groups) and trust.</summary>
public sealed class IamPrincipal
{
    public string Arn { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public List<PolicyDocument> Policies { get; } = new();

    /// <summary>A role's trust policy; null for users.</summary>
    public PolicyDocument? Trust { get; set; }

    public List<string> AttachedPolicyArns { get; } = new();

    public bool IsRole => Trust is not null;

    /// <summary>Whether its identity policies allow the action on the resource (no SCP applies in the management account).</summary>
    public bool Allows(string action, string resource) => PolicyEvaluator.Evaluate(new PolicyRequest(action, resource, Arn).With("aws:PrincipalArn", Arn), Policies) == Decision.Allow;

    public override string ToString() => Arn;
}

/// <summary>
/// Reads `aws iam get-account-authorization-details` and finds every principal that can reach sts:AssumeRoot:
/// directly, by assuming roles (any number of hops), or in one step through IAM write permissions.
/// </summary>
public static class AssumeRootReachability
{
    public static IReadOnlyList<AssumeRootReach> Analyze(string json, string source) => Analyze(Principals(json, source));

    /// <summary>
    /// As <see cref="Analyze(string, string)"/>, marking the reaches of named break-glass principals: their
    /// IAMCreateRootUserPassword grant is the guide's intended exception, Low when it needs both MFA and a source IP.
    /// </summary>
    public static IReadOnlyList<AssumeRootReach> Analyze(string json, string source, BreakGlass breakGlass)
    {
        var reaches = Analyze(json, source);
        foreach (var reach in reaches.Where(r => breakGlass.Contains(r.Principal)))
        {
            reach.BreakGlass = true;
            if (reach.TaskPolicy == TaskPolicies.CreateRootUserPassword && reach.RequiresMfa && reach.RestrictsSourceIp)
            {
                reach.Severity = FindingSeverity.Low;
            }
        }

        return reaches;
    }

    /// <summary>The users and roles of an authorization details export, each with every identity policy that applies to it.</summary>
    public static IReadOnlyList<IamPrincipal> Principals(string json, string source) => Load(json, source);

    public static IReadOnlyList<AssumeRootReach> Analyze(IReadOnlyList<IamPrincipal> principals)
    {
        var results = new List<AssumeRootReach>();
        var direct = principals.ToDictionary(p => p.Arn, p => DirectReach(p), StringComparer.Ordinal);
        var selfGrant = principals.ToDictionary(p => p.Arn, p => SelfGrant(p, principals), StringComparer.Ordinal);
        var external = principals.Where(p => p.Trust is not null).SelectMany(p => p.Trust!.Statements.Where(s => s.Effect == PolicyEffect.Allow && s.Principals is not null)
            .SelectMany(s => s.Principals!.Where(k => k.Key == "AWS" || k.Key == "*").SelectMany(k => k.Value)))
            .Where(v => principals.All(p => p.Arn != v)).Distinct().ToList();

        foreach (var start in principals.Select(p => p.Arn).Concat(external))
        {
            // Breadth-first over AssumeRole edges; each reached principal contributes what it can do.
            var paths = new Dictionary<string, string>(StringComparer.Ordinal) { [start] = Short(start) };
            var queue = new Queue<string>(new[] { start });
            while (queue.Count > 0)
            {
                var from = queue.Dequeue();
                foreach (var role in principals.Where(r => r.Trust is not null && !paths.ContainsKey(r.Arn) && CanAssume(from, principals.FirstOrDefault(p => p.Arn == from), r)))
                {
                    paths[role.Arn] = paths[from] + " -> " + Short(role.Arn);
                    queue.Enqueue(role.Arn);
                }
            }

            foreach (var reached in paths)
            {
                var hops = reached.Key == start ? "direct" : reached.Value;
                foreach (var reach in direct.TryGetValue(reached.Key, out var d) ? d : new List<AssumeRootReach>())
                {
                    results.Add(new AssumeRootReach
                    {
                        Principal = start,
                        TaskPolicy = reach.TaskPolicy,
                        TargetAccounts = reach.TargetAccounts,
                        Conditions = reach.Conditions,
                        RequiresMfa = reach.RequiresMfa,
                        RestrictsSourceIp = reach.RestrictsSourceIp,
                        Path = hops,
                        // A principal of another account reaching a root-session role is the guide's cross-account chain.
                        Severity = SameAccount(start, reached.Key) ? reach.Severity : FindingSeverity.Critical,
                    });
                }

                if (selfGrant.TryGetValue(reached.Key, out var grant) && grant is not null)
                {
                    results.Add(new AssumeRootReach
                    {
                        Principal = start,
                        TaskPolicy = "*",
                        TargetAccounts = "*",
                        Conditions = "whatever it grants itself",
                        Path = (reached.Key == start ? Short(start) : reached.Value) + " (" + grant + ")",
                        Severity = FindingSeverity.Critical,
                    });
                }
            }
        }

        return results;
    }

    private static List<AssumeRootReach> DirectReach(IamPrincipal principal)
    {
        var reach = new List<AssumeRootReach>();
        var ip = AssumeRootRules.ExpectedIp(principal.Policies);
        var target = AssumeRootRules.ExpectedTarget(principal.Policies);
        foreach (var task in TaskPolicies.Names)
        {
            var best = AssumeRootRules.Request(task, true, 0, ip, target, principal.Arn);
            if (PolicyEvaluator.Evaluate(best, principal.Policies) != Decision.Allow)
            {
                continue;
            }

            var noMfa = PolicyEvaluator.Evaluate(AssumeRootRules.Request(task, false, null, ip, target, principal.Arn), principal.Policies) == Decision.Allow;
            var anyIp = PolicyEvaluator.Evaluate(AssumeRootRules.Request(task, true, 0, "198.51.100.23", target, principal.Arn), principal.Policies) == Decision.Allow;
            var targets = principal.Policies.SelectMany(p => p.Statements).Where(s => s.Effect == PolicyEffect.Allow && PolicyEvaluator.Applies(s, best))
                .SelectMany(s => s.NotResource ? new[] { "all but " + string.Join(",", s.Resources) } : s.Resources.DefaultIfEmpty("*")).Distinct();
            var severity = task switch
            {
                TaskPolicies.CreateRootUserPassword => FindingSeverity.Critical,
                TaskPolicies.DeleteRootUserCredentials => FindingSeverity.High,
                TaskPolicies.AuditRootUserCredentials => FindingSeverity.Low,
                _ => FindingSeverity.Medium,
            };
            if (noMfa && severity < FindingSeverity.Critical)
            {
                severity++;
            }

            reach.Add(new AssumeRootReach
            {
                Principal = principal.Arn,
                TaskPolicy = task,
                TargetAccounts = string.Join("; ", targets),
                Conditions = $"MFA {(noMfa ? "not required" : "required")}; source IP {(anyIp ? "any" : "restricted")}",
                RequiresMfa = !noMfa,
                RestrictsSourceIp = !anyIp,
                Severity = severity,
            });
        }

        return reach;
    }

    // One IAM write that lets the principal grant itself sts:AssumeRoot.
    private static string? SelfGrant(IamPrincipal principal, IReadOnlyList<IamPrincipal> all)
    {
        bool Allowed(string action, string resource) => principal.Allows(action, resource);
        var isUser = principal.Arn.Contains(":user/");
        foreach (var action in isUser ? new[] { "iam:PutUserPolicy", "iam:AttachUserPolicy" } : new[] { "iam:PutRolePolicy", "iam:AttachRolePolicy" })
        {
            if (Allowed(action, principal.Arn))
            {
                return action + " on itself";
            }
        }

        foreach (var policy in principal.AttachedPolicyArns.Where(a => !a.StartsWith("arn:aws:iam::aws:", StringComparison.Ordinal)))
        {
            if (Allowed("iam:CreatePolicyVersion", policy))
            {
                return "iam:CreatePolicyVersion on its policy " + Short(policy);
            }
        }

        var target = all.FirstOrDefault(r => r.Trust is not null && r.Arn != principal.Arn && DirectReach(r).Count > 0 && Allowed("iam:UpdateAssumeRolePolicy", r.Arn));
        return target is null ? null : "iam:UpdateAssumeRolePolicy on " + Short(target.Arn);
    }

    private static bool CanAssume(string fromArn, IamPrincipal? from, IamPrincipal role)
    {
        var request = new PolicyRequest("sts:AssumeRole", role.Arn, fromArn).With("aws:PrincipalArn", fromArn).With("aws:MultiFactorAuthPresent", "true").With("aws:MultiFactorAuthAge", "0");
        var trusted = role.Trust!.Statements.Any(s => s.Effect == PolicyEffect.Allow && PolicyEvaluator.Applies(s, request))
                      && !role.Trust.Statements.Any(s => s.Effect == PolicyEffect.Deny && PolicyEvaluator.Applies(s, request));
        if (!trusted)
        {
            return false;
        }

        // Principals outside the export are judged by the trust alone; known ones also need the permission.
        // An explicit deny in the principal's own policies stops the assume even when the trust names it.
        var decision = from is null ? Decision.Allow : PolicyEvaluator.Evaluate(request, from.Policies);
        return decision == Decision.Allow || (decision != Decision.ExplicitDeny && SameAccount(fromArn, role.Arn) && TrustNamesPrincipal(role.Trust, fromArn));
    }

    // Within one account, a trust policy that names the principal's ARN grants the assume without an identity Allow.
    private static bool TrustNamesPrincipal(PolicyDocument trust, string arn)
        => trust.Statements.Any(s => s.Effect == PolicyEffect.Allow && s.Principals is not null && s.Principals.Values.Any(v => v.Contains(arn)));

    private static bool SameAccount(string a, string b) => a.Split(':').ElementAtOrDefault(4) == b.Split(':').ElementAtOrDefault(4);

    private static string Short(string arn) => arn.Contains(":user/") || arn.Contains(":role/") || arn.Contains(":policy/") ? arn.Substring(arn.LastIndexOf(':') + 1) : arn;

    private static List<IamPrincipal> Load(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
            PolicyParser.RefuseDuplicateKeys(json, source);
        }
        catch (JsonException ex)
        {
            throw new PolicyParseException(source, "not valid JSON: " + ex.Message.Split('.')[0] + ".", (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !(root.TryGetProperty("UserDetailList", out _) || root.TryGetProperty("RoleDetailList", out _)))
            {
                throw new PolicyParseException(source, "not an account authorization details export: expected UserDetailList and RoleDetailList (aws iam get-account-authorization-details).");
            }

            foreach (var list in new[] { "UserDetailList", "RoleDetailList", "GroupDetailList", "Policies" })
            {
                if (root.TryGetProperty(list, out var value) && value.ValueKind != JsonValueKind.Array)
                {
                    throw new PolicyParseException(source, $"{list} must be a list, not {value.ValueKind.ToString().ToLowerInvariant()}; pass the JSON 'aws iam get-account-authorization-details' wrote, unchanged.");
                }
            }

            var managed = Array(root, "Policies").ToDictionary<JsonElement, string, PolicyDocument?>(
                p => Text(p, "Arn"),
                p => Array(p, "PolicyVersionList").Where(v => v.TryGetProperty("IsDefaultVersion", out var d) && d.ValueKind == JsonValueKind.True).Select(v => Policy(v.GetProperty("Document"), $"{source}: {Text(p, "PolicyName")}")).FirstOrDefault(),
                StringComparer.Ordinal);
            var groups = Array(root, "GroupDetailList").ToDictionary(g => Text(g, "GroupName"), g => Inline(g, "GroupPolicyList", source).Concat(Attached(g, managed)).ToList(), StringComparer.Ordinal);
            var principals = new List<IamPrincipal>();
            foreach (var user in Array(root, "UserDetailList"))
            {
                var principal = new IamPrincipal { Arn = Text(user, "Arn"), Name = Text(user, "UserName") };
                principal.Policies.AddRange(Inline(user, "UserPolicyList", source));
                principal.Policies.AddRange(Attached(user, managed));
                principal.AttachedPolicyArns.AddRange(Array(user, "AttachedManagedPolicies").Select(a => Text(a, "PolicyArn")));
                foreach (var group in Array(user, "GroupList").Select(g => g.GetString() ?? string.Empty))
                {
                    principal.Policies.AddRange(groups.TryGetValue(group, out var list) ? list : new List<PolicyDocument>());
                }

                principals.Add(principal);
            }

            foreach (var role in Array(root, "RoleDetailList"))
            {
                var principal = new IamPrincipal { Arn = Text(role, "Arn"), Name = Text(role, "RoleName") };
                principal.Policies.AddRange(Inline(role, "RolePolicyList", source));
                principal.Policies.AddRange(Attached(role, managed));
                principal.AttachedPolicyArns.AddRange(Array(role, "AttachedManagedPolicies").Select(a => Text(a, "PolicyArn")));
                if (role.TryGetProperty("AssumeRolePolicyDocument", out var trust))
                {
                    principal.Trust = Policy(trust, $"{source}: trust of {principal.Name}");
                }

                principals.Add(principal);
            }

            return principals;
        }
    }

    private static IEnumerable<PolicyDocument> Inline(JsonElement owner, string list, string source)
        => Array(owner, list).Select(p => Policy(p.GetProperty("PolicyDocument"), $"{source}: {Text(p, "PolicyName")}"));

    private static IEnumerable<PolicyDocument> Attached(JsonElement owner, IReadOnlyDictionary<string, PolicyDocument?> managed)
        => Array(owner, "AttachedManagedPolicies").Select(a => managed.TryGetValue(Text(a, "PolicyArn"), out var p) ? p : null).Where(p => p is not null).Select(p => p!);

    // The CLI prints documents as JSON; the raw API returns them URL-encoded.
    private static PolicyDocument Policy(JsonElement element, string source)
        => PolicyParser.Parse(element.ValueKind == JsonValueKind.String ? WebUtility.UrlDecode(element.GetString()!) : element.GetRawText(), source);

    private static IEnumerable<JsonElement> Array(JsonElement element, string name)
        => element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : Enumerable.Empty<JsonElement>();

    private static string Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
}
