using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Deletes an S3 bucket policy that locked everyone out, as the owner account's root (S3UnlockBucketPolicy),
/// after backing it up. Without -BucketName it lists the account's buckets that have a policy.
/// </summary>
[Cmdlet(VerbsCommon.Unlock, "S3BucketPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ListSet)]
[OutputType(typeof(PolicyUnlockResult), ParameterSetName = new[] { BucketSet })]
[OutputType(typeof(ResourcePolicyInfo), ParameterSetName = new[] { ListSet })]
public sealed class UnlockS3BucketPolicyCommand : PolicyUnlockCmdlet
{
    public const string ListSet = "List";
    public const string BucketSet = "Bucket";

    /// <summary>The account that owns the bucket.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
    [ArgumentCompleter(typeof(AccountIdCompleter))]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId AccountId { get; set; }

    /// <summary>The buckets to unlock.</summary>
    [Parameter(ParameterSetName = BucketSet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Bucket")]
    [ValidateBucketName]
    public string[] BucketName { get; set; } = new string[0];

    /// <summary>The account's state (bound from Get-OrgAccount's State): an account that is not ACTIVE is skipped with a warning, with no AssumeRoot.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? State { get; set; }

    protected override void ProcessRecord()
    {
        var account = AccountId;
        if (SkipInactive(account, State))
        {
            return;
        }

        if (ParameterSetName == ListSet)
        {
            foreach (var info in RunStep(ct => Unlocker.ListBucketPoliciesAsync(account, ct), account.Value) ?? new ResourcePolicyInfo[0])
            {
                WriteObject(info);
            }

            return;
        }

        foreach (var bucket in BucketName)
        {
            Unlock(account, ResourceType.S3Bucket, bucket, ct => Unlocker.ReadBucketAsync(account, bucket, ct));
        }
    }
}
