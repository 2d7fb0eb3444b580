using System;
using System.Management.Automation;
using RootAccess.Aws;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Lists the accounts of the AWS Organization (Organizations ListAccounts, or ListAccountsForParent when walking OUs).</summary>
[Cmdlet(VerbsCommon.Get, "OrgAccount", DefaultParameterSetName = AllAccountsSet)]
[Alias("Get-OrgAccounts")]
[OutputType(typeof(OrgAccount))]
public sealed class GetOrgAccountCommand : AwsCmdlet
{
    public const string AllAccountsSet = "All";
    public const string ParentSet = "Parent";

    /// <summary>Keep only accounts in these states (default: all).</summary>
    [Parameter]
    [ValidateSet("PENDING_ACTIVATION", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED", IgnoreCase = true)]
    public string[]? State { get; set; }

    /// <summary>List the accounts under this root or OU.</summary>
    [Parameter(ParameterSetName = ParentSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateParentId]
    public string? ParentId { get; set; }

    /// <summary>Also walk the child OUs (from every root when no -ParentId is given).</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    protected override void ProcessRecord()
    {
        using var directory = new OrganizationDirectory(Context);
        var query = new AccountQuery { States = State ?? new string[0], Recurse = Recurse.IsPresent };
        if (ParentId is not null || !Recurse.IsPresent)
        {
            query.ParentId = ParentId;
            List(directory, query, ParentId ?? "the organization");
            return;
        }

        foreach (var root in Await(directory.ListRootIdsAsync))
        {
            query.ParentId = root;
            List(directory, query, root);
        }
    }

    // A listing that fails part-way (after the retries) is a non-terminating error: the accounts already written stay
    // in the pipeline, and the commands after this one still finish what they started for them (a terminating error
    // here would end them without their EndProcessing, dropping accounts already in flight).
    private void List(OrganizationDirectory directory, AccountQuery query, string target)
    {
        var listed = 0;
        try
        {
            WriteStream(directory.ListAccountsAsync(query), account =>
            {
                listed++;
                AccountCache.Remember(account);
            });
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            var what = listed == 0
                ? $"Listing the accounts of {target} failed"
                : $"Listing the accounts of {target} stopped after {listed} accounts (those were written; the rest were not, so run it again for a complete list)";
            WriteAwsError(ex, Core.ErrorIds.ListAccountsFailed, target, what);
        }
    }
}
