using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

public sealed class PolicyUnlockTests : IDisposable
{
    private readonly string _backups = Path.Combine(Path.GetTempPath(), "rootaccess-backups-" + Guid.NewGuid());

    public void Dispose()
    {
        if (Directory.Exists(_backups))
        {
            Directory.Delete(_backups, true);
        }
    }

    private static Task<SimulatedOrganization> Start() => SimulatedOrganization.StartAsync(OrgBuilder.WithResources(OrgBuilder.Organization(3), 2));

    private static string Id => OrgBuilder.MemberId(2);

    private static SimBucket Bucket(SimulatedOrganization org, string kind) => org.State.FindBucket(OrgBuilder.Bucket(2, kind))!.Value.Bucket;

    private static PolicyUnlockResult Single(Playground.ScriptResult result) => (PolicyUnlockResult)Assert.Single(result.Output).BaseObject;

    [Fact]
    public async Task Unlocking_a_bucket_backs_up_the_policy_byte_for_byte_then_deletes_it()
    {
        await using var org = await Start();
        var original = Bucket(org, "locked").Policy!;

        var unlocked = org.Run($"Unlock-S3BucketPolicy {Id} {OrgBuilder.Bucket(2, "locked")} -BackupPath $args[0] -Force", _backups);
        var again = org.Run($"Unlock-S3BucketPolicy {Id} {OrgBuilder.Bucket(2, "locked")} -BackupPath $args[0] -Force", _backups);

        Assert.Empty(unlocked.Errors);
        var result = Single(unlocked);
        Assert.Equal(UnlockAction.Unlocked, result.Action);
        Assert.Null(Bucket(org, "locked").Policy);
        Assert.Equal(Encoding.UTF8.GetBytes(original), Encoding.UTF8.GetBytes(PolicyBackupStore.Read(result.BackupPath).Policy));
        Assert.Equal(PolicyBackupStore.Sha256(original), result.PolicySha256);
        Assert.StartsWith(Path.Combine(_backups, $"{Id}_S3Bucket_{OrgBuilder.Bucket(2, "locked")}_"), result.BackupPath);
        Assert.Equal(UnlockAction.NoPolicy, Single(again).Action);
        Assert.Single(Directory.GetFiles(_backups));
    }

    [Fact]
    public async Task WhatIf_changes_nothing_and_writes_no_backup()
    {
        await using var org = await Start();
        var before = org.State.ToJson();

        var result = org.Run($"Unlock-S3BucketPolicy {Id} {OrgBuilder.Bucket(2, "locked")} -BackupPath $args[0] -WhatIf; Unlock-SQSQueuePolicy -AccountId {Id} -QueueName locked-queue -BackupPath $args[0] -WhatIf", _backups);

        Assert.Empty(result.Errors);
        Assert.All(result.Output, o => Assert.Equal(UnlockAction.WouldUnlock, ((PolicyUnlockResult)o.BaseObject).Action));
        Assert.Equal(2, result.Output.Count);
        Assert.Equal(before, org.State.ToJson());
        Assert.False(Directory.Exists(_backups));
    }

    [Fact]
    public async Task An_unwritable_backup_path_leaves_the_policy_in_place()
    {
        await using var org = await Start();
        Directory.CreateDirectory(_backups);
        var file = Path.Combine(_backups, "not-a-folder.txt");
        File.WriteAllText(file, "x");

        var result = org.Run($"Unlock-S3BucketPolicy {Id} {OrgBuilder.Bucket(2, "locked")} -BackupPath $args[0] -Force", file);

        Assert.Equal(UnlockAction.Failed, Single(result).Action);
        var error = Assert.Single(result.Errors);
        Assert.Equal("PolicyBackupFailed,RootAccess.Cmdlets.UnlockS3BucketPolicyCommand", error.FullyQualifiedErrorId);
        Assert.Contains("is a file", error.ErrorDetails.Message);
        Assert.Contains("Nothing was deleted", error.ErrorDetails.Message);
        Assert.NotNull(Bucket(org, "locked").Policy);
        Assert.Equal(0, org.Simulator.CallCount("DeleteBucketPolicy"));
    }

    [Fact]
    public async Task Without_a_bucket_name_the_account_buckets_with_policies_are_listed()
    {
        await using var org = await Start();

        var result = org.Run($"Unlock-S3BucketPolicy {Id}");

        Assert.Empty(result.Errors);
        var info = (ResourcePolicyInfo)Assert.Single(result.Output).BaseObject;
        Assert.Equal(OrgBuilder.Bucket(2, "locked"), info.Resource);
        Assert.True(info.DeniesAllPrincipals);
        Assert.NotNull(Bucket(org, "locked").Policy);
    }

