using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Removes root user credentials from member accounts through IAMDeleteRootUserCredentials root sessions.</summary>
[Cmdlet(VerbsCommon.Remove, "RootCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = AccountSet)]
[OutputType(typeof(RootCredentialRemoval))]
public sealed class RemoveRootCredentialCommand : FanoutCmdlet<string, RemovalPlan>
{
    public const string AccountSet = "Account";

    private RootSessionBroker? _broker;
    private RootCredentialRemover? _remover;

    /// <summary>Member accounts: ids, principal ARNs, or objects with an AccountId (Get-OrgAccount, Get-RootCredentialStatus output).</summary>
    [Parameter(ParameterSetName = AccountSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
    [ArgumentCompleter(typeof(AccountIdCompleter))]
    [ValidateAccountId]
    public string[] AccountId { get; set; } = new string[0];

    /// <summary>Which credentials to remove (default: all four kinds).</summary>
    [Parameter]
    public RootCredentialType[] CredentialType { get; set; } = RootCredentialRemover.AllTypes.ToArray();

    /// <summary>Remove without asking for confirmation (-WhatIf still only previews).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override string Activity => "Removing root credentials";

    protected override void ProcessRecord()
    {
        _broker ??= new RootSessionBroker(Context);
        _remover ??= new RootCredentialRemover(Context, _broker);
        foreach (var value in AccountId)
        {
            var accountId = AccountIds.Parse(value);
            if (!SkipManagementAccount(accountId))
            {
                Enqueue(accountId);
            }
        }
    }

    protected override void EndProcessing()
    {
        base.EndProcessing();
        _broker?.Dispose();
    }

    // Reading what exists fans out; each removal is confirmed here, on the pipeline thread, then done.
    protected override Task<RemovalPlan> RunAsync(string input, CancellationToken cancellationToken)
        => _remover!.PlanAsync(input, CredentialType.Distinct().ToArray(), cancellationToken);

    protected override string AccountOf(string input) => input;

    protected override void WriteOutput(RemovalPlan plan)
    {
        foreach (var row in plan.NotPresent())
        {
            WriteObject(row);
        }

        var approved = new System.Collections.Generic.List<RootCredentialItem>();
        foreach (var item in plan.Items)
        {
            switch (Ask($"Remove the {item.Describe()} of account {plan.AccountId}", "Remove root credential", Force.IsPresent))
            {
                case Consent.Proceed:
                    approved.Add(item);
                    break;
                case Consent.WhatIf:
                    WriteObject(new RootCredentialRemoval { AccountId = plan.AccountId, CredentialType = item.Type, CredentialId = item.Id, Action = RemovalAction.WouldRemove, Message = "-WhatIf: nothing was changed." });
                    break;
                default:
                    WriteObject(new RootCredentialRemoval { AccountId = plan.AccountId, CredentialType = item.Type, CredentialId = item.Id, Action = RemovalAction.Skipped, Message = "Not confirmed; nothing was changed." });
                    break;
            }
        }

        if (approved.Count == 0)
        {
            return;
        }

        var rows = Await(ct => Task.WhenAll(approved.Select(item => _remover!.RemoveAsync(plan, item, ct))));
        foreach (var row in rows)
        {
            WriteObject(row);
            if (row.Action == RemovalAction.Failed)
            {
                WriteError(new ErrorRecord(new System.InvalidOperationException(row.Message), "RootCredentialRemovalFailed", ErrorCategory.InvalidOperation, plan.AccountId)
                {
                    ErrorDetails = new ErrorDetails($"Account {plan.AccountId}: removing {row.CredentialType} {row.CredentialId} failed: {row.Message}"),
                });
            }
        }
    }
}
