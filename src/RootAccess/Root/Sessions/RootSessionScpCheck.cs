using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Policy;

namespace RootAccess.Root;

/// <summary>
/// Before a root session opens in a member account: whether an SCP on the account's path would deny what the session's
/// task policy does there (<see cref="RootSessionCompatibility"/>), so the command says so instead of opening a session
/// that AccessDenied ends part-way. The path (ListParents) and each level's SCPs (ListPoliciesForTarget, DescribePolicy)
/// are read once per command and shared by its accounts. A caller not allowed those reads goes on without the check.
/// </summary>
public sealed class RootSessionScpCheck : IDisposable
{
    private readonly OrganizationsClient _organizations;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _parents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<PolicyDocument>>>> _levels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<PolicyDocument>>> _documents = new(StringComparer.Ordinal);
    private volatile string? _unchecked;

    public RootSessionScpCheck(AwsContext context) => _organizations = AwsClientFactory.CreateOrganizations(context);

    /// <summary>Why the check was given up (the read that was refused), or null while it runs.</summary>
    public string? Unchecked => _unchecked;

    /// <summary>What blocks a <paramref name="taskPolicy"/> session in <paramref name="accountId"/>, said for the admin; null when nothing does (or the SCPs cannot be read).</summary>
    public async Task<string?> BlockedAsync(string accountId, string taskPolicy, CancellationToken cancellationToken)
    {
        if (_unchecked is not null)
        {
            return null;
        }

        try
        {
            var documents = new List<PolicyDocument>();
            var level = accountId;
            for (var depth = 0; depth < 8; depth++)
            {
                documents.AddRange(await Once(_levels, level, () => LevelAsync(level, cancellationToken)).ConfigureAwait(false));
                if (level.StartsWith("r-", StringComparison.Ordinal))
                {
                    break;
                }

                var child = level;
                level = await Once(_parents, child, () => ParentAsync(child, cancellationToken)).ConfigureAwait(false);
            }

            var block = RootSessionCompatibility.Blocks(documents, accountId).FirstOrDefault(b => b.TaskPolicies.Contains(taskPolicy));
            return block is null ? null : Text.Format(Messages.ScpBlocksRootSession, block.Document.Source, block.Statement.Name, taskPolicy, string.Join(", ", block.Actions));
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) && !AwsFailures.IsEndpointUnreachable(ex) && !cancellationToken.IsCancellationRequested)
        {
            _unchecked = $"the SCPs on the accounts' paths could not be read ({ex.Message})";
            return null;
        }
    }

    public void Dispose() => _organizations.Dispose();

    private async Task<string> ParentAsync(string child, CancellationToken cancellationToken)
        => (await _organizations.ListParentsAsync(child, null, cancellationToken).ConfigureAwait(false)).Items.FirstOrDefault()
           ?? throw new InvalidOperationException($"Organizations named no parent of {child}.");

    private async Task<IReadOnlyList<PolicyDocument>> LevelAsync(string target, CancellationToken cancellationToken)
    {
        var attached = await Pages.AllAsync(t => _organizations.ListPoliciesForTargetAsync(target, t, cancellationToken)).ConfigureAwait(false);
        var documents = new List<PolicyDocument>();
        foreach (var (id, name) in attached)
        {
            documents.Add(await Once(_documents, id, async () => PolicyParser.Parse(await _organizations.DescribePolicyContentAsync(id, cancellationToken).ConfigureAwait(false), $"SCP {name} ({id})")).ConfigureAwait(false));
        }

        return documents;
    }

    // One read per key, shared by the accounts that need it at the same time; a failed read is tried again next time.
    private static async Task<T> Once<T>(ConcurrentDictionary<string, Lazy<Task<T>>> cache, string key, Func<Task<T>> read)
    {
        var lazy = cache.GetOrAdd(key, _ => new Lazy<Task<T>>(read));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            cache.TryRemove(key, out _);
            throw;
        }
    }
}