    [Fact]
    public async Task A_restore_round_trips_the_bucket_policy()
    {
        await using var org = await Start();
        var original = Bucket(org, "locked").Policy;
        var unlocked = Single(org.Run($"Unlock-S3BucketPolicy {Id} {OrgBuilder.Bucket(2, "locked")} -BackupPath $args[0] -Force", _backups));

        var preview = org.Run("Restore-ResourcePolicy -Path $args[0] -WhatIf", unlocked.BackupPath);
        var asCaller = org.Run("Restore-ResourcePolicy -Path $args[0] -Force", unlocked.BackupPath);
        var asRoot = org.Run("Restore-ResourcePolicy -Path $args[0] -UseRootSession -Force", unlocked.BackupPath);

        Assert.Equal(RestoreAction.WouldRestore, ((PolicyRestoreResult)Assert.Single(preview.Output).BaseObject).Action);
        Assert.Contains("\"DenyAll\"", preview.HostText);
        var denied = Assert.Single(asCaller.Errors);
        Assert.StartsWith("PolicyRestoreFailed,AccessDenied", denied.FullyQualifiedErrorId);
        Assert.Empty(asRoot.Errors);
        Assert.Equal(RestoreAction.Restored, ((PolicyRestoreResult)Assert.Single(asRoot.Output).BaseObject).Action);
        Assert.Equal(original, Bucket(org, "locked").Policy);
    }

    [Fact]
    public async Task Queues_unlock_by_url_or_by_name_and_restore()
    {
        await using var org = await Start();
        var queue = org.State.FindAccount(Id)!.Queues.Single(q => q.Name == "locked-queue");
        var original = queue.Policy!;
        var url = $"{org.Simulator.Endpoint}/{Id}/locked-queue";

        var byUrl = org.Run("Unlock-SQSQueuePolicy -QueueUrl $args[0] -BackupPath $args[1] -Force", url, _backups);
        var byName = org.Run($"Unlock-SQSQueuePolicy -AccountId {Id} -QueueName locked-queue -BackupPath $args[0] -Force", _backups);
        var result = Single(byUrl);
        var restored = org.Run("$args[0] | Restore-ResourcePolicy -UseRootSession -Force", result);

        Assert.Empty(byUrl.Errors);
        Assert.Equal(UnlockAction.Unlocked, result.Action);
        Assert.Equal(url, result.Resource);
        Assert.Equal(Encoding.UTF8.GetBytes(original), Encoding.UTF8.GetBytes(PolicyBackupStore.Read(result.BackupPath).Policy));
        Assert.Equal(UnlockAction.NoPolicy, Single(byName).Action);
        Assert.Empty(restored.Errors);
        Assert.Equal(original, queue.Policy);
    }

    [Fact]
    public async Task An_unlock_needs_the_owner_account()
    {
        await using var org = await Start();

        var result = org.Run($"Unlock-S3BucketPolicy {OrgBuilder.MemberId(3)} {OrgBuilder.Bucket(2, "locked")} -BackupPath $args[0] -Force", _backups);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("PolicyReadFailed,AccessDenied", error.FullyQualifiedErrorId);
        Assert.NotNull(Bucket(org, "locked").Policy);
    }

