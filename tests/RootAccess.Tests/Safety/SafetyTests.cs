using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests.Services;

/// <summary>The services that touch sessions, credentials, backups and deletion, tried as a hostile tester would: no runspace.</summary>
public sealed class SafetyTests : IDisposable
{
    private readonly string _backups = Path.Combine(Path.GetTempPath(), "rootaccess-safety-" + Guid.NewGuid());

    public void Dispose()
    {
        if (Directory.Exists(_backups))
        {
            Directory.Delete(_backups, true);
        }
    }

    private static AwsContext Admin(AwsSimulator simulator) => new(new BasicAWSCredentials(OrgBuilder.AdminKey, OrgBuilder.AdminSecret), RegionEndpoint.USEast1, simulator.Endpoint);

    [Fact]
    public async Task A_policy_changed_between_the_backed_up_read_and_the_delete_is_not_deleted()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.WithResources(OrgBuilder.Organization(3), 2));
        using var broker = new RootSessionBroker(Admin(simulator));
        var unlocker = new ResourcePolicyUnlocker(broker);
        var bucket = OrgBuilder.Bucket(2, "locked");

        var read = await unlocker.ReadBucketAsync(AccountId.Parse(OrgBuilder.MemberId(2)), bucket, CancellationToken.None);
        const string Newer = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ChangedAtThePrompt\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
        simulator.State.FindBucket(bucket)!.Value.Bucket.Policy = Newer;

        await Assert.ThrowsAsync<PolicyChangedException>(() => unlocker.DeleteIfUnchangedAsync(read, CancellationToken.None));
        Assert.Equal(Newer, simulator.State.FindBucket(bucket)!.Value.Bucket.Policy);
        Assert.Equal(0, simulator.CallCount("DeleteBucketPolicy"));
    }

    [Fact]
    public async Task A_removal_plan_is_read_through_an_audit_session_and_opens_nothing_destructive()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(6));
        using var broker = new RootSessionBroker(Admin(simulator));
        var remover = new RootCredentialRemover(broker);

        var plan = await remover.PlanAsync(AccountId.Parse(OrgBuilder.MemberId(6)), RootCredentialRemover.AllTypes.ToArray(), CancellationToken.None);

        Assert.True(plan.PasswordPresent);
        Assert.Equal(new[] { RootCredentialType.AccessKey, RootCredentialType.AccessKey, RootCredentialType.LoginProfile, RootCredentialType.MfaDevice }, plan.Items.Select(i => i.Type));
        Assert.All(simulator.IssuedSessions, s => Assert.Equal(TaskPolicies.AuditRootUserCredentials, s.TaskPolicy));
    }

    [Fact]
    public async Task Mfa_stays_active_while_a_password_remains_and_when_the_password_deletion_fails()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(6));
        using var broker = new RootSessionBroker(Admin(simulator));
        var remover = new RootCredentialRemover(broker);
        var account = AccountId.Parse(OrgBuilder.MemberId(6));

        var mfaOnly = await remover.PlanAsync(account, new[] { RootCredentialType.MfaDevice }, CancellationToken.None);
        Assert.Contains("password", mfaOnly.MfaHeldBack(allowPasswordWithoutMfa: false));
        Assert.Null(mfaOnly.MfaHeldBack(allowPasswordWithoutMfa: true));

        simulator.Faults.Add(new FaultRule { Operation = "DeleteLoginProfile", Kind = FaultKind.AccessDenied, Count = 1 });
        var both = await remover.PlanAsync(account, new[] { RootCredentialType.LoginProfile, RootCredentialType.MfaDevice }, CancellationToken.None);
        var rows = await remover.RemoveAsync(both, both.Items, allowPasswordWithoutMfa: false, CancellationToken.None);

        Assert.Equal(RemovalAction.Failed, rows.Single(r => r.CredentialType == RootCredentialType.LoginProfile).Action);
        Assert.Equal(RemovalAction.Skipped, rows.Single(r => r.CredentialType == RootCredentialType.MfaDevice).Action);
        var root = simulator.State.FindAccount(account.Value)!.RootUser;
        Assert.NotNull(root.Password);
        Assert.All(root.MfaDevices, d => Assert.True(d.Active));
        Assert.Equal(0, simulator.CallCount("DeactivateMFADevice"));

        var again = await remover.RemoveAsync(both, both.Items, allowPasswordWithoutMfa: false, CancellationToken.None);
        Assert.All(again, r => Assert.Equal(RemovalAction.Removed, r.Action));
        Assert.Null(root.Password);
        Assert.All(root.MfaDevices, d => Assert.False(d.Active));
    }

    [Fact]
    public void A_backup_record_round_trips_and_every_tampering_is_refused()
    {
        var store = new PolicyBackupStore(_backups);
        var written = store.Write(new PolicyBackup { AccountId = "222222222222", Region = "us-east-1", ResourceType = ResourceType.SQSQueue, Name = "locked-queue", QueueUrl = "https://sqs.us-east-1.amazonaws.com/222222222222/locked-queue", Policy = OrgBuilder.LockedPolicy, Reason = "Unlock" });
        var text = File.ReadAllText(written.Path);

        var back = PolicyBackupStore.Read(written.Path);
        Assert.Equal(OrgBuilder.LockedPolicy, back.Policy);
        Assert.Equal("arn:aws:sqs:us-east-1:222222222222:locked-queue", back.ResourceArn);

        string Refusal(string name, string content)
        {
            var path = Path.Combine(_backups, name);
            File.WriteAllText(path, content);
            return Assert.Throws<PolicyBackupException>(() => PolicyBackupStore.Read(path)).Message;
        }

        var publicPolicy = "{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"sqs:*\\\",\\\"Resource\\\":\\\"*\\\"}]}";
        Assert.Contains("altered", Refusal("tampered.json", System.Text.RegularExpressions.Regex.Replace(text, "\"Policy\": \".*\"", "\"Policy\": \"" + publicPolicy + "\"")));
        Assert.Contains("not JSON", Refusal("truncated.json", text.Substring(0, text.Length / 2)));
        Assert.Contains("renamed", Refusal(Path.GetFileName(written.Path).Replace("222222222222", "333333333333"), text));
        Assert.Contains("QueueUrl", Refusal("other-account.json", text.Replace("amazonaws.com/222222222222", "amazonaws.com/333333333333")));
        Assert.Contains("twice", Refusal("duplicate.json", text.Replace("\"Reason\"", "\"AccountId\": \"333333333333\", \"Reason\"")));
        Assert.Contains("go together", Refusal("partition.json", text.Replace("\"Partition\": \"aws\"", "\"Partition\": \"aws-cn\"")));
        Assert.Contains("Bucket names are", Refusal("dotdot.json", text.Replace("\"SQSQueue\"", "\"S3Bucket\"").Replace("\"locked-queue\"", "\"..\"")));
        Assert.Contains("\"RootAccessPolicyBackup\"", Refusal("bare.json", OrgBuilder.LockedPolicy));
        Assert.Contains("folder", Assert.Throws<PolicyBackupException>(() => PolicyBackupStore.Read(_backups)).Message);
    }

    [Fact]
    public void Backups_default_to_a_per_user_folder_outside_the_working_directory()
    {
        var folder = PolicyBackupStore.DefaultFolder();

        Assert.EndsWith(Path.Combine("RootAccess", "backups"), folder);
        Assert.False(folder.StartsWith(Environment.CurrentDirectory, StringComparison.Ordinal) && Environment.CurrentDirectory != Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
    }

    [Theory]
    [InlineData("arn:aws-us-gov:iam::123456789012:root", "aws-us-gov")]
    [InlineData("arn:aws-cn:iam::123456789012:root", "aws-cn")]
    [InlineData("123456789012", null)]
    public void Account_ids_keep_the_partition_they_were_given(string text, string? partition)
    {
        var id = AccountId.Parse(text);

        Assert.Equal("123456789012", id.Value);
        Assert.Equal(partition, id.Partition);
        Assert.Equal(partition ?? "aws", id.PartitionFor("us-east-1"));
    }

    [Theory]
    [InlineData("arn:aws-evil-x:iam::123456789012:root")]
    [InlineData("arn:xyz:iam::123456789012:root")]
    public void Made_up_partitions_are_refused(string text)
    {
        Assert.False(AccountId.TryParse(text, out _));
        Assert.Contains("not an AWS partition", AccountId.Describe(text));
    }

    [Theory]
    [InlineData("arn:xyz:iam::aws:policy/root-task/IAMAuditRootUserCredentials")]
    [InlineData("arn:aws:iam::aws:policy/root-task/evil/IAMAuditRootUserCredentials")]
    [InlineData("arn:aws-evil:iam::aws:policy/root-task/IAMAuditRootUserCredentials")]
    public void Task_policy_arns_outside_AWS_partitions_or_paths_are_refused(string text)
        => Assert.False(TaskPolicies.TryResolve(text, out _));

    [Fact]
    public void A_task_policy_arn_is_built_in_the_sessions_partition()
    {
        Assert.True(TaskPolicies.TryResolve("arn:aws-us-gov:iam::aws:policy/root-task/IAMAuditRootUserCredentials", out var name, out var partition));
        Assert.Equal("arn:aws-us-gov:iam::aws:policy/root-task/IAMAuditRootUserCredentials", TaskPolicies.ArnOf(name, partition!));
        Assert.Contains("partition 'aws'", AwsPartition.MismatchWithRegion(AwsPartition.GovCloud, "us-east-1"));
    }
}
