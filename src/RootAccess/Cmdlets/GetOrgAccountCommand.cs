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

    private void List(OrganizationDirectory directory, AccountQuery query, string target)
    {
        try
        {
            WriteStream(directory.ListAccountsAsync(query), AccountCache.Remember);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            ThrowTerminatingError(AwsErrorRecords.Create(ex, "ListAccountsFailed", target, $"Listing the accounts of {target} failed", Context));
        }
    }
}
