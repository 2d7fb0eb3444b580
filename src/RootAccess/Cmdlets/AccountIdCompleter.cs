using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Completes account ids from the organization as Get-OrgAccount last listed it in this process, by id or name.</summary>
public sealed class AccountIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return AccountCache.Accounts
            .Where(a => a.AccountId.StartsWith(typed, StringComparison.Ordinal) || (a.Name ?? string.Empty).IndexOf(typed, StringComparison.OrdinalIgnoreCase) >= 0)
            .OrderBy(a => a.AccountId, StringComparer.Ordinal)
            .Select(a => new CompletionResult(a.AccountId, $"{a.AccountId} ({a.Name})", CompletionResultType.ParameterValue, $"{a.Name} <{a.Email}> {a.State}"));
    }
}

/// <summary>The accounts Get-OrgAccount listed most recently, for completion.</summary>
internal static class AccountCache
{
    private static readonly object Gate = new();
    private static Dictionary<string, OrgAccount> _accounts = new(StringComparer.Ordinal);

    public static IReadOnlyList<OrgAccount> Accounts
    {
        get
        {
            lock (Gate)
            {
                return _accounts.Values.ToList();
            }
        }
    }

    public static void Remember(OrgAccount account)
    {
        lock (Gate)
        {
            _accounts[account.AccountId] = account;
        }
    }
}
