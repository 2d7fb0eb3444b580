using System.Collections;
using System.Linq;
using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Turns what a user gives an account-id parameter into <see cref="AccountId"/> once, at the binder: a 12-digit id,
/// an account's principal ARN (its partition kept), a root session, or any object with an AccountId property.
/// Text that is not an id becomes an unreadable <see cref="AccountId"/> that <see cref="ValidateAccountIdAttribute"/>
/// then refuses, so the user sees what is wrong and what is accepted; no cmdlet parses an account id.
/// </summary>
public sealed class AccountIdTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is not string && value is not IDictionary && value is IEnumerable many)
        {
            return many.Cast<object?>().Select(One).ToArray();
        }

        return One(inputData);
    }

    private static object? One(object? input)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        switch (value)
        {
            case null:
                return null;
            case AccountId id:
                return id;
            case RootSession session:
                return session.Account;
            case string text:
                return AccountId.TryParse(text, out var parsed) ? parsed : AccountId.Unreadable(text);
            case IDictionary dictionary:
                return dictionary.Contains("AccountId") ? One(dictionary["AccountId"]) : value;
            case int or long or decimal:
                return AccountId.TryParse(value.ToString(), out var number) ? number : AccountId.Unreadable(value.ToString());
        }

        // Get-OrgAccount rows, AWS.Tools' account objects, or a hashtable: whatever carries an AccountId.
        var property = (input as PSObject ?? PSObject.AsPSObject(value)).Properties["AccountId"]?.Value;
        return property is null ? value : One(property);
    }
}
