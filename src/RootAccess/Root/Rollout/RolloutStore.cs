using System;
using System.IO;
using System.Net;
using System.Threading;
using Amazon.S3;
using Amazon.S3.Model;
using RootAccess.Aws;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>A state's bytes and the version tag a write must name to replace them (a digest, or S3's ETag).</summary>
public sealed class StoredState
{
    public StoredState(byte[] bytes, string tag)
    {
        Bytes = bytes;
        Tag = tag;
    }

    public byte[] Bytes { get; }

    public string Tag { get; }
}

/// <summary>
/// Where a rollout's state lives: a file, or s3://bucket/key (for runbooks, whose disk goes with the job). Every write
/// names the version it replaces, so two runs can never both write: the second one's write is refused.
/// </summary>
public abstract class RolloutStore : IDisposable
{
    /// <summary>The file or s3:// location, for messages.</summary>
    public abstract string Where { get; }

    /// <summary>A file path, or s3://bucket/key written with the caller's own credentials (resolved only for S3).</summary>
    public static RolloutStore Parse(string location, Func<AwsContext> caller)
        => S3Uri.IsS3(location) ? S3RolloutStore.From(location, () => AwsClientFactory.CreateS3(caller(), sdkRetries: false)) : new FileRolloutStore(location);

    /// <summary>The state, or null when there is none yet.</summary>
    public abstract StoredState? Read();

    /// <summary>
    /// Writes the state if what is there is still <paramref name="expectedTag"/> (null: nothing may be there yet);
    /// returns the new tag. Another writer in between is a <see cref="RolloutStateException"/> (RolloutStateInUse); a
    /// failed write is an <see cref="IOException"/>.
    /// </summary>
    public abstract string Write(byte[] bytes, string? expectedTag);

    public virtual void Dispose()
    {
    }

    protected RolloutStateException Conflict()
        => new(ErrorIds.RolloutStateInUse, $"The rollout state '{Where}' was changed by another run while this one held it. This run stops here; check which run is working on it with Get-RootCredentialRollout -StatePath '{Where}'.");
}

/// <summary>A state file: each write goes to a temporary file that replaces the old one whole, under a lock file.</summary>
public sealed class FileRolloutStore : RolloutStore
{
    private readonly string _path;

    public FileRolloutStore(string path) => _path = Path.GetFullPath(path);

    public override string Where => _path;

    public override StoredState? Read()
    {
        if (Directory.Exists(_path))
        {
            throw new RolloutStateException(ErrorIds.RolloutStateUnreadable, $"-StatePath '{_path}' is a folder; pass a file name (for example rollout.json) or s3://bucket/key.");
        }

        if (!File.Exists(_path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(_path);
        return new StoredState(bytes, RolloutStateCodec.Digest(bytes));
    }

    public override string Write(byte[] bytes, string? expectedTag)
    {
        var folder = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(folder);
        using (Lock())
        {
            var current = File.Exists(_path) ? RolloutStateCodec.Digest(File.ReadAllBytes(_path)) : null;
            if (!string.Equals(current, expectedTag, StringComparison.Ordinal))
            {
                throw Conflict();
            }

            var temporary = _path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    file.Write(bytes, 0, bytes.Length);
                    file.Flush(true);
                }

                Replace(temporary, current is null);
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        return RolloutStateCodec.Digest(bytes);
    }

    // A reader holding the file a moment (Get-RootCredentialRollout in another window, a virus scanner on Windows) is waited for.
    private void Replace(string temporary, bool isNew)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (isNew)
                {
                    File.Move(temporary, _path);
                }
                else
                {
                    File.Replace(temporary, _path, null);
                }

                return;
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException) when (attempt < 20)
            {
                Thread.Sleep(100);
            }
        }
    }

    // Held only for one compare-and-replace; the operating system lets go of it if the process dies.
    private FileStream Lock()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(_path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(100);
            }
        }
    }
}

/// <summary>A state object in S3, written with the caller's credentials: PutObject with If-Match (or If-None-Match: *).</summary>
public sealed class S3RolloutStore : RolloutStore
{
    private readonly Lazy<IAmazonS3> _s3;

    private S3RolloutStore(string bucket, string key, Func<IAmazonS3> s3)
    {
        Bucket = bucket;
        Key = key;
        _s3 = new Lazy<IAmazonS3>(s3);
    }

    public string Bucket { get; }

    public string Key { get; }

    public override string Where => $"s3://{Bucket}/{Key}";

    public static S3RolloutStore From(string location, Func<IAmazonS3> s3)
    {
        if (!S3Uri.TryParse(location, out var bucket, out var key) || key.Length == 0 || ResourceNames.BucketNameProblem(bucket) is not null || key.EndsWith("/", StringComparison.Ordinal))
        {
            throw new RolloutStateException(ErrorIds.RolloutStateUnreadable, $"-StatePath '{location}' is not an S3 object: use s3://bucket-name/key, for example s3://audit-bucket/rollouts/root-credentials.json.");
        }

        return new S3RolloutStore(bucket, key, s3);
    }

    public override StoredState? Read()
    {
        var s3 = _s3.Value;
        try
        {
            using var response = AwsRetry.RunAsync(() => s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = Key }), CancellationToken.None).GetAwaiter().GetResult();
            using var copy = new MemoryStream();
            response.ResponseStream.CopyTo(copy);
            return new StoredState(copy.ToArray(), response.ETag);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchKey" || ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception ex)
        {
            throw new IOException($"S3 answered {ex.ErrorCode} reading {Where}: {ex.Message}", ex);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            throw new IOException($"S3 could not be reached reading {Where}: {ex.Message}", ex);
        }
    }

    public override void Dispose()
    {
        if (_s3.IsValueCreated)
        {
            _s3.Value.Dispose();
        }
    }

    public override string Write(byte[] bytes, string? expectedTag)
    {
        var s3 = _s3.Value;
        PutObjectRequest Request()
        {
            // A retry after a 5xx that was in fact applied meets its own new ETag: 412, a conflict, and the run stops safely.
            var request = new PutObjectRequest { BucketName = Bucket, Key = Key, InputStream = new MemoryStream(bytes), ContentType = "application/json" };
            if (expectedTag is null)
            {
                request.IfNoneMatch = "*";
            }
            else
            {
                request.IfMatch = expectedTag;
            }

            return request;
        }

        try
        {
            return AwsRetry.RunAsync(() => s3.PutObjectAsync(Request()), CancellationToken.None).GetAwaiter().GetResult().ETag;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed || ex.ErrorCode == "ConditionalRequestConflict")
        {
            throw Conflict();
        }
        catch (AmazonS3Exception ex)
        {
            throw new IOException($"S3 answered {ex.ErrorCode} writing {Where}: {ex.Message}", ex);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            throw new IOException($"S3 could not be reached writing {Where}: {ex.Message}", ex);
        }
    }
}
