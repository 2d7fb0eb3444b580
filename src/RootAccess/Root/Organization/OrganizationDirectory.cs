using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;

namespace RootAccess.Root;

/// <summary>What to list: every account, or the accounts under one parent (and its child OUs).</summary>
public sealed class AccountQuery
{
    /// <summary>Account states to keep; empty keeps all.</summary>
    public IReadOnlyCollection<string> States { get; set; } = Array.Empty<string>();

    public string? ParentId { get; set; }

    public bool Recurse { get; set; }
}

/// <summary>Lists the organization's accounts page by page, so callers can stream them as they arrive.</summary>
public sealed class OrganizationDirectory : IDisposable
{
    public static readonly IReadOnlyList<string> AccountStates = new[] { "PENDING_ACTIVATION", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED" };

    private readonly OrganizationsClient _organizations;
    private OrganizationInfo? _organization;

    public OrganizationDirectory(AwsContext context)
        : this(AwsClientFactory.CreateOrganizations(context))
    {
    }

    internal OrganizationDirectory(OrganizationsClient organizations) => _organizations = organizations;

    public async Task<OrganizationInfo> DescribeAsync(CancellationToken cancellationToken)
        => _organization ??= await _organizations.DescribeOrganizationAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<string>> ListRootIdsAsync(CancellationToken cancellationToken)
        => await Pages.AllAsync(token => _organizations.ListRootsAsync(token, cancellationToken)).ConfigureAwait(false);

    public async IAsyncEnumerable<OrgAccount> ListAccountsAsync(AccountQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var organization = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        var states = new HashSet<string>(query.States, StringComparer.OrdinalIgnoreCase);
        bool Keep(OrganizationsAccount a) => states.Count == 0 || (a.State is not null && states.Contains(a.State));

        if (query.ParentId is null)
        {
            await foreach (var account in Pages.StreamAsync(token => _organizations.ListAccountsAsync(token, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                if (Keep(account))
                {
                    yield return ToOrgAccount(account, organization, null);
                }
            }

            yield break;
        }

        // Each parent with its path from the organization's root, in ids (r-.../ou-.../ou-...) and in names
        // (Root/Workloads/Production): a walk that starts at an OU first climbs to the root.
        var (startIds, startNames) = await PathOfAsync(query.ParentId, cancellationToken).ConfigureAwait(false);
        var parents = new Queue<(string Id, string Path, string Names)>();
        parents.Enqueue((query.ParentId, startIds, startNames));
        while (parents.Count > 0)
        {
            var (parent, path, names) = parents.Dequeue();
            await foreach (var account in Pages.StreamAsync(token => _organizations.ListAccountsForParentAsync(parent, token, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                if (Keep(account))
                {
                    var row = ToOrgAccount(account, organization, parent);
                    row.OuPath = path;
                    row.OuNames = names;
                    yield return row;
                }
            }

            if (query.Recurse)
            {
                var children = await Pages.AllAsync(next => _organizations.ListNamedOrganizationalUnitsAsync(parent, next, cancellationToken)).ConfigureAwait(false);
                foreach (var (child, name) in children)
                {
                    parents.Enqueue((child, path + "/" + child, names + "/" + name));
                }
            }
        }
    }

    // The ids and names from the root down to a parent (a root is its own path).
    private async Task<(string Ids, string Names)> PathOfAsync(string parentId, CancellationToken cancellationToken)
    {
        var ids = new List<string> { parentId };
        while (!ids[0].StartsWith("r-", StringComparison.Ordinal) && ids.Count < 8)
        {
            List<string> up;
            try
            {
                up = await Pages.AllAsync(next => _organizations.ListParentsAsync(ids[0], next, cancellationToken)).ConfigureAwait(false);
            }
            catch (Amazon.Runtime.AmazonServiceException ex) when (ex.ErrorCode == "ChildNotFoundException")
            {
                // An unknown parent: the listing itself says so (ParentNotFoundException), naming -ParentId.
                return (parentId, parentId);
            }

            if (up.Count == 0)
            {
                break;
            }

            ids.Insert(0, up[0]);
        }

        var names = new List<string>();
        var roots = await Pages.AllAsync(next => _organizations.ListNamedRootsAsync(next, cancellationToken)).ConfigureAwait(false);
        names.Add(roots.FirstOrDefault(r => r.Id == ids[0]).Name ?? ids[0]);
        for (var i = 1; i < ids.Count; i++)
        {
            var level = ids[i];
            var siblings = await Pages.AllAsync(next => _organizations.ListNamedOrganizationalUnitsAsync(ids[i - 1], next, cancellationToken)).ConfigureAwait(false);
            names.Add(siblings.FirstOrDefault(o => o.Id == level).Name ?? level);
        }

        return (string.Join("/", ids), string.Join("/", names));
    }

    public void Dispose() => _organizations.Dispose();

    private static OrgAccount ToOrgAccount(OrganizationsAccount account, OrganizationInfo organization, string? parentId) => new()
    {
        AccountId = account.Id,
        Name = account.Name,
        Email = account.Email,
        State = account.State,
        JoinedMethod = account.JoinedMethod,
        JoinedTimestamp = account.JoinedTimestamp,
        Arn = account.Arn,
        IsManagementAccount = account.Id == organization.ManagementAccountId,
        ParentId = parentId,
    };
}
