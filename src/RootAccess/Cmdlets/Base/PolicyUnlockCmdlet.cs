using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Core;
using RootAccess.Policy;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// The backup-first unlock both unlock cmdlets share: read the policy (an unlock session: inherent, it logs a Medium
/// event), refuse a policy that locks nobody out, ask, write and verify the backup record, read the policy again
/// and delete it only if it is still the one backed up. -WhatIf opens no session at all.
/// </summary>
public abstract class PolicyUnlockCmdlet : PolicyBackupCmdlet
{
    /// <summary>Folder for the backup records (default: $env:ROOTACCESS_BACKUP_PATH, else RootAccess/backups in the per-user data folder); created if missing.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BackupPath { get; set; }

    /// <summary>Delete a policy even though it does not deny every principal (by default such a policy is left alone: it is a guard, not a lock-out).</summary>
    [Parameter]
    public SwitchParameter DeleteEvenIfNotLockedOut { get; set; }

    /// <summary>Unlock without asking for confirmation (-WhatIf still only previews).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override string? BackupFolder => BackupPath;

    /// <summary>Previews with no session under -WhatIf; otherwise reads, checks, backs up, re-reads and deletes.</summary>
    protected void Unlock(AccountId account, ResourceType type, string resource, Func<CancellationToken, Task<PolicySnapshot>> read)
    {
        var accountId = account.Value;
        var kind = PolicyResources.For(type).Noun;
        try
        {
            // Refused in a preview too: -WhatIf must not promise an unlock that could never run.
            Broker.EnsurePartition(account, PolicyResources.For(type).TaskPolicy);
        }
        catch (RootSessionRefusal ex)
        {
            WriteRefusal(ex, ex.ErrorId, accountId);
            return;
        }

        var result = new PolicyUnlockResult { AccountId = accountId, ResourceType = type, Resource = resource };
        if (IsWhatIf)
        {
            Approved($"Back up and delete the {kind} policy of {resource} in account {accountId}", $"Unlock {kind} policy", Force.IsPresent, (_, _) =>
            {
                result.Action = UnlockAction.WouldUnlock;
                result.Message = "-WhatIf: no root session was opened; nothing was read, backed up or deleted.";
                return result;
            });
            return;
        }

        if (RunStep(read, resource) is not { } snapshot)
        {
            return;
        }

        result.Resource = snapshot.Resource;
        if (snapshot.Policy is null)
        {
            result.Action = UnlockAction.NoPolicy;
            result.Message = "No policy to remove; nothing was changed.";
            WriteObject(result);
            return;
        }

        result.PolicySha256 = snapshot.Sha256!;
        var denies = LockoutDetector.DescribeDenies(snapshot.Policy);
        if (!LockoutDetector.DeniesAllPrincipals(snapshot.Policy) && !DeleteEvenIfNotLockedOut.IsPresent)
        {
            Fail(result, ErrorIds.PolicyDoesNotLockOut, ErrorCategory.InvalidOperation, UnlockAction.Skipped,
                Text.Format(Messages.PolicyDoesNotLockOut, kind, snapshot.Resource, denies));
            return;
        }

        if (!Approved($"Back up and delete the {kind} policy of {snapshot.Resource} in account {accountId} (SHA-256 {result.PolicySha256}; {denies})", $"Unlock {kind} policy", Force.IsPresent, (_, message) =>
        {
            result.Action = UnlockAction.Skipped;
            result.Message = message;
            return result;
        }))
        {
            return;
        }

        PolicyBackup backup;
        try
        {
            backup = Backups().Write(Record(snapshot, "Unlock"));
        }
        catch (PolicyBackupException ex)
        {
            Fail(result, ErrorIds.PolicyBackupFailed, ErrorCategory.WriteError, UnlockAction.Failed, ex.Message);
            return;
        }

        result.BackupPath = backup.Path;
        try
        {
            Await(async ct =>
            {
                await Unlocker.DeleteIfUnchangedAsync(snapshot, ct).ConfigureAwait(false);
                return true;
            });
            result.Action = UnlockAction.Unlocked;
            result.Message = $"Policy deleted; restore it with Restore-ResourcePolicy -Path '{backup.Path}'.";
            WriteObject(result);
        }
        catch (PolicyChangedException ex)
        {
            Fail(result, ErrorIds.PolicyChangedSinceRead, ErrorCategory.InvalidOperation, UnlockAction.Failed, ex.Message);
        }
        catch (AccountStepException ex)
        {
            result.Action = UnlockAction.Failed;
            result.Message = ex.Message + $" The policy was backed up to '{backup.Path}'.";
            WriteObject(result);
            WriteStepError(ex, snapshot.Resource);
        }
    }

    private void Fail(PolicyUnlockResult result, string errorId, ErrorCategory category, UnlockAction action, string message)
    {
        result.Action = action;
        result.Message = message;
        WriteObject(result);
        WriteError(new ErrorRecord(new InvalidOperationException(message), errorId, category, result.Resource) { ErrorDetails = new ErrorDetails(message) });
    }
}
