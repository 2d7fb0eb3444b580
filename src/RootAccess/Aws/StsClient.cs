using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws.Protocol;

namespace RootAccess.Aws;

/// <summary>What <c>sts:AssumeRoot</c> issued. The secret key and token go straight into the session's credentials.</summary>
public sealed class IssuedRootCredentials
{
    internal IssuedRootCredentials(string accessKeyId, string secretAccessKey, string sessionToken, DateTime? expiration, string? sourceIdentity)
    {
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = sessionToken;
        Expiration = expiration;
        SourceIdentity = sourceIdentity;
    }

    public string AccessKeyId { get; }

    internal string SecretAccessKey { get; }

    internal string SessionToken { get; }

    public DateTime? Expiration { get; }

    public string? SourceIdentity { get; }

    public override string ToString() => $"AssumeRoot credentials {AccessKeyId}";
}

/// <summary>
/// STS's AssumeRoot on our protocol client: the call every account of an org-wide run makes first, so it skips the SDK's
/// runtime pipeline as the IAM reads do. The endpoint is the one the SDK's own STS configuration resolves (regional, in
/// the region's partition, or the endpoint override); the signature is the SDK's signer's.
/// </summary>
public sealed class StsClient : IDisposable
{
    private readonly ProtocolClient _client;

    internal StsClient(ProtocolClient client) => _client = client;

    /// <summary>One AssumeRoot attempt, not retried here: the caller paces and retries each attempt under STS's quota.</summary>
    public async Task<IssuedRootCredentials> AssumeRootOnceAsync(string targetPrincipal, string taskPolicyArn, int durationSeconds, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, string>
        {
            ["TargetPrincipal"] = targetPrincipal,
            ["TaskPolicyArn.arn"] = taskPolicyArn,
            ["DurationSeconds"] = durationSeconds.ToString(CultureInfo.InvariantCulture),
        };
        var response = await _client.QueryOnceAsync("AssumeRoot", parameters, cancellationToken).ConfigureAwait(false);
        System.Xml.Linq.XElement result;
        try
        {
            result = QueryXml.Result(response.BodyText, "AssumeRoot");
        }
        catch (System.Xml.XmlException)
        {
            // Neither the body nor the parser's message is quoted: either may hold part of a secret.
            throw new Amazon.Runtime.AmazonClientException("STS answered AssumeRoot with a document that is not readable XML.");
        }


        var credentials = result.Child("Credentials");
        var accessKeyId = credentials?.Text("AccessKeyId");
        var secret = credentials?.Text("SecretAccessKey");
        var token = credentials?.Text("SessionToken");
        if (string.IsNullOrEmpty(accessKeyId) || string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(token))
        {
            // Never quote the body: it may hold part of a secret.
            throw new Amazon.Runtime.AmazonClientException("STS answered AssumeRoot without a complete set of credentials.");
        }

        return new IssuedRootCredentials(accessKeyId!, secret!, token!, credentials!.Date("Expiration"), result.Text("SourceIdentity"));
    }

    /// <summary>The endpoint the calls go to.</summary>
    internal string Endpoint => _client.Config.ServiceURL;

    public void Dispose() => _client.Dispose();
}
