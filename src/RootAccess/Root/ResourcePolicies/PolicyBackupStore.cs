using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>A policy backup that could not be written or read; nothing may be deleted after it.</summary>
public sealed class PolicyBackupException : Exception
{
    public PolicyBackupException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// One backup record: which resource (account, partition, region, ARN, queue URL), when and by whom, why, and the
/// policy bytes with their SHA-256. The record, not the file name, says where a restore writes.
/// </summary>
public sealed class PolicyBackup
{
    public const int FormatVersion = 1;

    public string Path { get; set; } = string.Empty;

    public string AccountId { get; set; } = string.Empty;

    public string Partition { get; set; } = AwsPartition.Commercial;

    public string Region { get; set; } = string.Empty;

    public ResourceType ResourceType { get; set; }

    /// <summary>The bucket or queue name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The queue URL (SQS only).</summary>
    public string? QueueUrl { get; set; }

    public string ResourceArn => PolicyResources.For(ResourceType).Arn(Partition, Region, AccountId, Name);

    public DateTime CreatedAt { get; set; }

    /// <summary>Who ran the command: the OS user and the access key id of the caller.</summary>
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>Why it was written: Unlock (before a delete) or Restore (before an overwrite).</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>The change or ticket the step belongs to (-ChangeReference), sealed with the rest; null when none was given.</summary>
    public string? ChangeReference { get; set; }

    /// <summary>The policy document, byte for byte as AWS returned it.</summary>
    public string Policy { get; set; } = string.Empty;

    public string Sha256 => PolicyBackupStore.Sha256(Policy);

    /// <summary>The record's seal (HMAC-SHA256 of its canonical form under the writer's backup key); null in an unsealed record.</summary>
    public string? Seal { get; set; }

    /// <summary>True when the seal verifies under this user's backup key: an unlock of this user wrote it and nobody changed it since.</summary>
    public bool Verified { get; set; }
}

/// <summary>
/// Writes each policy to its own timestamped record file and proves it reads back identical before anyone deletes
/// the original; reads a record back only when it is whole and consistent.
/// </summary>
public sealed class PolicyBackupStore
{
    /// <summary>Overrides the default backup folder for every command in the process (runbooks set it to durable storage).</summary>
    public const string FolderVariable = "ROOTACCESS_BACKUP_PATH";

    private const string Marker = "RootAccessPolicyBackup";
    private static readonly Regex FileName = new(@"^([0-9]{12})_(S3Bucket|SQSQueue)_(.+)_([0-9]{8}T[0-9]{9}Z)\.json$", RegexOptions.CultureInvariant);
    private static readonly Regex Region = new("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private readonly BackupLocation _location;
    private readonly Func<DateTime> _clock;
    private readonly BackupSeal? _seal;

    public PolicyBackupStore(string folder, Func<DateTime>? clock = null, BackupSeal? seal = null)
        : this(new FolderBackupLocation(folder), clock, seal)
    {
    }

    public PolicyBackupStore(BackupLocation location, Func<DateTime>? clock = null, BackupSeal? seal = null)
    {
        _location = location;
        _clock = clock ?? (() => DateTime.UtcNow);
        _seal = seal;
    }

    public static string DefaultFolder()
    {
        var configured = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured!;
        }

        return System.IO.Path.Combine(UserData.Folder(), "backups");
    }

