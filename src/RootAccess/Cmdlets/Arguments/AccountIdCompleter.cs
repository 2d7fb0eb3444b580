using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Completes account ids from the organization, by id or name: as Get-OrgAccount last listed it in this session, or,
/// when it has not run yet, from one listing the completer makes itself (the command line's -Region, -ProfileName and
/// -EndpointUrl, else the session's defaults), bounded to a few seconds and silent when it fails. The management
/// account is never offered: AssumeRoot cannot target it, so no command that takes this completer can act on it.
/// </summary>
public sealed class AccountIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        AccountCache.ListOnce(fakeBoundParameters);
        return AccountCache.Accounts
            .Where(a => !a.IsManagementAccount)
            .Where(a => a.AccountId.StartsWith(typed, StringComparison.Ordinal) || (a.Name ?? string.Empty).IndexOf(typed, StringComparison.OrdinalIgnoreCase) >= 0)
            .OrderBy(a => a.AccountId, StringComparer.Ordinal)
            .Select(a => new CompletionResult(a.AccountId, $"{a.AccountId} ({a.Name})", CompletionResultType.ParameterValue, $"{a.Name} <{a.Email}> {a.State}"));
    }
}

/// <summary>The accounts Get-OrgAccount has listed in each session (runspace), for completion.</summary>
internal static class AccountCache
{
    // A Tab must not hang on a slow or unreachable endpoint; after a failed listing the completer waits before trying again.
    private static readonly TimeSpan ListingBudget = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<System.Management.Automation.Runspaces.Runspace, Dictionary<string, OrgAccount>> BySession = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<System.Management.Automation.Runspaces.Runspace, object> LastAttempt = new();

    /// <summary>
    /// Lists the organization for completion when this session has no accounts yet: at most once per session while it
    /// works, again after <see cref="RetryAfter"/> when it failed. Any failure (no credentials, denied, timed out) only
    /// means no completions.
    /// </summary>
    public static void ListOnce(IDictionary fakeBoundParameters)
    {
        var runspace = System.Management.Automation.Runspaces.Runspace.DefaultRunspace;
        if (runspace is null || Accounts.Count > 0)
        {
            return;
        }

        if (LastAttempt.TryGetValue(runspace, out var last) && DateTime.UtcNow - (DateTime)last < RetryAfter)
        {
            return;
        }

        LastAttempt.Remove(runspace);
        LastAttempt.Add(runspace, DateTime.UtcNow);
        try
        {
            var context = AwsContextResolver.Resolve(new AwsContextRequest
            {
                Region = Bound(fakeBoundParameters, "Region"),
                ProfileName = Bound(fakeBoundParameters, "ProfileName"),
                ProfileLocation = Bound(fakeBoundParameters, "ProfileLocation"),
                EndpointUrl = Bound(fakeBoundParameters, "EndpointUrl"),
                StoredCredentials = AwsToolsSession.CredentialsIn(AwsToolsSession.GlobalValue(AwsToolsSession.CredentialsVariable)),
                StoredRegion = AwsToolsSession.RegionIn(AwsToolsSession.GlobalValue(AwsToolsSession.RegionVariable)),
            });
            using var budget = new CancellationTokenSource(ListingBudget);
            using var directory = new OrganizationDirectory(context);
            Task.Run(async () =>
            {
                await foreach (var account in directory.ListAccountsAsync(new AccountQuery(), budget.Token).ConfigureAwait(false))
                {
                    Remember(account, runspace);
                }
            }).Wait(budget.Token);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException))
        {
            // Completion never reports: a failed listing is no completions, and Get-OrgAccount says why when run.
        }
    }

    private static string? Bound(IDictionary parameters, string name)
        => parameters?[name] is { } value && (value is PSObject wrapped ? wrapped.BaseObject : value) is string text && text.Length > 0 ? text : null;

    public static IReadOnlyList<OrgAccount> Accounts
    {
        get
        {
            var accounts = Current();
            lock (accounts)
            {
                return accounts.Values.ToList();
            }
        }
    }

    public static void Remember(OrgAccount account)
        => Remember(account, System.Management.Automation.Runspaces.Runspace.DefaultRunspace);

    private static void Remember(OrgAccount account, System.Management.Automation.Runspaces.Runspace? runspace)
    {
        var accounts = Current(runspace);
        lock (accounts)
        {
            accounts[account.AccountId] = account;
        }
    }

    private static Dictionary<string, OrgAccount> Current(System.Management.Automation.Runspaces.Runspace? runspace = null)
        => (runspace ?? System.Management.Automation.Runspaces.Runspace.DefaultRunspace) is { } session
            ? BySession.GetValue(session, _ => new Dictionary<string, OrgAccount>(StringComparer.Ordinal))
            : new Dictionary<string, OrgAccount>();
}
