using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace RootAccess.Simulator;

/// <summary>
/// S3 (restXml, path-style): ListBuckets and the bucket policy operations. The owner account's root session
/// may always read, replace or delete its bucket's policy, even one that denies everyone, as in AWS.
/// </summary>
internal sealed class S3Service
{
    private const string Ns = "http://s3.amazonaws.com/doc/2006-03-01/";
    private readonly IServiceContext _context;

    public S3Service(IServiceContext context) => _context = context;

    public async Task HandleAsync(HttpContext context, string operation, SimPrincipal principal, byte[] body)
    {
        try
        {
            var bucketName = S3Wire.BucketOf(context.Request);
            switch (operation)
            {
                case "ListBuckets":
                    Authorize(principal, null, "s3:ListAllMyBuckets", null);
                    await WriteListAsync(context, principal).ConfigureAwait(false);
                    return;
                case "GetBucketPolicy":
                case "PutBucketPolicy":
                case "DeleteBucketPolicy":
                    await PolicyAsync(context, operation, bucketName, principal, body).ConfigureAwait(false);
                    return;
                case "GetObjectLockConfiguration":
                    await ObjectLockAsync(context, bucketName, principal).ConfigureAwait(false);
                    return;
                case "ListObjectsV2":
                    await ListObjectsAsync(context, bucketName, principal).ConfigureAwait(false);
                    return;
                case "PutObject":
                case "GetObject":
                    await ObjectAsync(context, operation, bucketName, S3Wire.KeyOf(context.Request), principal, body).ConfigureAwait(false);
                    return;
                default:
                    throw new ServiceError(501, "NotImplemented", "The simulator serves ListBuckets and the bucket policy operations only.");
            }
        }
        catch (ServiceError error)
        {
            await S3Wire.WriteErrorAsync(context, error, S3Wire.BucketOf(context.Request)).ConfigureAwait(false);
        }
    }