    public static string Sha256(string policy)
    {
        using var sha = SHA256.Create();
        return string.Concat(sha.ComputeHash(Utf8.GetBytes(policy)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>Writes and verifies the record; throws <see cref="PolicyBackupException"/> saying why when it cannot.</summary>
    public PolicyBackup Write(PolicyBackup record)
    {
        record.CreatedAt = _clock();
        var safeName = Regex.Replace(record.Name, "[^A-Za-z0-9._-]", "_");
        var path = _location.PathOf($"{record.AccountId}_{record.ResourceType}_{safeName}_{record.CreatedAt:yyyyMMdd'T'HHmmssfff'Z'}.json");
        var seal = _seal ?? BackupSeal.Open();
        record.Seal = seal.Seal(Sealed(record, path));
        var bytes = Serialize(record, withSeal: true);
        try
        {
            _location.SaveNew(path, bytes);
            var back = Parse(_location.Load(path), path);
            if (back.Policy != record.Policy || back.Sha256 != record.Sha256 || !seal.Verifies(Sealed(back, path), back.Seal))
            {
                throw new PolicyBackupException($"The backup {path} did not read back identical to the policy. Nothing was deleted.");
            }
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
        {
            throw new PolicyBackupException($"Cannot write the policy backup to '{path}': {ex.Message} Nothing was deleted; pass a writable folder or s3://bucket/prefix as -BackupPath.", ex);
        }

        record.Path = path;
        record.Verified = true;
        return record;
    }

    /// <summary>Reads a backup record back, refusing one that is incomplete, inconsistent or altered; <see cref="PolicyBackup.Verified"/> says whether this user's key vouches for it.</summary>
    public static PolicyBackup Read(string path, BackupSeal? seal = null) => Read(path, new FolderBackupLocation(System.IO.Path.GetDirectoryName(path) ?? "."), seal);

    /// <summary>As <see cref="Read(string, BackupSeal)"/>, from a folder or an S3 location.</summary>
    public static PolicyBackup Read(string path, BackupLocation location, BackupSeal? seal = null)
    {
        if (location is FolderBackupLocation && Directory.Exists(path))
        {
            throw new PolicyBackupException($"'{path}' is a folder; pass backup files (for example '{System.IO.Path.Combine(path, "*.json")}').");
        }

        byte[] bytes;
        try
        {
            bytes = location.Load(path);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            throw new PolicyBackupException($"Cannot read the backup '{path}': {ex.Message}", ex);
        }

        var record = Parse(bytes, path);
        var named = FileName.Match(path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1));
        if (named.Success && (named.Groups[1].Value != record.AccountId || named.Groups[2].Value != record.ResourceType.ToString()))
        {
            throw new PolicyBackupException(Text.Format(Messages.BackupNameMismatch, path, named.Groups[2].Value, named.Groups[1].Value, record.ResourceType, record.AccountId));
        }

        record.Path = path;
        // Reading never creates a key: with none yet, nothing is vouched for.
        record.Verified = (seal ?? BackupSeal.OpenExisting())?.Verifies(Sealed(record, path), record.Seal) == true;
        return record;
    }

    // What the seal covers: the record's canonical form and the name it was written under, so a sealed record copied
    // over another's file, or renamed (latest.json), no longer verifies.
    private static byte[] Sealed(PolicyBackup record, string path)
        => Serialize(record, withSeal: false).Concat(Utf8.GetBytes("\n" + path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1))).ToArray();

    // The canonical form is the record without its seal, members in this order: what the seal covers.
    private static byte[] Serialize(PolicyBackup record, bool withSeal)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber(Marker, PolicyBackup.FormatVersion);
            json.WriteString("AccountId", record.AccountId);
            json.WriteString("Partition", record.Partition);
            json.WriteString("Region", record.Region);
            json.WriteString("ResourceType", record.ResourceType.ToString());
            json.WriteString("Name", record.Name);
            json.WriteString("ResourceArn", record.ResourceArn);
            if (record.QueueUrl is not null)
            {
                json.WriteString("QueueUrl", record.QueueUrl);
            }

            json.WriteString("CreatedAt", record.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("CreatedBy", record.CreatedBy);
            json.WriteString("Reason", record.Reason);
            if (record.ChangeReference is not null)
            {
                json.WriteString("ChangeReference", record.ChangeReference);
            }

            json.WriteString("PolicySha256", record.Sha256);
            json.WriteString("Policy", record.Policy);
            if (withSeal && record.Seal is not null)
            {
                json.WriteString("Seal", record.Seal);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static PolicyBackup Parse(byte[] bytes, string path)
    {
        string Problem(string what) => $"'{path}' is not a RootAccess policy backup that can be restored: {what}. It is not restored; restore an intact backup, or put the policy back by hand.";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new PolicyBackupException(Problem("it is not JSON (" + ex.Message + "); backups of RootAccess before 0.3 held the bare policy"), ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(Marker, out var version))
            {
                throw new PolicyBackupException(Problem($"it has no \"{Marker}\" member"));
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new PolicyBackupException(Problem($"the member \"{property.Name}\" appears twice"));
                }
            }

            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var format) || format != PolicyBackup.FormatVersion)
            {
                throw new PolicyBackupException(Problem($"format {version} is not {PolicyBackup.FormatVersion}"));
            }

            string Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new PolicyBackupException(Problem($"\"{name}\" is missing or not a string"));
            string? Optional(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

            var record = new PolicyBackup
            {
                AccountId = Text("AccountId"),
                Partition = Text("Partition"),
                Region = Text("Region"),
                Name = Text("Name"),
                QueueUrl = Optional("QueueUrl"),
                CreatedBy = Optional("CreatedBy") ?? string.Empty,
                Reason = Optional("Reason") ?? string.Empty,
                ChangeReference = Optional("ChangeReference"),
                Policy = Text("Policy"),
                Seal = Optional("Seal"),
            };
            record.ResourceType = Text("ResourceType") switch
            {
                "S3Bucket" => ResourceType.S3Bucket,
                "SQSQueue" => ResourceType.SQSQueue,
                var other => throw new PolicyBackupException(Problem($"ResourceType '{other}' is neither S3Bucket nor SQSQueue")),
            };
            record.CreatedAt = DateTime.TryParse(Text("CreatedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var created)
                ? created
                : throw new PolicyBackupException(Problem("CreatedAt is not a time"));

            if (!Core.AccountId.TryParse(record.AccountId, out var account) || account.Partition is not null)
            {
                throw new PolicyBackupException(Problem($"AccountId '{record.AccountId}' is not a 12-digit account id"));
            }

            if (!AwsPartition.IsKnown(record.Partition) || !Region.IsMatch(record.Region) || AwsPartition.OfRegion(record.Region) != record.Partition)
            {
                throw new PolicyBackupException(Problem($"partition '{record.Partition}' and region '{record.Region}' do not go together"));
            }

            var kind = PolicyResources.For(record.ResourceType);
            if ((kind.NameProblem(record.Name) ?? kind.LocatorProblem(record)) is { } problem)
            {
                throw new PolicyBackupException(Problem(problem));
            }

            if (Optional("ResourceArn") is { } arn && arn != record.ResourceArn)
            {
                throw new PolicyBackupException(Problem($"ResourceArn '{arn}' does not match the resource the record names ({record.ResourceArn})"));
            }

            var sha = Text("PolicySha256");
            if (!string.Equals(sha, record.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new PolicyBackupException(Problem($"the policy's SHA-256 is {record.Sha256}, but the record says {sha}: the policy was altered or truncated"));
            }

            return record;
        }
    }
}
