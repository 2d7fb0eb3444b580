using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Policy;
using RootAccess.Root;

namespace RootAccess.Hardening;

/// <summary>
/// The guardrails as files: each document as JSON, and one CloudFormation template (AWS::Organizations::Policy,
/// AWS::IAM::ManagedPolicy, AWS::Events::Rule) to deploy them from the management account in us-east-1.
/// </summary>
public static class GuardrailTemplate
{
    public const string TemplateFileName = "RootAccess-Guardrails.template.json";

    /// <summary>The CloudFormation template that creates and attaches every guardrail.</summary>
    public static string Render(IReadOnlyList<Guardrail> guardrails, GuardrailOptions options)
    {
        var resources = new JsonObject();
        foreach (var g in guardrails)
        {
            var id = new string(g.Name.Where(char.IsLetterOrDigit).ToArray());
            var document = JsonNode.Parse(g.Document);
            resources[id] = g.Kind switch
            {
                GuardrailKind.ServiceControlPolicy => Resource("AWS::Organizations::Policy", new JsonObject
                {
                    ["Name"] = g.Name, ["Description"] = Clip(g.Description, 512), ["Type"] = "SERVICE_CONTROL_POLICY", ["Content"] = document, ["TargetIds"] = Strings(g.Targets),
                }),
                GuardrailKind.IdentityPolicy => Resource("AWS::IAM::ManagedPolicy", WithPrincipals(new JsonObject
                {
                    ["ManagedPolicyName"] = g.Name, ["Description"] = Clip(g.Description, 1000), ["PolicyDocument"] = document,
                }, g.Targets)),
                _ => Resource("AWS::Events::Rule", new JsonObject
                {
                    ["Name"] = g.Name, ["Description"] = Clip(g.Description, 512), ["EventBusName"] = "default", ["State"] = "ENABLED", ["EventPattern"] = document,
                    ["Targets"] = new JsonArray(g.Targets.Select((t, i) => (JsonNode?)new JsonObject { ["Id"] = "Alert" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ["Arn"] = t }).ToArray()),
                }),
            };
        }

        var template = new JsonObject
        {
            ["AWSTemplateFormatVersion"] = "2010-09-09",
            ["Description"] = Core.Text.Format(Core.Messages.GuardrailTemplateDescription, options.ManagementAccountId),
            ["Resources"] = resources,
        };
        return template.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes each document as <c>&lt;Name&gt;.json</c> and the template into <paramref name="directory"/>; never over a file unless <paramref name="force"/>.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<Guardrail> guardrails, GuardrailOptions options, string directory, bool force)
    {
        var files = guardrails.Select(g => (Path: Path.Combine(directory, g.Name + ".json"), Text: Indented(g.Document)))
            .Append((Path: Path.Combine(directory, TemplateFileName), Text: Render(guardrails, options))).ToList();
        var existing = files.Where(f => File.Exists(f.Path)).Select(f => f.Path).ToList();
        if (existing.Count > 0 && !force)
        {
            throw new IOException($"{string.Join(", ", existing.Select(Path.GetFileName))} already exist(s) in {directory}; pass -Force to replace them, or another -OutputPath.");
        }

        Directory.CreateDirectory(directory);
        // Every file is written beside its place first, then all are moved in: a failure or a stop part-way leaves the
        // earlier run's files as they were and no half document.
        try
        {
            foreach (var (path, text) in files)
            {
                File.WriteAllText(path + ".partial", text + "\n", new UTF8Encoding(false));
            }

            foreach (var (path, _) in files)
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }

                File.Move(path + ".partial", path);
            }
        }
        finally
        {
            foreach (var (path, _) in files)
            {
                if (File.Exists(path + ".partial"))
                {
                    File.Delete(path + ".partial");
                }
            }
        }

        return files.Select(f => f.Path).ToList();
    }

    private static JsonObject WithPrincipals(JsonObject properties, IReadOnlyList<string> principals)
    {
        // CloudFormation attaches by name: the last segment of a role's or user's ARN (paths are not part of the name).
        string Name(string arn) => arn.Substring(arn.LastIndexOf('/') + 1);
        var roles = principals.Where(p => p.Contains(":role/")).Select(Name).ToList();
        var users = principals.Where(p => p.Contains(":user/")).Select(Name).ToList();
        if (roles.Count > 0)
        {
            properties["Roles"] = Strings(roles);
        }

        if (users.Count > 0)
        {
            properties["Users"] = Strings(users);
        }

        return properties;
    }

    private static JsonObject Resource(string type, JsonObject properties) => new() { ["Type"] = type, ["Properties"] = properties };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static string Clip(string text, int max) => text.Length <= max ? text : text.Substring(0, max - 3) + "...";

    private static string Indented(string json) => JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}

