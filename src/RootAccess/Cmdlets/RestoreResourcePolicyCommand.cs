using System.Collections.Generic;
using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Policy;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Puts a backed-up bucket or queue policy back from a backup record the unlock cmdlets wrote. The record is verified
/// (hash, names, account, region) first, and the policy in place now is itself backed up before it is overwritten.
/// </summary>
[Cmdlet(VerbsData.Restore, "ResourcePolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
[OutputType(typeof(PolicyRestoreResult))]
public sealed class RestoreResourcePolicyCommand : PolicyBackupCmdlet
{
    public const string PathSet = "Path";

    public const string LiteralPathSet = "LiteralPath";

    /// <summary>Backup files (Unlock-* output's BackupPath, or Get-ChildItem results); wildcards allowed.</summary>
    [SupportsWildcards]
    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("BackupPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>Files or folders named exactly as written: [ and ] are part of the name, not wildcards.</summary>
    [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = new string[0];

    /// <summary>Write the policy as the owner account's root (S3UnlockBucketPolicy / SQSUnlockQueuePolicy session) instead of as the caller.</summary>
    [Parameter]
    public SwitchParameter UseRootSession { get; set; }

    /// <summary>Folder for the backup of the policy a restore replaces (default: as for the unlock cmdlets' -BackupPath).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UndoBackupPath { get; set; }

    /// <summary>
    /// Restore a record your backup key does not vouch for (written under another user's key, on another machine, or
    /// altered since): only after you have compared it with what you unlocked. The confirmation shows what it changes.
    /// </summary>
    [Parameter]
    public SwitchParameter AllowUnverifiedBackup { get; set; }

    /// <summary>Restore a policy that grants everyone, or principals of other accounts, access to the resource.</summary>
    [Parameter]
    public SwitchParameter AllowCrossAccountPolicy { get; set; }

    /// <summary>Restore without asking for confirmation (-WhatIf still only previews).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override string? BackupFolder => UndoBackupPath;

    // The resources this call has restored, with the record each came from.
    private readonly Dictionary<string, string> _restored = new(System.StringComparer.Ordinal);

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var value in literal ? LiteralPath : Path)
        {
            foreach (var path in Resolve(value, literal))
            {
                Restore(path);
            }
        }
    }

    // An s3:// record is read as named (no wildcards in S3); a file path goes through the one -Path resolver.
    private IEnumerable<string> Resolve(string value, bool literal)
        => S3BackupLocation.IsS3(value)
            ? new[] { value }
            : InputPaths.Files(this, new[] { value }, "Pass the BackupPath an unlock wrote (a file or s3://bucket/key), or a wildcard such as 'backups/*.json'.", folderFiles: null, literal: literal);

    private void Restore(string path)
    {
        PolicyBackup backup;
        try
        {
            backup = S3BackupLocation.IsS3(path) ? PolicyBackupStore.Read(path, Location(path), ExistingSeal()) : PolicyBackupStore.Read(path, ExistingSeal());
        }
        catch (PolicyBackupException ex)
        {
            WriteError(new ErrorRecord(ex, ErrorIds.PolicyBackupUnreadable, ErrorCategory.InvalidData, path) { ErrorDetails = new ErrorDetails(ex.Message) });
            return;
        }

        // One call writes a resource once: with a wildcard, two records of one resource would let the last one win.
        var resourceKey = backup.ResourceArn;
        if (_restored.TryGetValue(resourceKey, out var first))
        {
            var message = Text.Format(Messages.SecondBackupOfResource, path, resourceKey, first);
            WriteError(new ErrorRecord(new PolicyBackupException(message), ErrorIds.ConflictingParameters, ErrorCategory.InvalidArgument, path) { ErrorDetails = new ErrorDetails(message) });
            return;
        }

        _restored[resourceKey] = path;

        // A preview of an unverified record is allowed: it is how the admin reviews it before -AllowUnverifiedBackup.
        if (!backup.Verified && !AllowUnverifiedBackup.IsPresent && !IsWhatIf)
        {
            var why = backup.Seal is null ? "it carries no seal" : "its seal does not verify: it was sealed under another key, or changed after it was written";
            var message = Text.Format(Messages.BackupUnverified, path, BackupSeal.DefaultKeyPath(), why);
            WriteError(new ErrorRecord(new PolicyBackupException(message), ErrorIds.PolicyBackupUnverified, ErrorCategory.SecurityError, path) { ErrorDetails = new ErrorDetails(message) });
            return;
        }

        if (PolicyExposure.BeyondAccount(backup.Policy, backup.AccountId) is { Count: > 0 } grants && !AllowCrossAccountPolicy.IsPresent)
        {
            var message = Text.Format(Messages.PolicyGrantsBeyondAccount, path, backup.AccountId, string.Join("; ", grants));
            WriteError(new ErrorRecord(new PolicyBackupException(message), ErrorIds.PolicyGrantsBeyondAccount, ErrorCategory.SecurityError, path) { ErrorDetails = new ErrorDetails(message) });
            return;
        }

        var result = new PolicyRestoreResult { AccountId = backup.AccountId, ResourceType = backup.ResourceType, Resource = backup.QueueUrl ?? backup.Name, BackupPath = path, PolicySha256 = backup.Sha256 };
        var kind = PolicyResources.For(backup.ResourceType).Noun;
        var description = (backup.Verified ? string.Empty : "UNVERIFIED backup (your backup key does not vouch for it). ") + Text.Format(Messages.RestoreDescription, backup.Sha256, backup.CreatedAt, backup.CreatedBy, kind, result.Resource, backup.AccountId, (UseRootSession.IsPresent ? " as its root user" : string.Empty), backup.Policy, backup.Reason.Length == 0 ? "an unknown step" : backup.Reason == "Restore" ? "a restore (an undo record)" : "an unlock");
        if (IsWhatIf)
        {
            Approved(description, $"Restore {kind} policy", Force.IsPresent, (_, _) => Row(result, RestoreAction.WouldRestore, "-WhatIf: nothing was read or written."));
            return;
        }

        PolicySnapshot current;
        try
        {
            current = Await(ct => Unlocker.ReadTargetAsync(backup, UseRootSession.IsPresent, ct));
        }
        catch (AccountStepException ex)
        {
            WriteRestoreError(ex, path, result.Resource);
            return;
        }

        if (current.Policy == backup.Policy)
        {
            WriteObject(Row(result, RestoreAction.Skipped, "The policy in place is already this one; nothing was written."));
            return;
        }

        var changes = string.Join(System.Environment.NewLine, PolicyDiff.Statements(current.Policy, backup.Policy));
        if (!backup.Verified)
        {
            // Even with -Force (a runbook), what an unverified record changes is said before it is written.
            WriteWarning($"Restoring an UNVERIFIED backup '{path}' to {result.Resource}. Statements it removes (-) and adds (+):{System.Environment.NewLine}{changes}");
        }

        if (!Approved(description + (current.Policy is null ? string.Empty : $" (the policy in place now, SHA-256 {current.Sha256}, is backed up first)") + System.Environment.NewLine + "Statements it removes (-) and adds (+):" + System.Environment.NewLine + changes, $"Restore {kind} policy", Force.IsPresent, (_, message) => Row(result, RestoreAction.Skipped, message)))
        {
            return;
        }

        var undo = string.Empty;
        if (current.Policy is not null)
        {
            try
            {
                undo = Backups().Write(Record(current, "Restore")).Path;
            }
            catch (PolicyBackupException ex)
            {
                var message = ex.Message.Replace("Nothing was deleted", "Nothing was overwritten").Replace("-BackupPath", "-UndoBackupPath");
                WriteObject(Row(result, RestoreAction.Failed, message));
                WriteError(new ErrorRecord(ex, ErrorIds.PolicyBackupFailed, ErrorCategory.WriteError, result.Resource) { ErrorDetails = new ErrorDetails(message) });
                return;
            }
        }

        try
        {
            result.Resource = Await(ct => Unlocker.WriteAsync(current, backup.Policy, ct));
            WriteObject(Row(result, RestoreAction.Restored, "Policy written back from the backup." + (undo.Length == 0 ? string.Empty : $" The policy it replaced is in '{undo}'.")));
        }
        catch (AccountStepException ex)
        {
            WriteObject(Row(result, RestoreAction.Failed, ex.Message));
            WriteRestoreError(ex, path, result.Resource);
        }
    }

    // A restore's errors name the backup file they came from: with a wildcard -Path, that is what the admin needs to see.
    private void WriteRestoreError(AccountStepException ex, string path, string resource)
    {
        var record = StepErrorRecord(ex, resource);
        var denied = record.CategoryInfo.Category == ErrorCategory.PermissionDenied;
        record.ErrorDetails = new ErrorDetails($"Restoring from '{path}': {record.ErrorDetails.Message}")
        {
            // The caller is often denied by the very policy being restored, or is not the owner account: the owner's root is not.
            RecommendedAction = denied && !UseRootSession.IsPresent
                ? "Run it again with -UseRootSession: the owner account's root (an S3UnlockBucketPolicy or SQSUnlockQueuePolicy session) may write the policy when the caller may not."
                : record.ErrorDetails.RecommendedAction,
        };
        WriteAwsError(ex.InnerException ?? ex, record);
    }

    private static PolicyRestoreResult Row(PolicyRestoreResult result, RestoreAction action, string message)
    {
        result.Action = action;
        result.Message = message;
        return result;
    }
}
