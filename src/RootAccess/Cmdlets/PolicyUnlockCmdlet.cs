using System.IO;
using System.Management.Automation;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// The backup-first unlock both unlock cmdlets share: read the policy, ask, write and verify the backup, and
/// only then delete. A backup that cannot be written stops that resource with nothing deleted.
/// </summary>
public abstract class PolicyUnlockCmdlet : AwsCmdlet
{
    private RootSessionBroker? _broker;
    private ResourcePolicyUnlocker? _unlocker;

    /// <summary>Folder for the backups (default: RootAccess-backups in the current location); created if missing.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BackupPath { get; set; }

    /// <summary>Unlock without asking for confirmation (-WhatIf still only previews).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected ResourcePolicyUnlocker Unlocker => _unlocker ??= new ResourcePolicyUnlocker(Context, _broker = new RootSessionBroker(Context));

    protected override void EndProcessing()
    {
        _broker?.Dispose();
        base.EndProcessing();
    }

    /// <summary>Backs up and deletes the policy of one snapshot, reporting what happened.</summary>
    protected void Unlock(PolicySnapshot snapshot)
    {
        var result = new PolicyUnlockResult { AccountId = snapshot.AccountId, ResourceType = snapshot.ResourceType, Resource = snapshot.Resource };
        if (snapshot.Policy is null)
        {
            result.Action = UnlockAction.NoPolicy;
            result.Message = "No policy to remove; nothing was changed.";
            WriteObject(result);
            return;
        }

        result.PolicySha256 = PolicyBackupStore.Sha256(snapshot.Policy);
        var kind = snapshot.ResourceType == ResourceType.S3Bucket ? "bucket" : "queue";
        switch (Ask($"Back up and delete the {kind} policy of {snapshot.Resource} in account {snapshot.AccountId}", $"Unlock {kind} policy", Force.IsPresent))
        {
            case Consent.WhatIf:
                result.Action = UnlockAction.WouldUnlock;
                result.Message = "-WhatIf: nothing was backed up or deleted.";
                WriteObject(result);
                return;
            case Consent.Declined:
                result.Action = UnlockAction.Skipped;
                result.Message = "Not confirmed; nothing was changed.";
                WriteObject(result);
                return;
        }

        PolicyBackup backup;
        try
        {
            backup = new PolicyBackupStore(BackupFolder()).Write(snapshot.AccountId, snapshot.ResourceType, snapshot.Name, snapshot.Policy);
        }
        catch (PolicyBackupException ex)
        {
            result.Action = UnlockAction.Failed;
            result.Message = ex.Message;
            WriteObject(result);
            WriteError(new ErrorRecord(ex, "PolicyBackupFailed", ErrorCategory.WriteError, snapshot.Resource) { ErrorDetails = new ErrorDetails(ex.Message) });
            return;
        }

        result.BackupPath = backup.Path;
        try
        {
            Await(async ct =>
            {
                await Unlocker.DeleteAsync(snapshot, ct).ConfigureAwait(false);
                return true;
            });
            result.Action = UnlockAction.Unlocked;
            result.Message = $"Policy deleted; restore it with Restore-ResourcePolicy -Path '{backup.Path}'.";
            WriteObject(result);
        }
        catch (AccountStepException ex)
        {
            result.Action = UnlockAction.Failed;
            result.Message = ex.Message;
            WriteObject(result);
            WriteAwsError(ex.InnerException ?? ex, ex.Step, snapshot.Resource, $"Account {snapshot.AccountId}: {ex.Description}");
        }
    }

    /// <summary>Runs a read and reports its failure as an error naming the resource; null when it failed.</summary>
    protected T? TryRead<T>(string resource, System.Func<System.Threading.CancellationToken, System.Threading.Tasks.Task<T>> read)
        where T : class
    {
        try
        {
            return Await(read);
        }
        catch (AccountStepException ex)
        {
            WriteAwsError(ex.InnerException ?? ex, ex.Step, resource, $"Account {ex.AccountId}: {ex.Description}");
            return null;
        }
    }

    private string BackupFolder()
        => BackupPath is null
            ? Path.Combine(SessionState.Path.CurrentFileSystemLocation.ProviderPath, "RootAccess-backups")
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(BackupPath);
}