/// <summary>What New-RootAccessGuardrail reads of the organization when it is not told: the root, the members, the management account's principals.</summary>
public static class GuardrailReader
{
    public static async Task ReadAsync(AwsContext context, GuardrailOptions options, bool readTarget, bool readMembers, bool readPrincipals, CancellationToken cancellationToken)
    {
        using var directory = new OrganizationDirectory(context);
        var organization = await directory.DescribeAsync(cancellationToken).ConfigureAwait(false);
        if (options.ManagementAccountId.Length > 0 && options.ManagementAccountId != organization.ManagementAccountId)
        {
            throw new InvalidOperationException($"-ManagementAccountId {options.ManagementAccountId} is not the organization's management account ({organization.ManagementAccountId}).");
        }

        options.ManagementAccountId = organization.ManagementAccountId;
        // The partition every ARN is written in: the organization's own (GovCloud and China are not "aws").
        if (organization.Arn?.Split(':') is { Length: > 2 } arn && Core.AwsPartition.IsKnown(arn[1]))
        {
            options.Partition = arn[1];
        }

        var roots = await directory.ListRootIdsAsync(cancellationToken).ConfigureAwait(false);
        if (readTarget)
        {
            options.ScpTargetId = roots.FirstOrDefault() ?? throw new InvalidOperationException("The organization has no root to attach the SCP to.");
        }

        if (readMembers)
        {
            var members = new List<string>();
            foreach (var root in roots)
            {
                await foreach (var account in directory.ListAccountsAsync(new AccountQuery { ParentId = root, Recurse = true }, cancellationToken).ConfigureAwait(false))
                {
                    if (account.AccountId != organization.ManagementAccountId && account.State != "CLOSED")
                    {
                        members.Add(account.AccountId);
                    }
                }
            }

            options.MemberAccountIds = members;
        }

        if (readPrincipals)
        {
            var caller = await Assessment.AccountOfAsync(context, cancellationToken).ConfigureAwait(false);
            if (caller != organization.ManagementAccountId)
            {
                throw new InvalidOperationException(Core.Text.Format(Core.Messages.GuardrailPrincipalsElsewhere, organization.ManagementAccountId, caller));
            }

            using var iam = AwsClientFactory.CreateIam(context);
            var principals = AssumeRootReachability.Principals(await iam.GetAccountAuthorizationDetailsAsync(cancellationToken).ConfigureAwait(false), $"account {caller} authorization details");
            // Service-linked roles are AWS's own, and IAM Identity Center's roles (/aws-reserved/) are changed only through
            // their permission sets: no policy can be attached to either.
            options.ManagementPrincipals = principals.Select(p => p.Arn).Where(a => !a.Contains(":role/aws-service-role/") && !a.Contains(":role/aws-reserved/")).ToList();
            var reserved = principals.Count(p => p.Arn.Contains(":role/aws-reserved/"));
            if (reserved > 0)
            {
                options.Notes.Add(Core.Text.Format(Core.Messages.GuardrailReservedRoles, reserved));
            }

            // A break-glass role that trusts the whole account, or principals that are not break-glass, hands break-glass
            // to them: a deny would lock the real way in out, so it is said rather than generated.
            var glass = new BreakGlass(options.BreakGlassPrincipals);
            foreach (var role in principals.Where(p => p.IsRole && glass.Contains(p.Arn)))
            {
                var trusted = role.Trust!.Statements.Where(s => s.Effect == PolicyEffect.Allow && s.Principals is not null)
                    .SelectMany(s => s.Principals!.Where(k => k.Key == "AWS" || k.Key == "*").SelectMany(k => k.Value))
                    .Where(v => v == "*" || v == caller || v.EndsWith($":{caller}:root", StringComparison.Ordinal) || (v.Contains($":{caller}:") && !glass.Contains(v)))
                    .Distinct().ToList();
                if (trusted.Count > 0)
                {
                    options.BreakGlassTrustTooWide = true;
                    options.Notes.Add(Core.Text.Format(Core.Messages.GuardrailBreakGlassTrust, role.Arn, string.Join(", ", trusted)));
                }
            }
        }
    }
}
