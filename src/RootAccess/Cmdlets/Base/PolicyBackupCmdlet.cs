using System;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>What the cmdlets that write policy backups share: -BackupPath, the store, and the record of a read policy.</summary>
public abstract class PolicyBackupCmdlet : AwsCmdlet
{
    private ResourcePolicyUnlocker? _unlocker;

    /// <summary>The folder the user chose for backup records, or null for the durable default.</summary>
    protected abstract string? BackupFolder { get; }

    protected ResourcePolicyUnlocker Unlocker => _unlocker ??= new ResourcePolicyUnlocker(Broker);

    /// <summary>The change or ticket this step belongs to, recorded (and sealed) in the backup it writes.</summary>
    [System.Management.Automation.Parameter]
    public string? ChangeReference { get; set; }

    private BackupSeal? _seal;
    private bool _sealRead;
    private BackupSeal? _existingSeal;

    /// <summary>The backup store for -BackupPath (a folder or s3://bucket/prefix) or the durable default, sealing with this user's key (opened once per command).</summary>
    protected PolicyBackupStore Backups() => new(Location(BackupFolder ?? PolicyBackupStore.DefaultFolder()), seal: _seal ??= BackupSeal.Open());

    /// <summary>This user's key for verifying records, opened once per command; null when there is none yet (reading never creates one).</summary>
    protected BackupSeal? ExistingSeal()
    {
        if (!_sealRead)
        {
            _existingSeal = _seal ?? BackupSeal.OpenExisting();
            _sealRead = true;
        }

        return _existingSeal;
    }

    /// <summary>A folder (resolved against the current location) or an S3 prefix written with the caller's credentials.</summary>
    protected BackupLocation Location(string where)
        => BackupLocation.Parse(LocalOrS3(where), () => Context);

    /// <summary>A backup record of what was read, naming who ran the command.</summary>
    protected PolicyBackup Record(PolicySnapshot snapshot, string reason) => new()
    {
        AccountId = snapshot.AccountId,
        Partition = AwsPartition.OfRegion(snapshot.Region),
        Region = snapshot.Region,
        ResourceType = snapshot.ResourceType,
        Name = snapshot.Name,
        QueueUrl = PolicyResources.For(snapshot.ResourceType).LocatorOf(snapshot),
        CreatedBy = $"{Environment.UserName} ({Context.Credentials.GetCredentials().AccessKey})",
        Reason = reason,
        ChangeReference = string.IsNullOrWhiteSpace(ChangeReference) ? null : ChangeReference,
        Policy = snapshot.Policy!,
    };
}
