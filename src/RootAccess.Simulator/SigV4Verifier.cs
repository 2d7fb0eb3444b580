using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RootAccess.Simulator;

/// <summary>What a request's signature covers, captured as it arrived (raw path and query, every header).</summary>
internal sealed record SignedRequest(string Method, string RawPath, string RawQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// Verifies AWS Signature Version 4 the way AWS does ("Create a signed AWS API request", IAM User Guide): the canonical
/// request from the raw method, path, query, signed headers and payload hash, the string to sign for the credential
/// scope, and the HMAC chain from the secret the simulator issued or holds for the key. A mismatch, a malformed
/// Authorization header, a scope for another date, or a date more than 15 minutes off is refused in the service's shape.
/// </summary>
internal static class SigV4Verifier
{
    private static readonly Regex Authorization = new(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/,\s]+)/(?<date>[0-9]{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request,\s*SignedHeaders=(?<headers>[a-z0-9;\-]+),\s*Signature=(?<signature>[0-9a-f]{64})$", RegexOptions.CultureInvariant);

    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(15);

    // IAM and Organizations are global services signed for us-east-1 (AWS General Reference, "Service endpoints").
    private static readonly Dictionary<string, string> GlobalRegions = new(StringComparer.Ordinal) { ["iam"] = "us-east-1", ["organizations"] = "us-east-1" };

    public static void Verify(SignedRequest request, string secretAccessKey, string service, DateTime now)
    {
        var header = request.Headers.TryGetValue("authorization", out var value) ? value : string.Empty;
        var match = Authorization.Match(header);
        if (!match.Success)
        {
            throw Incomplete(service, "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' in AWS4-HMAC-SHA256 form.");
        }

        var signed = match.Groups["headers"].Value.Split(';');
        if (!signed.Contains("host") || signed.Any(h => !request.Headers.ContainsKey(h)))
        {
            throw Incomplete(service, "SignedHeaders must include host, and every signed header must be present in the request.");
        }

        if (!request.Headers.TryGetValue("x-amz-date", out var stamp) || !DateTime.TryParseExact(stamp, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            throw Incomplete(service, "The request must carry X-Amz-Date in yyyyMMddTHHmmssZ form.");
        }

        var date = match.Groups["date"].Value;
        var region = match.Groups["region"].Value;
        if (date != stamp.Substring(0, 8))
        {
            throw Mismatch(service, $"Credential should be scoped to a valid date: the scope says {date}, X-Amz-Date says {stamp.Substring(0, 8)}.");
        }

        if (GlobalRegions.TryGetValue(service, out var required) && region != required)
        {
            throw Mismatch(service, $"Credential should be scoped to a valid region: {service} is signed for '{required}', not '{region}'.");
        }

        if ((now - signedAt).Duration() > Skew)
        {
            throw service == "s3"
                ? new ServiceError(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")
                : Mismatch(service, $"Signature expired: {stamp} is now earlier than {(now - Skew).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)} ({now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)} - 15 min.)");
        }

        // The payload's hash is computed here, never taken on the client's word: a body changed after signing fails.
        // S3 alone carries x-amz-content-sha256; a hex value there must be the body's own hash (UNSIGNED-PAYLOAD and the
        // STREAMING- forms of aws-chunked uploads stand for themselves, as in S3).
        var bodyHash = Hex(SHA256.HashData(request.Body));
        var payloadHash = bodyHash;
        if (service == "s3" && request.Headers.TryGetValue("x-amz-content-sha256", out var claimed))
        {
            if (Regex.IsMatch(claimed, "^[0-9a-fA-F]{64}$") && !string.Equals(claimed, bodyHash, StringComparison.OrdinalIgnoreCase))
            {
                throw new ServiceError(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
            }

            payloadHash = claimed;
        }

        var canonical = string.Join("\n",
            request.Method,
            CanonicalPath(request.RawPath, service),
            CanonicalQuery(request.RawQuery),
            string.Concat(signed.Select(h => h + ":" + Collapse(request.Headers[h]) + "\n")),
            string.Join(";", signed),
            payloadHash);
        var scope = $"{date}/{region}/{match.Groups["service"].Value}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date), region), match.Groups["service"].Value), "aws4_request");
        var expected = Hex(Hmac(key, toSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(match.Groups["signature"].Value)))
        {
            throw Mismatch(service, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
    }

    private static ServiceError Mismatch(string service, string message) => service switch
    {
        "organizations" or "cloudtrail" or "events" => new ServiceError(400, "InvalidSignatureException", message),
        _ => new ServiceError(403, "SignatureDoesNotMatch", message),
    };

    private static ServiceError Incomplete(string service, string message) => service switch
    {
        "organizations" or "cloudtrail" => new ServiceError(400, "IncompleteSignatureException", message),
        "s3" => new ServiceError(400, "AuthorizationHeaderMalformed", message),
        _ => new ServiceError(403, "IncompleteSignature", message),
    };

    // S3 signs the path as sent (encoded once); every other service encodes each segment again.
    private static string CanonicalPath(string rawPath, string service)
    {
        var path = string.IsNullOrEmpty(rawPath) ? "/" : rawPath;
        return service == "s3" ? path : string.Join("/", path.Split('/').Select(Encode));
    }

    private static string CanonicalQuery(string rawQuery)
    {
        var query = rawQuery.StartsWith("?", StringComparison.Ordinal) ? rawQuery.Substring(1) : rawQuery;
        if (query.Length == 0)
        {
            return string.Empty;
        }

        return string.Join("&", query.Split('&')
            .Where(p => p.Length > 0)
            .Select(p =>
            {
                var equals = p.IndexOf('=');
                var name = Uri.UnescapeDataString(equals < 0 ? p : p.Substring(0, equals));
                var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(p.Substring(equals + 1));
                return (Name: Encode(name), Value: Encode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    // RFC 3986: unreserved characters stay, everything else is %XX with upper-case hex.
    private static string Encode(string value)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    private static string Collapse(string value) => Regex.Replace(value.Trim(), @"\s+", " ");

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
