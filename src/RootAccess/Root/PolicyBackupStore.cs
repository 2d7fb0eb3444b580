using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RootAccess.Root;

public enum ResourceType
{
    S3Bucket,
    SQSQueue,
}

/// <summary>A policy backup that could not be written or read; nothing may be deleted after it.</summary>
public sealed class PolicyBackupException : Exception
{
    public PolicyBackupException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>One backup file and what its name says: {account}_{S3Bucket|SQSQueue}_{name}_{UTC timestamp}.json.</summary>
public sealed class PolicyBackup
{
    public PolicyBackup(string path, string accountId, ResourceType resourceType, string name, string policy)
    {
        Path = path;
        AccountId = accountId;
        ResourceType = resourceType;
        Name = name;
        Policy = policy;
    }

    public string Path { get; }

    public string AccountId { get; }

    public ResourceType ResourceType { get; }

    /// <summary>The bucket or queue name.</summary>
    public string Name { get; }

    /// <summary>The policy document, byte for byte as AWS returned it.</summary>
    public string Policy { get; }

    public string Sha256 => PolicyBackupStore.Sha256(Policy);
}

/// <summary>
/// Writes each policy to its own timestamped file, exactly as AWS returned it, and proves the file reads back
/// identical before anyone deletes the original.
/// </summary>
public sealed class PolicyBackupStore
{
    private static readonly Regex FileName = new(@"^([0-9]{12})_(S3Bucket|SQSQueue)_(.+)_([0-9]{8}T[0-9]{9}Z)\.json$", RegexOptions.CultureInvariant);
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private readonly string _folder;
    private readonly Func<DateTime> _clock;

    public PolicyBackupStore(string folder, Func<DateTime>? clock = null)
    {
        _folder = folder;
        _clock = clock ?? (() => DateTime.UtcNow);
    }

    public static string Sha256(string policy)
    {
        using var sha = SHA256.Create();
        return string.Concat(sha.ComputeHash(Utf8.GetBytes(policy)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>Writes and verifies the backup; throws <see cref="PolicyBackupException"/> saying why when it cannot.</summary>
    public PolicyBackup Write(string accountId, ResourceType type, string name, string policy)
    {
        if (File.Exists(_folder))
        {
            throw new PolicyBackupException($"-BackupPath '{_folder}' is a file; it must be a folder (it is created if missing). Nothing was deleted.");
        }

        var path = Path.Combine(_folder, $"{accountId}_{type}_{name}_{_clock():yyyyMMdd'T'HHmmssfff'Z'}.json");
        var bytes = Utf8.GetBytes(policy);
        try
        {
            Directory.CreateDirectory(_folder);
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes, 0, bytes.Length);
                file.Flush(true);
            }

            if (!File.ReadAllBytes(path).SequenceEqual(bytes))
            {
                throw new PolicyBackupException($"The backup {path} did not read back identical to the policy. Nothing was deleted.");
            }
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
        {
            throw new PolicyBackupException($"Cannot write the policy backup to '{path}': {ex.Message} Nothing was deleted; pass a writable folder as -BackupPath.", ex);
        }

        return new PolicyBackup(path, accountId, type, name, policy);
    }

    /// <summary>Reads a backup file back; its name says which account and resource it belongs to.</summary>
    public static PolicyBackup Read(string path)
    {
        var match = FileName.Match(Path.GetFileName(path));
        if (!match.Success)
        {
            throw new PolicyBackupException($"'{Path.GetFileName(path)}' is not a RootAccess policy backup name ({{account}}_{{S3Bucket|SQSQueue}}_{{name}}_{{timestamp}}.json, as Unlock-S3BucketPolicy and Unlock-SQSQueuePolicy write them).");
        }

        string policy;
        try
        {
            policy = Utf8.GetString(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            throw new PolicyBackupException($"Cannot read the backup '{path}': {ex.Message}", ex);
        }

        return new PolicyBackup(path, match.Groups[1].Value, (ResourceType)Enum.Parse(typeof(ResourceType), match.Groups[2].Value), match.Groups[3].Value, policy);
    }
}
