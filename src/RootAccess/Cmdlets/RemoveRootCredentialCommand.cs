using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Removes root user credentials from member accounts. What exists is read through a read-only audit session; the
/// IAMDeleteRootUserCredentials session is opened only for confirmed items, just before they are removed.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "RootCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = AccountSet)]
[OutputType(typeof(RootCredentialRemoval))]
public sealed class RemoveRootCredentialCommand : FanoutCmdlet<AccountId, RemovalPlan>
{
    public const string AccountSet = "Account";

    private RootCredentialRemover? _remover;

    /// <summary>Member accounts: ids, principal ARNs, or objects with an AccountId (Get-OrgAccount, Get-RootCredentialStatus output).</summary>
    [Parameter(ParameterSetName = AccountSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
    [ArgumentCompleter(typeof(AccountIdCompleter))]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId[] AccountId { get; set; } = new AccountId[0];

    /// <summary>The account's state (bound from Get-OrgAccount's State): an account that is not ACTIVE is skipped with a warning, with no AssumeRoot.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? State { get; set; }

    /// <summary>Which credentials to remove (default: all four kinds).</summary>
    [Parameter]
    [CredentialTypeTransformation]
    public RootCredentialType[] CredentialType { get; set; } = RootCredentialRemover.AllTypes.ToArray();

    /// <summary>Deactivate MFA even when the root password stays (by default MFA is kept while a password remains).</summary>
    [Parameter]
    public SwitchParameter AllowPasswordWithoutMfa { get; set; }

    /// <summary>Remove without asking for confirmation (-WhatIf still only previews).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override string Activity => "Removing root credentials";

    protected override string TaskPolicy => TaskPolicies.DeleteRootUserCredentials;

    protected override void ProcessRecord()
    {
        _remover ??= new RootCredentialRemover(Broker);
        foreach (var accountId in AccountId)
        {
            if (!SkipInactive(accountId, State) && !SkipManagementAccount(accountId))
            {
                Enqueue(accountId);
            }
        }
    }

    // Reading what exists fans out (read-only sessions); each removal is confirmed here, on the pipeline thread, then done.
    protected override Task<RemovalPlan> RunAsync(AccountId input, CancellationToken cancellationToken)
        => _remover!.PlanAsync(input, CredentialType.Distinct().ToArray(), cancellationToken);

    protected override string AccountOf(AccountId input) => input.Value;

    protected override void WriteOutput(RemovalPlan plan)
    {
        foreach (var row in plan.NotPresent())
        {
            WriteObject(row);
        }

        var confirmed = new List<RootCredentialItem>();
        foreach (var item in plan.Items)
        {
            if (item.Type == RootCredentialType.MfaDevice && plan.MfaHeldBack(AllowPasswordWithoutMfa.IsPresent) is { } reason)
            {
                WriteObject(Row(plan, item, RemovalAction.Skipped, reason));
                continue;
            }

            if (Approved($"Remove the {item.Describe()} of account {plan.AccountId}", "Remove root credential", Force.IsPresent, (consent, message) => Row(plan, item, consent == Consent.WhatIf ? RemovalAction.WouldRemove : RemovalAction.Skipped, message)))
            {
                confirmed.Add(item);
            }
        }

        if (confirmed.Count == 0)
        {
            return;
        }

        foreach (var row in Await(ct => _remover!.RemoveAsync(plan, confirmed, AllowPasswordWithoutMfa.IsPresent, ct)))
        {
            WriteObject(row);
            if (row.Action == RemovalAction.Failed)
            {
                WriteError(new ErrorRecord(new System.InvalidOperationException(row.Message), ErrorIds.RootCredentialRemovalFailed, ErrorCategory.InvalidOperation, plan.AccountId)
                {
                    ErrorDetails = new ErrorDetails($"Account {plan.AccountId}: removing {row.CredentialType} {row.CredentialId} failed: {row.Message}"),
                });
            }
        }
    }

    private static RootCredentialRemoval Row(RemovalPlan plan, RootCredentialItem item, RemovalAction action, string message)
        => new() { AccountId = plan.AccountId, CredentialType = item.Type, CredentialId = item.Id, Action = action, Message = message };
}
