using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using RootAccess.Core;
using RootAccess.Policy;
using RootAccess.Root;
using Xunit;

namespace RootAccess.Tests;

/// <summary>Who vouches for a backup: the seal under this user's key, what a forger can and cannot change, and what a restore would write.</summary>
public sealed class BackupSealTests : IDisposable
{
    private const string Locked = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::logs\"}]}";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rootaccess-seal-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, true);
        }
    }

    private PolicyBackup Written(BackupSeal seal)
        => new PolicyBackupStore(Path.Combine(_folder, "backups"), seal: seal).Write(new PolicyBackup { AccountId = "123456789012", Region = "us-east-1", ResourceType = ResourceType.S3Bucket, Name = "logs", Reason = "Unlock", Policy = Locked });

    [Fact]
    public void A_record_written_under_this_key_verifies_and_one_with_its_policy_edited_and_hash_recomputed_does_not()
    {
        var seal = BackupSeal.Open(Path.Combine(_folder, "seal.key"));
        var record = Written(seal);

        Assert.True(PolicyBackupStore.Read(record.Path, seal).Verified);

        var json = JsonNode.Parse(File.ReadAllText(record.Path))!.AsObject();
        var forged = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::logs/*\"}]}";
        json["Policy"] = forged;
        json["PolicySha256"] = PolicyBackupStore.Sha256(forged);
        File.WriteAllText(record.Path, json.ToJsonString());

        var read = PolicyBackupStore.Read(record.Path, seal);
        Assert.Equal(forged, read.Policy);
        Assert.False(read.Verified);
    }

    [Fact]
    public void Another_key_or_no_seal_or_a_changed_name_never_verifies()
    {
        var mine = BackupSeal.Open(Path.Combine(_folder, "mine.key"));
        var theirs = BackupSeal.Open(Path.Combine(_folder, "theirs.key"));
        var record = Written(theirs);

        Assert.False(PolicyBackupStore.Read(record.Path, mine).Verified);

        var json = JsonNode.Parse(File.ReadAllText(record.Path))!.AsObject();
        json.Remove("Seal");
        File.WriteAllText(record.Path, json.ToJsonString());
        Assert.False(PolicyBackupStore.Read(record.Path, theirs).Verified);

        var other = Written(mine);
        var moved = JsonNode.Parse(File.ReadAllText(other.Path))!.AsObject();
        moved["CreatedBy"] = "someone else";
        File.WriteAllText(other.Path, moved.ToJsonString());
        Assert.False(PolicyBackupStore.Read(other.Path, mine).Verified);
    }

    [Fact]
    public void The_key_is_created_once_32_bytes_and_a_damaged_key_is_refused_saying_what_to_do()
    {
        var path = Path.Combine(_folder, "k", "seal.key");
        var first = BackupSeal.Open(path);
        var bytes = File.ReadAllBytes(path);

        Assert.Equal(32, bytes.Length);
        Assert.Equal(first.Seal(new byte[] { 1 }), BackupSeal.Open(path).Seal(new byte[] { 1 }));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        File.WriteAllBytes(path, bytes.Take(10).ToArray());
        var refused = Assert.Throws<PolicyBackupException>(() => BackupSeal.Open(path));
        Assert.Contains("10 bytes, not 32", refused.Message);
        Assert.Contains("-AllowUnverifiedBackup", refused.Message);
    }

    [Theory]
    [InlineData("{\"Statement\":{\"Sid\":\"Public\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}", "Public allows s3:GetObject to everyone")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::999999999999:role/x\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}", "(account 999999999999)")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", "NotPrincipal")]
    public void A_policy_that_grants_beyond_the_owner_says_to_whom(string policy, string grant)
    {
        Assert.Contains(PolicyExposure.BeyondAccount(policy, "123456789012"), g => g.Contains(grant));
    }

    [Fact]
    public void The_owner_alone_and_denies_grant_nothing_beyond_the_account_and_the_diff_names_each_statement()
    {
        Assert.Empty(PolicyExposure.BeyondAccount(Locked, "123456789012"));
        Assert.Empty(PolicyExposure.BeyondAccount("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"123456789012\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", "123456789012"));

        var diff = PolicyDiff.Statements(Locked, "{\"Statement\":[{\"Sid\":\"New\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
        Assert.Equal(2, diff.Count);
        Assert.StartsWith("- {\"Effect\":\"Deny\"", diff[0]);
        Assert.StartsWith("+ {\"Sid\":\"New\"", diff[1]);
        Assert.Empty(PolicyDiff.Statements(Locked, Locked));
    }
}
