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

/// <summary>
/// RA-H07: lists the member accounts and asks, level by level along each one's OU path, whether the SCPs deny its
/// sts:AssumeRoot; RA-H16: whether the SCPs on that path deny what an AssumeRoot task session does there.
/// </summary>
public sealed class ServiceControlPolicyRead : IHardeningRead
{
    public string Step(Assessment assessment) => "Listing the member accounts and the SCPs on their OU paths";

    private const string Needs = "organizations:ListRoots, ListAccountsForParent, ListOrganizationalUnitsForParent, ListPoliciesForTarget, DescribePolicy";

    public async Task RunAsync(Assessment assessment, CancellationToken cancellationToken)
    {
        IReadOnlyList<SessionBlock>? blocks = null;
        var members = 0;
        var scp = await assessment.CheckAsync("RA-H07", Needs, async check =>
        {
            using var directory = new OrganizationDirectory(assessment.Context);
            // RA-H01 already read the organization; describe it again only if that read was refused.
            assessment.ManagementAccountId ??= (await directory.DescribeAsync(cancellationToken).ConfigureAwait(false)).ManagementAccountId;
            var list = new List<OrgAccount>();
            foreach (var root in await directory.ListRootIdsAsync(cancellationToken).ConfigureAwait(false))
            {
                await foreach (var account in directory.ListAccountsAsync(new AccountQuery { ParentId = root, Recurse = true }, cancellationToken).ConfigureAwait(false))
                {
                    if (account.AccountId != assessment.ManagementAccountId)
                    {
                        list.Add(account);
                    }
                }
            }

            assessment.Members = list;
            members = list.Count;
            blocks = await JudgeAsync(assessment.Context, check, list, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        // RA-H16 from the same reads: the SCPs that would deny what an AssumeRoot task session does.
        var sessions = ControlCatalogue.New("RA-H16");
        assessment.Checks.Add(sessions);
        if (blocks is null)
        {
            Assessment.Unknown(sessions, "the SCPs on the member accounts' paths could not be read (see RA-H07)", Needs);
            return;
        }

        sessions.Status = blocks.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
        sessions.Evidence = blocks.Count == 0
            ? $"No SCP on the paths of the {members} member accounts denies what an AssumeRoot task session does."
            : string.Join(" ", blocks.Select(b => Text.Format(Messages.RootSessionBlockEvidence, b.Scp, b.Statement, string.Join(", ", b.TaskPolicies), b.Accounts.Count, string.Join(", ", b.Accounts.Take(20)) + (b.Accounts.Count > 20 ? ", ..." : string.Empty), b.Exempted)));
    }

    /// <summary>One SCP statement that blocks task sessions, the accounts under it and the document that exempts them.</summary>
    private sealed class SessionBlock
    {
        public string Scp { get; set; } = string.Empty;

        public string Statement { get; set; } = string.Empty;

        public IReadOnlyList<string> TaskPolicies { get; set; } = Array.Empty<string>();

        public List<string> Accounts { get; } = new();

        public string Exempted { get; set; } = string.Empty;
    }

    // SCPs bind level by level: AssumeRoot is denied when any level on the path (root, OUs, account) denies it.
    private static async Task<IReadOnlyList<SessionBlock>> JudgeAsync(AwsContext context, HardeningCheck check, IReadOnlyList<OrgAccount> members, CancellationToken cancellationToken)
    {
        using var organizations = AwsClientFactory.CreateOrganizations(context);
        var exposed = new List<string>();
        var documents = new Dictionary<string, (PolicyDocument Document, string Content)>(StringComparer.Ordinal);
        var levels = new Dictionary<string, (bool Denies, List<PolicyDocument> Documents)>(StringComparer.Ordinal);
        var blocks = new Dictionary<string, SessionBlock>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var path = (member.OuPath ?? string.Empty).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Append(member.AccountId);
            var denied = false;
            var onPath = new List<PolicyDocument>();
            foreach (var level in path)
            {
                if (!levels.TryGetValue(level, out var read))
                {
                    var attached = await Pages.AllAsync(t => organizations.ListPoliciesForTargetAsync(level, t, cancellationToken)).ConfigureAwait(false);
                    var docs = new List<PolicyDocument>();
                    foreach (var (id, name) in attached)
                    {
                        if (!documents.TryGetValue(id, out var known))
                        {
                            var content = await organizations.DescribePolicyContentAsync(id, cancellationToken).ConfigureAwait(false);
                            known = (PolicyParser.Parse(content, $"SCP {name} ({id})"), content);
                            documents[id] = known;
                        }

                        docs.Add(known.Document);
                    }

                    read = (AssumeRootRules.DenyMembersAssumeRoot(docs), docs);
                    levels[level] = read;
                }

                denied |= read.Denies;
                onPath.AddRange(read.Documents);
            }

            if (!denied)
            {
                exposed.Add($"{member.AccountId} ({member.Name}, {member.OuPath})");
            }

            foreach (var block in RootSessionCompatibility.Blocks(onPath, member.AccountId))
            {
                var key = block.Document.Source + "|" + block.Statement.Name;
                if (!blocks.TryGetValue(key, out var entry))
                {
                    var content = documents.Values.First(d => ReferenceEquals(d.Document, block.Document)).Content;
                    entry = new SessionBlock { Scp = block.Document.Source, Statement = block.Statement.Name, TaskPolicies = block.TaskPolicies, Exempted = Offered(content, block.Document.Source) };
                    blocks[key] = entry;
                }

                if (!entry.Accounts.Contains(member.AccountId))
                {
                    entry.Accounts.Add(member.AccountId);
                }
            }
        }

        check.Status = exposed.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
        check.Evidence = exposed.Count == 0
            ? $"sts:AssumeRoot is denied on the path of all {members.Count} member accounts ({documents.Count} SCPs read)."
            : $"{exposed.Count} of {members.Count} member accounts can still call sts:AssumeRoot: {string.Join("; ", exposed)}.";
        return blocks.Values.ToList();
    }

    // The exempted document, or why none is offered (a statement that already conditions on aws:AssumedRoot).
    private static string Offered(string content, string source)
    {
        try
        {
            return Compact(RootSessionCompatibility.Exempt(content, source));
        }
        catch (InvalidOperationException ex)
        {
            return "none offered: " + ex.Message;
        }
    }

    private static string Compact(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return System.Text.Json.JsonSerializer.Serialize(document.RootElement);
    }
}
