using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

/// <summary>
/// -BackupPath s3://bucket/prefix: where a runbook keeps backups that outlive its job. Written with the caller's own
/// credentials, verified by reading back, never overwritten, refused when tampered, restorable by its s3:// path.
/// </summary>
public sealed class S3BackupTests
{
    private const string BackupBucket = "rootaccess-backups-mgmt";

    private static async Task<SimulatedOrganization> Start()
    {
        var state = OrgBuilder.WithResources(OrgBuilder.Organization(3), 2);
        state.FindAccount(OrgBuilder.ManagementAccountId)!.Buckets.Add(new SimBucket { Name = BackupBucket });
        return await SimulatedOrganization.StartAsync(state);
    }

    private static SimBucket Backups(SimulatedOrganization org) => org.State.FindBucket(BackupBucket)!.Value.Bucket;

    [Fact]
    public async Task An_unlock_backs_up_to_s3_verifies_it_and_a_restore_from_s3_puts_the_policy_back()
    {
        await using var org = await Start();
        var locked = OrgBuilder.Bucket(2, "locked");
        var original = org.State.FindBucket(locked)!.Value.Bucket.Policy;

        var unlocked = org.Run($"Unlock-S3BucketPolicy {OrgBuilder.MemberId(2)} {locked} -BackupPath s3://{BackupBucket}/runbook/2026 -Force");
        var result = (PolicyUnlockResult)Assert.Single(unlocked.Output).BaseObject;
        var restored = org.Run("Restore-ResourcePolicy -Path $args[0] -UseRootSession -Force", result.BackupPath);

        Assert.Empty(unlocked.Errors);
        Assert.Equal(UnlockAction.Unlocked, result.Action);
        Assert.StartsWith($"s3://{BackupBucket}/runbook/2026/{OrgBuilder.MemberId(2)}_S3Bucket_{locked}_", result.BackupPath);
        var stored = Assert.Single(Backups(org).Objects);
        Assert.StartsWith("runbook/2026/", stored.Key);
        Assert.Contains(PolicyBackupStore.Sha256(original!), Encoding.UTF8.GetString(stored.Value));
        Assert.Empty(restored.Errors);
        Assert.Equal(RestoreAction.Restored, ((PolicyRestoreResult)Assert.Single(restored.Output).BaseObject).Action);
        Assert.Equal(original, org.State.FindBucket(locked)!.Value.Bucket.Policy);
    }

    [Fact]
    public async Task A_tampered_s3_record_is_refused_and_nothing_is_written()
    {
        await using var org = await Start();
        var locked = OrgBuilder.Bucket(2, "locked");
        var unlocked = (PolicyUnlockResult)Assert.Single(org.Run($"Unlock-S3BucketPolicy {OrgBuilder.MemberId(2)} {locked} -BackupPath s3://{BackupBucket}/ -Force").Output).BaseObject;
        var key = Backups(org).Objects.Keys.Single();
        var forged = Encoding.UTF8.GetString(Backups(org).Objects[key]).Replace("\\u0022Deny\\u0022", "\\u0022Allow\\u0022");
        Assert.Contains("Allow", forged);
        Backups(org).Objects[key] = Encoding.UTF8.GetBytes(forged);

        var restore = org.Run("Restore-ResourcePolicy -Path $args[0] -UseRootSession -Force", unlocked.BackupPath);

        var error = Assert.Single(restore.Errors);
        Assert.StartsWith("PolicyBackupUnreadable", error.FullyQualifiedErrorId);
        Assert.Contains(unlocked.BackupPath, error.ErrorDetails.Message);
        Assert.Null(org.State.FindBucket(locked)!.Value.Bucket.Policy);
    }

    [Fact]
    public async Task An_unwritable_or_malformed_s3_location_leaves_the_policy_in_place()
    {
        await using var org = await Start();
        var locked = OrgBuilder.Bucket(2, "locked");
        var original = org.State.FindBucket(locked)!.Value.Bucket.Policy;

        // A bucket of another account (the caller may not write it), a bucket that does not exist, and no bucket at all.
        var foreign = org.Run($"Unlock-S3BucketPolicy {OrgBuilder.MemberId(2)} {locked} -BackupPath s3://{OrgBuilder.Bucket(2, "open")}/x -Force");
        var missing = org.Run($"Unlock-S3BucketPolicy {OrgBuilder.MemberId(2)} {locked} -BackupPath s3://no-such-backup-bucket/x -Force");
        var malformed = org.Run($"Unlock-S3BucketPolicy {OrgBuilder.MemberId(2)} {locked} -BackupPath s3:// -Force");

        foreach (var run in new[] { foreign, missing, malformed })
        {
            var error = Assert.Single(run.Errors);
            Assert.StartsWith("PolicyBackupFailed", error.FullyQualifiedErrorId);
            Assert.Contains("Nothing was deleted", error.ErrorDetails.Message);
        }

        Assert.Contains("AccessDenied", foreign.Errors[0].ErrorDetails.Message);
        Assert.Contains("NoSuchBucket", missing.Errors[0].ErrorDetails.Message);
        Assert.Contains("s3://bucket-name", malformed.Errors[0].ErrorDetails.Message);
        Assert.Equal(original, org.State.FindBucket(locked)!.Value.Bucket.Policy);
        Assert.Equal(0, org.Simulator.CallCount("DeleteBucketPolicy"));
    }

    [Fact]
    public async Task An_existing_s3_record_is_never_overwritten()
    {
        await using var org = await Start();
        var caller = new RootAccess.Aws.AwsContext(new Amazon.Runtime.BasicAWSCredentials(OrgBuilder.AdminKey, OrgBuilder.AdminSecret), Amazon.RegionEndpoint.USEast1, org.Simulator.Endpoint);
        var location = S3BackupLocation.From($"s3://{BackupBucket}/p", () => RootAccess.Aws.AwsClientFactory.CreateS3(caller));
        var path = location.PathOf("a.json");

        location.SaveNew(path, Encoding.UTF8.GetBytes("first"));
        var second = Assert.Throws<System.IO.IOException>(() => location.SaveNew(path, Encoding.UTF8.GetBytes("second")));

        Assert.Equal($"s3://{BackupBucket}/p/a.json", path);
        Assert.Contains("PreconditionFailed", second.Message);
        Assert.Equal("first", Encoding.UTF8.GetString(location.Load(path)));
        Assert.Throws<PolicyBackupException>(() => S3BackupLocation.From("s3://Not_A_Bucket/p", () => throw new InvalidOperationException()));
    }
}