    [Theory]
    [InlineData("Unlock-S3BucketPolicy 200000000002 -BucketName 'My_Bucket'", "'BucketName'", "lowercase")]
    [InlineData("Unlock-S3BucketPolicy 200000000002 -BucketName 'ab'", "'BucketName'", "3-63")]
    [InlineData("Unlock-S3BucketPolicy 200000000002 -BucketName '192.168.1.1'", "'BucketName'", "IP address")]
    [InlineData("Unlock-SQSQueuePolicy -QueueUrl 'https://sqs.us-east-1.amazonaws.com/queue-without-account'", "'QueueUrl'", "https://sqs.<region>.amazonaws.com/")]
    [InlineData("Unlock-SQSQueuePolicy -AccountId 200000000002 -QueueName 'bad name!'", "'QueueName'", "1-80")]
    public async Task Bad_resource_names_are_refused_with_what_is_accepted(string script, string parameter, string accepted)
    {
        await using var org = await Start();

        var result = org.Run(script);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
        Assert.Contains(parameter, error.Exception.Message);
        Assert.Contains(accepted, error.Exception.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_a_backup_is_refused_by_restore()
    {
        await using var org = await Start();
        Directory.CreateDirectory(_backups);
        var stray = Path.Combine(_backups, "policy.json");
        File.WriteAllText(stray, "{}");

        var result = org.Run("Restore-ResourcePolicy -Path $args[0] -Force", stray);

        var error = Assert.Single(result.Errors);
        Assert.Equal("PolicyBackupUnreadable,RootAccess.Cmdlets.RestoreResourcePolicyCommand", error.FullyQualifiedErrorId);
        Assert.Contains("not a RootAccess policy backup", error.ErrorDetails.Message);
    }

    [Fact]
    public async Task A_policy_that_locks_nobody_out_is_left_in_place_unless_asked()
    {
        await using var org = await Start();
        const string TlsOnly = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TlsOnly\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
        Bucket(org, "open").Policy = TlsOnly;

        var refused = org.Run($"Unlock-S3BucketPolicy {Id} {OrgBuilder.Bucket(2, "open")} -BackupPath $args[0] -Force", _backups);
        var asked = org.Run($"Unlock-S3BucketPolicy {Id} {OrgBuilder.Bucket(2, "open")} -BackupPath $args[0] -Force -DeleteEvenIfNotLockedOut", _backups);

        Assert.Equal(UnlockAction.Skipped, Single(refused).Action);
        var error = Assert.Single(refused.Errors);
        Assert.StartsWith("PolicyDoesNotLockOut", error.FullyQualifiedErrorId);
        Assert.Contains("TlsOnly", error.ErrorDetails.Message);
        Assert.Equal(UnlockAction.Unlocked, Single(asked).Action);
        Assert.Equal(TlsOnly, PolicyBackupStore.Read(Single(asked).BackupPath).Policy);
        Assert.Null(Bucket(org, "open").Policy);
    }

    [Fact]
    public async Task A_restore_over_a_newer_policy_backs_the_newer_one_up_first_and_can_be_undone()
    {
        await using var org = await Start();
        var original = Bucket(org, "locked").Policy!;
        var unlocked = Single(org.Run($"Unlock-S3BucketPolicy {Id} {OrgBuilder.Bucket(2, "locked")} -BackupPath $args[0] -Force", _backups));
        const string Newer = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PutSinceTheUnlock\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}]}";
        Bucket(org, "locked").Policy = Newer;

        var restored = org.Run("Restore-ResourcePolicy -Path $args[0] -UseRootSession -UndoBackupPath $args[1] -Force", unlocked.BackupPath, _backups);

        Assert.Empty(restored.Errors);
        var result = (PolicyRestoreResult)Assert.Single(restored.Output).BaseObject;
        Assert.Equal(RestoreAction.Restored, result.Action);
        Assert.Equal(original, Bucket(org, "locked").Policy);
        var undo = System.Text.RegularExpressions.Regex.Match(result.Message, "'([^']+)'").Groups[1].Value;
        Assert.Equal(Newer, PolicyBackupStore.Read(undo).Policy);
        Assert.Equal("Restore", PolicyBackupStore.Read(undo).Reason);

        var undone = org.Run("Restore-ResourcePolicy -Path $args[0] -UseRootSession -UndoBackupPath $args[1] -Force", undo, _backups);
        Assert.Empty(undone.Errors);
        Assert.Equal(Newer, Bucket(org, "locked").Policy);
    }

    [Fact]
    public async Task Restore_expands_wildcards_and_refuses_a_tampered_record_without_writing()
    {
        await using var org = await Start();
        var unlocked = Single(org.Run($"Unlock-S3BucketPolicy {Id} {OrgBuilder.Bucket(2, "locked")} -BackupPath $args[0] -Force", _backups));
        var text = File.ReadAllText(unlocked.BackupPath);
        var forged = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        forged["Policy"] = forged["Policy"]!.GetValue<string>().Replace("Deny", "Allow");
        File.WriteAllText(Path.Combine(_backups, "forged.json"), forged.ToJsonString());

        var preview = org.Run("Restore-ResourcePolicy -Path \"$($args[0])/*.json\" -WhatIf", _backups);

        Assert.Single(preview.Output);
        var refused = Assert.Single(preview.Errors);
        Assert.StartsWith("PolicyBackupUnreadable", refused.FullyQualifiedErrorId);
        Assert.Contains("altered", refused.ErrorDetails.Message);
        Assert.Null(Bucket(org, "locked").Policy);
    }
}
