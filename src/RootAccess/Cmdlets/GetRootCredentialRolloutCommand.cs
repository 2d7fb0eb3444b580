using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Reads a rollout's state: one row per account, or with -Summary the counts per state.</summary>
[Cmdlet(VerbsCommon.Get, "RootCredentialRollout")]
[OutputType(typeof(RolloutAccountStatus), typeof(RolloutSummary))]
public sealed class GetRootCredentialRolloutCommand : AwsCmdlet
{
    /// <summary>The rollout's state: a file, or s3://bucket/key (read with the caller's credentials).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string StatePath { get; set; } = string.Empty;

    /// <summary>One object with the counts per state, whether the rollout is complete, and why its last run stopped.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            using var store = RolloutStore.Parse(LocalOrS3(StatePath), () => Context);
            var (document, _) = RolloutRun.Load(store);
            if (document is null)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"No rollout state at '{store.Where}'."), ErrorIds.RolloutStateNotFound, ErrorCategory.ObjectNotFound, StatePath)
                {
                    ErrorDetails = new ErrorDetails($"No rollout state at '{store.Where}'. Pass the -StatePath an Invoke-RootCredentialRollout run wrote."),
                });
                return;
            }

            if (Summary.IsPresent)
            {
                WriteObject(RolloutSummary.Of(document, store.Where));
                return;
            }

            foreach (var record in document.Accounts)
            {
                WriteObject(RolloutAccountStatus.Of(document, record));
            }
        }
        catch (RolloutStateException ex)
        {
            WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidData, StatePath) { ErrorDetails = new ErrorDetails(ex.Message) });
        }
    }
}