    // Objects of the caller's own account's buckets (the bucket owner; root sessions' task policies allow no object calls).
    // Amazon S3 API Reference, PutObject: If-None-Match: * refuses to overwrite an existing key with 412 PreconditionFailed.
    private async Task ObjectAsync(HttpContext context, string operation, string bucketName, string key, SimPrincipal principal, byte[] body)
    {
        byte[]? content = null;
        lock (_context.Gate)
        {
            var (owner, bucket) = _context.State.FindBucket(bucketName)
                ?? throw new ServiceError(404, "NoSuchBucket", "The specified bucket does not exist");
            if (principal.Session is not null || principal.AccountId != owner.Id)
            {
                throw new ServiceError(403, "AccessDenied", "Access Denied");
            }

            if (operation == "PutObject")
            {
                if (context.Request.Headers["If-None-Match"].ToString() == "*" && bucket.Objects.ContainsKey(key))
                {
                    throw new ServiceError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
                }

                // PutObject, If-Match: write only when the object's ETag still matches (404 NoSuchKey when there is none).
                if (context.Request.Headers["If-Match"].ToString() is { Length: > 0 } ifMatch)
                {
                    var current = bucket.Objects.TryGetValue(key, out var existing) ? ETagOf(existing) : throw new ServiceError(404, "NoSuchKey", "The specified key does not exist.");
                    if (ifMatch != current)
                    {
                        throw new ServiceError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
                    }
                }

                bucket.Objects[key] = body;
            }
            else
            {
                content = bucket.Objects.TryGetValue(key, out var stored) ? stored : throw new ServiceError(404, "NoSuchKey", "The specified key does not exist.");
            }
        }

        context.Response.StatusCode = 200;
        S3Wire.RequestIds(context);
        context.Response.Headers["ETag"] = ETagOf(content ?? body);
        if (content is not null)
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = content.Length;
            await context.Response.Body.WriteAsync(content).ConfigureAwait(false);
        }
    }

    // Amazon S3 API Reference, ListObjectsV2: the keys under a prefix, in UTF-8 binary order (one page: the simulator's
    // buckets hold few objects, so IsTruncated is always false).
    private async Task ListObjectsAsync(HttpContext context, string bucketName, SimPrincipal principal)
    {
        var prefix = context.Request.Query["prefix"].ToString();
        System.Collections.Generic.List<(string Key, byte[] Content)> objects;
        lock (_context.Gate)
        {
            var (owner, bucket) = _context.State.FindBucket(bucketName)
                ?? throw new ServiceError(404, "NoSuchBucket", "The specified bucket does not exist");
            if (principal.Session is not null || principal.AccountId != owner.Id)
            {
                throw new ServiceError(403, "AccessDenied", "Access Denied");
            }

            objects = bucket.Objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => (o.Key, o.Value)).ToList();
        }

        XNamespace x = Ns;
        var result = new XElement(x + "ListBucketResult", new XElement(x + "Name", bucketName), new XElement(x + "Prefix", prefix), new XElement(x + "KeyCount", objects.Count), new XElement(x + "MaxKeys", 1000), new XElement(x + "IsTruncated", "false"));
        foreach (var (key, content) in objects)
        {
            result.Add(new XElement(x + "Contents", new XElement(x + "Key", key), new XElement(x + "LastModified", "2026-01-01T00:00:00.000Z"), new XElement(x + "ETag", ETagOf(content)), new XElement(x + "Size", content.Length), new XElement(x + "StorageClass", "STANDARD")));
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/xml";
        S3Wire.RequestIds(context);
        await context.Response.WriteAsync(result.ToString(SaveOptions.DisableFormatting), Encoding.UTF8).ConfigureAwait(false);
    }

    private static string ETagOf(byte[] content) => "\"" + Convert.ToHexString(System.Security.Cryptography.MD5.HashData(content)).ToLowerInvariant() + "\"";

    // Amazon S3 API Reference, GetObjectLockConfiguration: the owner account reads it (ExpectedBucketOwner honoured); a
    // bucket created without Object Lock answers 404 ObjectLockConfigurationNotFoundError.
    private async Task ObjectLockAsync(HttpContext context, string bucketName, SimPrincipal principal)
    {
        SimObjectLock? objectLock;
        lock (_context.Gate)
        {
            var (owner, bucket) = _context.State.FindBucket(bucketName)
                ?? throw new ServiceError(404, "NoSuchBucket", "The specified bucket does not exist");
            ExpectOwner(context, owner.Id);
            Authorize(principal, owner.Id, "s3:GetBucketObjectLockConfiguration", bucket.Policy);
            objectLock = bucket.ObjectLock ?? throw new ServiceError(404, "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket");
        }

        XNamespace x = Ns;
        var configuration = new XElement(x + "ObjectLockConfiguration", new XElement(x + "ObjectLockEnabled", "Enabled"));
        if (objectLock.Mode is not null)
        {
            var retention = new XElement(x + "DefaultRetention", new XElement(x + "Mode", objectLock.Mode));
            if (objectLock.Years is { } years)
            {
                retention.Add(new XElement(x + "Years", years));
            }
            else if (objectLock.Days is { } days)
            {
                retention.Add(new XElement(x + "Days", days));
            }

            configuration.Add(new XElement(x + "Rule", retention));
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/xml";
        S3Wire.RequestIds(context);
        await context.Response.WriteAsync(configuration.ToString(SaveOptions.DisableFormatting), Encoding.UTF8).ConfigureAwait(false);
    }

    private async Task PolicyAsync(HttpContext context, string operation, string bucketName, SimPrincipal principal, byte[] body)
    {
        string? policy;
        lock (_context.Gate)
        {
            var found = _context.State.FindBucket(bucketName)
                ?? throw new ServiceError(404, "NoSuchBucket", "The specified bucket does not exist");
            var (owner, bucket) = found;

            ExpectOwner(context, owner.Id);

            Authorize(principal, owner.Id, "s3:" + operation, bucket.Policy);
            switch (operation)
            {
                case "GetBucketPolicy":
                    policy = bucket.Policy ?? throw new ServiceError(404, "NoSuchBucketPolicy", "The bucket policy does not exist");
                    break;
                case "PutBucketPolicy":
                    var text = Encoding.UTF8.GetString(body);
                    try
                    {
                        using var parsed = JsonDocument.Parse(text);
                        if (parsed.RootElement.ValueKind != JsonValueKind.Object || !parsed.RootElement.TryGetProperty("Statement", out _))
                        {
                            throw new ServiceError(400, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'");
                        }
                    }
                    catch (JsonException)
                    {
                        throw new ServiceError(400, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'");
                    }

                    bucket.Policy = text;
                    policy = null;
                    break;
                default:
                    bucket.Policy = null;
                    policy = null;
                    break;
            }
        }

        S3Wire.RequestIds(context);
        if (policy is null)
        {
            context.Response.StatusCode = 204;
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(policy)).ConfigureAwait(false);
    }

    // Amazon S3 User Guide, "Verifying bucket ownership with bucket owner condition": a request whose
    // x-amz-expected-bucket-owner names another account is refused with 403 AccessDenied.
    private static void ExpectOwner(HttpContext context, string ownerAccountId)
    {
        if (context.Request.Headers["x-amz-expected-bucket-owner"].ToString() is { Length: > 0 } expected && expected != ownerAccountId)
        {
            throw new ServiceError(403, "AccessDenied", "Access Denied");
        }
    }

    private async Task WriteListAsync(HttpContext context, SimPrincipal principal)
    {
        XNamespace x = Ns;
        SimAccount? account;
        lock (_context.Gate)
        {
            account = _context.State.FindAccount(principal.AccountId);
        }

        var buckets = account?.Buckets.Select(b => new XElement(x + "Bucket", new XElement(x + "Name", b.Name), new XElement(x + "CreationDate", WireFormat.Iso(b.CreationDate)))).ToArray() ?? Array.Empty<XElement>();
        var document = new XElement(x + "ListAllMyBucketsResult",
            new XElement(x + "Owner", new XElement(x + "ID", "owner-" + principal.AccountId), new XElement(x + "DisplayName", principal.AccountId)),
            new XElement(x + "Buckets", buckets));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/xml";
        S3Wire.RequestIds(context);
        await context.Response.WriteAsync(document.ToString(SaveOptions.DisableFormatting), Encoding.UTF8).ConfigureAwait(false);
    }

    // A root session needs S3UnlockBucketPolicy in the owner account; others must be the owner account and not be
    // denied by a policy statement that denies every principal.
    private void Authorize(SimPrincipal principal, string? ownerAccountId, string action, string? bucketPolicy)
    {
        if (principal.Session is { } session)
        {
            if (!TaskPolicyRules.Allows(session.TaskPolicy, action) || (ownerAccountId is not null && session.AccountId != ownerAccountId))
            {
                throw new ServiceError(403, "AccessDenied", "Access Denied");
            }

            // SCPs on the member's path apply inside the root session; S3 answers a denial as its plain AccessDenied.
            ServiceControl.Require(_context, session.AccountId, $"arn:aws:iam::{session.AccountId}:root", action, ServiceControl.RootSessionContext(session.AccountId, "127.0.0.1"), _ => new ServiceError(403, "AccessDenied", "Access Denied"));

            return;
        }

        if (ownerAccountId is not null && (principal.AccountId != ownerAccountId || PolicyLockout.DeniesEveryone(bucketPolicy, action)))
        {
            throw new ServiceError(403, "AccessDenied", "Access Denied");
        }
    }

}
