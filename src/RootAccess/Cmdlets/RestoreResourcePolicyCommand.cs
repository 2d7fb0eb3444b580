using System.Management.Automation;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Puts a backed-up bucket or queue policy back, from a backup file the unlock cmdlets wrote.</summary>
[Cmdlet(VerbsData.Restore, "ResourcePolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
[OutputType(typeof(PolicyRestoreResult))]
public sealed class RestoreResourcePolicyCommand : AwsCmdlet
{
    public const string PathSet = "Path";

    private RootSessionBroker? _broker;

    /// <summary>Backup files (Unlock-* output's BackupPath, or Get-ChildItem results).</summary>
    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("BackupPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>Write the policy as the owner account's root (S3UnlockBucketPolicy / SQSUnlockQueuePolicy session) instead of as the caller.</summary>
    [Parameter]
    public SwitchParameter UseRootSession { get; set; }

    /// <summary>Restore without asking for confirmation (-WhatIf still only previews).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var value in Path)
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(value);
            PolicyBackup backup;
            try
            {
                backup = PolicyBackupStore.Read(path);
            }
            catch (PolicyBackupException ex)
            {
                WriteError(new ErrorRecord(ex, "PolicyBackupUnreadable", ErrorCategory.InvalidArgument, value) { ErrorDetails = new ErrorDetails(ex.Message) });
                continue;
            }

            var result = new PolicyRestoreResult { AccountId = backup.AccountId, ResourceType = backup.ResourceType, Resource = backup.Name, BackupPath = path, PolicySha256 = backup.Sha256 };
            var kind = backup.ResourceType == ResourceType.S3Bucket ? "bucket" : "queue";
            switch (Ask($"Write this policy to {kind} {backup.Name} in account {backup.AccountId}{(UseRootSession.IsPresent ? " as its root user" : string.Empty)}: {backup.Policy}", $"Restore {kind} policy", Force.IsPresent))
            {
                case Consent.WhatIf:
                    result.Action = RestoreAction.WouldRestore;
                    result.Message = "-WhatIf: nothing was written.";
                    WriteObject(result);
                    continue;
                case Consent.Declined:
                    result.Action = RestoreAction.Skipped;
                    result.Message = "Not confirmed; nothing was written.";
                    WriteObject(result);
                    continue;
            }

            try
            {
                var unlocker = new ResourcePolicyUnlocker(Context, _broker ??= new RootSessionBroker(Context));
                result.Resource = Await(ct => unlocker.RestoreAsync(backup, UseRootSession.IsPresent, ct));
                result.Action = RestoreAction.Restored;
                result.Message = "Policy written back from the backup.";
                WriteObject(result);
            }
            catch (AccountStepException ex)
            {
                result.Action = RestoreAction.Failed;
                result.Message = ex.Message;
                WriteObject(result);
                WriteAwsError(ex.InnerException ?? ex, ex.Step, backup.Name, $"Account {backup.AccountId}: {ex.Description}");
            }
        }
    }

    protected override void EndProcessing()
    {
        _broker?.Dispose();
        base.EndProcessing();
    }
}
