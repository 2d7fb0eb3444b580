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

    [Theory]
    [InlineData("edited")]
    [InlineData("added")]
    [InlineData("removed")]
    public void The_change_reference_is_sealed_with_the_record(string tampering)
    {
        var seal = BackupSeal.Open(Path.Combine(_folder, "seal.key"));
        var store = new PolicyBackupStore(Path.Combine(_folder, "backups"), seal: seal);
        var record = store.Write(new PolicyBackup { AccountId = "123456789012", Region = "us-east-1", ResourceType = ResourceType.S3Bucket, Name = "logs", Reason = "Unlock", Policy = Locked, ChangeReference = tampering == "added" ? null : "CHG-1" });
        var read = PolicyBackupStore.Read(record.Path, seal);
        Assert.Equal(tampering == "added" ? null : "CHG-1", read.ChangeReference);
        Assert.True(read.Verified);

        // A tired admin (or someone covering a change) rewrites which ticket the unlock belonged to.
        var json = JsonNode.Parse(File.ReadAllText(record.Path))!.AsObject();
        switch (tampering)
        {
            case "edited": json["ChangeReference"] = "CHG-2"; break;
            case "added": json["ChangeReference"] = "CHG-2"; break;
            case "removed": json.Remove("ChangeReference"); break;
        }

        File.WriteAllText(record.Path, json.ToJsonString());

        Assert.False(PolicyBackupStore.Read(record.Path, seal).Verified);
    }

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

    [Fact]
    public void A_sealed_record_copied_over_another_records_file_or_renamed_no_longer_verifies()
    {
        var seal = BackupSeal.Open(Path.Combine(_folder, "seal.key"));
        var older = Written(seal);
        System.Threading.Thread.Sleep(5);
        var newer = Written(seal);

        File.Copy(older.Path, newer.Path, overwrite: true);
        Assert.False(PolicyBackupStore.Read(newer.Path, seal).Verified);

        var renamed = Path.Combine(Path.GetDirectoryName(older.Path)!, "latest.json");
        File.Copy(older.Path, renamed);
        Assert.False(PolicyBackupStore.Read(renamed, seal).Verified);
        Assert.True(PolicyBackupStore.Read(older.Path, seal).Verified);
    }

    [Fact]
    public void A_key_others_may_read_or_a_link_is_refused_and_a_dangling_link_does_not_loop()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes and links; Windows keeps the key in the profile, guarded by its ACLs.
        }

        var path = Path.Combine(_folder, "k", "seal.key");
        BackupSeal.Open(path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Contains("group or others may read or write it", Assert.Throws<PolicyBackupException>(() => BackupSeal.Open(path)).Message);

        var link = Path.Combine(_folder, "k", "link.key");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(link, path);
        Assert.Contains("it is a link", Assert.Throws<PolicyBackupException>(() => BackupSeal.Open(link)).Message);

        var dangling = Path.Combine(_folder, "k", "dangling.key");
        File.CreateSymbolicLink(dangling, Path.Combine(_folder, "nowhere", "seal.key"));
        Assert.Throws<PolicyBackupException>(() => BackupSeal.Open(dangling));
    }

    [Fact]
    public void Reading_a_record_with_no_key_yet_vouches_for_nothing_and_creates_no_key()
    {
        var record = Written(BackupSeal.Open(Path.Combine(_folder, "writer.key")));
        var keyPath = Path.Combine(_folder, "reader", "seal.key");

        Assert.Null(BackupSeal.OpenExisting(keyPath));
        Assert.False(File.Exists(keyPath));
        Assert.False(PolicyBackupStore.Read(record.Path, BackupSeal.OpenExisting(keyPath)).Verified);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e10")]
    public void A_format_that_is_no_whole_number_is_an_unreadable_backup_not_a_crash(string format)
    {
        var record = Written(BackupSeal.Open(Path.Combine(_folder, "seal.key")));
        File.WriteAllText(record.Path, File.ReadAllText(record.Path).Replace("\"RootAccessPolicyBackup\": 1", "\"RootAccessPolicyBackup\": " + format));

        Assert.Contains("format", Assert.Throws<PolicyBackupException>(() => PolicyBackupStore.Read(record.Path)).Message);
    }

    [Theory]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"CanonicalUser\":\"79a59df900b949e55d96a1e698fbaced\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}", "CanonicalUser")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}]}", "on behalf of any account")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::*:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}", "to everyone")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"AROAEXAMPLEUNIQUEID01\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}", "cannot be told")]
    public void Principals_not_proven_to_be_in_the_owner_account_are_grants_beyond_it(string policy, string grant)
    {
        Assert.Contains(PolicyExposure.BeyondAccount(policy, "123456789012"), g => g.Contains(grant));
        Assert.Empty(PolicyExposure.BeyondAccount("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"s3:PutObject\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}}]}", "123456789012"));
    }
}
