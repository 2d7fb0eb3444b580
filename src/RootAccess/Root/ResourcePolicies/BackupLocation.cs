using System;
using System.IO;
using System.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using RootAccess.Aws;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>Where backup records go: a folder, or (for runbooks whose disk vanishes with the job) an S3 prefix.</summary>
public abstract class BackupLocation
{
    /// <summary>For messages: the folder or s3://bucket/prefix.</summary>
    public abstract string Where { get; }

    /// <summary>A folder path, or s3://bucket/prefix written with the caller's own credentials (never a root session's).</summary>
    public static BackupLocation Parse(string location, Func<AwsContext> caller)
        => S3BackupLocation.IsS3(location) ? S3BackupLocation.From(location, () => AwsClientFactory.CreateS3(caller())) : new FolderBackupLocation(location);

    /// <summary>The full name a record of this file name gets here.</summary>
    public abstract string PathOf(string fileName);

    /// <summary>Writes a new record; never replaces one that exists.</summary>
    public abstract void SaveNew(string path, byte[] bytes);

    /// <summary>Reads a record back.</summary>
    public abstract byte[] Load(string path);

    /// <summary>The file names directly in this location (an S3 prefix's keys below it), or none when it does not exist.</summary>
    public abstract System.Collections.Generic.IReadOnlyList<string> List();
}

/// <summary>A folder, created if missing; records are written once, flushed to disk.</summary>
public sealed class FolderBackupLocation : BackupLocation
{
    private readonly string _folder;

    public FolderBackupLocation(string folder) => _folder = folder;

    public override string Where => _folder;

    public override string PathOf(string fileName)
    {
        if (File.Exists(_folder))
        {
            throw new PolicyBackupException($"-BackupPath '{_folder}' is a file; it must be a folder (it is created if missing). Nothing was deleted.");
        }

        return Path.Combine(_folder, fileName);
    }

    public override void SaveNew(string path, byte[] bytes)
    {
        Directory.CreateDirectory(_folder);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        file.Write(bytes, 0, bytes.Length);
        file.Flush(true);
    }

    public override byte[] Load(string path) => File.ReadAllBytes(path);

    public override System.Collections.Generic.IReadOnlyList<string> List()
        => Directory.Exists(_folder)
            ? Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Select(f => f.Substring(_folder.TrimEnd(Path.DirectorySeparatorChar).Length + 1).Replace(Path.DirectorySeparatorChar, '/')).OrderBy(n => n, StringComparer.Ordinal).ToList()
            : new System.Collections.Generic.List<string>();
}

/// <summary>
/// An S3 prefix (s3://bucket/prefix), written with the caller's credentials: PutObject with If-None-Match: * (a record
/// is never overwritten), then GetObject to verify it. The cmdlets call it from the pipeline thread, so waiting here is
/// the one bridge from async.
/// </summary>
public sealed class S3BackupLocation : BackupLocation
{
    private readonly Func<IAmazonS3> _s3;

    private S3BackupLocation(string bucket, string prefix, Func<IAmazonS3> s3)
    {
        Bucket = bucket;
        Prefix = prefix;
        _s3 = s3;
    }

    public string Bucket { get; }

    public string Prefix { get; }

    public override string Where => $"s3://{Bucket}/{Prefix}";

    public static bool IsS3(string location) => S3Uri.IsS3(location);

    public static S3BackupLocation From(string location, Func<IAmazonS3> s3)
    {
        if (!S3Uri.TryParse(location, out var bucket, out var prefix) || ResourceNames.BucketNameProblem(bucket) is not null)
        {
            throw new PolicyBackupException($"'{location}' is not an S3 location for backups: use s3://bucket-name/optional/prefix with a valid bucket name. Nothing was deleted.");
        }

        return new S3BackupLocation(bucket, prefix.Length == 0 || prefix.EndsWith("/", StringComparison.Ordinal) ? prefix : prefix + "/", s3);
    }

    /// <summary>The bucket and key of a record's s3:// path.</summary>
    public static (string Bucket, string Key) Split(string path)
    {
        return S3Uri.TryParse(path, out var bucket, out var key) && key.Length > 0
            ? (bucket, key)
            : throw new PolicyBackupException($"'{path}' names no backup object: pass s3://bucket/key of a record an unlock wrote.");
    }

    public override string PathOf(string fileName) => $"s3://{Bucket}/{Prefix}{fileName}";

    public override void SaveNew(string path, byte[] bytes)
    {
        var (bucket, key) = Split(path);
        using var s3 = _s3();
        using var body = new MemoryStream(bytes);
        Call(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, IfNoneMatch = "*", ContentType = "application/json" }), path);
    }

    public override byte[] Load(string path)
    {
        var (bucket, key) = Split(path);
        using var s3 = _s3();
        using var response = Call(() => s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }), path);
        using var copy = new MemoryStream();
        response.ResponseStream.CopyTo(copy);
        return copy.ToArray();
    }

    public override System.Collections.Generic.IReadOnlyList<string> List()
    {
        using var s3 = _s3();
        var names = new System.Collections.Generic.List<string>();
        string? token = null;
        do
        {
            var page = Call(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = Prefix, ContinuationToken = token }), Where);
            names.AddRange((page.S3Objects ?? new System.Collections.Generic.List<S3Object>()).Select(o => o.Key.Substring(Prefix.Length)));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return names;
    }

    private static T Call<T>(Func<System.Threading.Tasks.Task<T>> call, string path)
    {
        try
        {
            return call().GetAwaiter().GetResult();
        }
        catch (AmazonS3Exception ex)
        {
            throw new IOException($"S3 answered {ex.ErrorCode} for {path}: {ex.Message}", ex);
        }
    }
}
