using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Completes account ids from the organization as Get-OrgAccount last listed it in this session, by id or name. The
/// management account is never offered: AssumeRoot cannot target it, so no command that takes this completer can act on it.
/// </summary>
public sealed class AccountIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
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
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<System.Management.Automation.Runspaces.Runspace, Dictionary<string, OrgAccount>> BySession = new();

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
    {
        var accounts = Current();
        lock (accounts)
        {
            accounts[account.AccountId] = account;
        }
    }

    private static Dictionary<string, OrgAccount> Current()
        => System.Management.Automation.Runspaces.Runspace.DefaultRunspace is { } runspace
            ? BySession.GetValue(runspace, _ => new Dictionary<string, OrgAccount>(StringComparer.Ordinal))
            : new Dictionary<string, OrgAccount>();
}
