using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Policy;
using RootAccess.Root;

namespace RootAccess.Hardening;

/// <summary>RA-H07: lists the member accounts and asks, level by level along each one's OU path, whether the SCPs deny its sts:AssumeRoot.</summary>
public sealed class ServiceControlPolicyRead : IHardeningRead
{
    public string Step(Assessment assessment) => "Listing the member accounts and the SCPs on their OU paths";

    public Task RunAsync(Assessment assessment, CancellationToken cancellationToken)
        => assessment.CheckAsync("RA-H07", "organizations:ListRoots, ListAccountsForParent, ListOrganizationalUnitsForParent, ListPoliciesForTarget, DescribePolicy", async check =>
        {
            using var directory = new OrganizationDirectory(assessment.Context);
            // RA-H01 already read the organization; describe it again only if that read was refused.
            assessment.ManagementAccountId ??= (await directory.DescribeAsync(cancellationToken).ConfigureAwait(false)).ManagementAccountId;
            var members = new List<OrgAccount>();
            foreach (var root in await directory.ListRootIdsAsync(cancellationToken).ConfigureAwait(false))
            {
                await foreach (var account in directory.ListAccountsAsync(new AccountQuery { ParentId = root, Recurse = true }, cancellationToken).ConfigureAwait(false))
                {
                    if (account.AccountId != assessment.ManagementAccountId)
                    {
                        members.Add(account);
                    }
                }
            }

            assessment.Members = members;
            await JudgeAsync(assessment.Context, check, members, cancellationToken).ConfigureAwait(false);
        });

    // SCPs bind level by level: AssumeRoot is denied when any level on the path (root, OUs, account) denies it.
    private static async Task JudgeAsync(AwsContext context, HardeningCheck check, IReadOnlyList<OrgAccount> members, CancellationToken cancellationToken)
    {
        using var organizations = AwsClientFactory.CreateOrganizations(context);
        var exposed = new List<string>();
        var documents = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal);
        var levels = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var path = (member.OuPath ?? string.Empty).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Append(member.AccountId);
            var denied = false;
            foreach (var level in path)
            {
                if (!levels.TryGetValue(level, out var denies))
                {
                    var attached = await Pages.AllAsync(t => organizations.ListPoliciesForTargetAsync(level, t, cancellationToken)).ConfigureAwait(false);
                    var docs = new List<PolicyDocument>();
                    foreach (var (id, name) in attached)
                    {
                        if (!documents.TryGetValue(id, out var document))
                        {
                            document = PolicyParser.Parse(await organizations.DescribePolicyContentAsync(id, cancellationToken).ConfigureAwait(false), $"SCP {name} ({id})");
                            documents[id] = document;
                        }

                        docs.Add(document);
                    }

                    denies = AssumeRootRules.DenyMembersAssumeRoot(docs);
                    levels[level] = denies;
                }

                denied |= denies;
            }

            if (!denied)
            {
                exposed.Add($"{member.AccountId} ({member.Name}, {member.OuPath})");
            }
        }

        // The guide's trap: a root-user deny that also blocks root sessions (RA010) breaks unlocks and credential removal.
        var traps = AssumeRootRules.Analyze(documents.Values.ToList(), PolicyType.ServiceControl).Where(f => f.RuleId == "RA010").Select(f => $"{f.Source} {f.StatementSid}".Trim()).Distinct().ToList();
        check.Status = exposed.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
        check.Evidence = (exposed.Count == 0
            ? $"sts:AssumeRoot is denied on the path of all {members.Count} member accounts ({documents.Count} SCPs read)."
            : $"{exposed.Count} of {members.Count} member accounts can still call sts:AssumeRoot: {string.Join("; ", exposed)}.")
            + (traps.Count == 0 ? string.Empty : Text.Format(Messages.ScpTrapEvidence, string.Join("; ", traps)));
    }
}
