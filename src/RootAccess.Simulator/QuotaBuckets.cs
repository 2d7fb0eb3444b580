using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RootAccess.Simulator;

/// <summary>
/// The request-rate quotas of <see cref="SimQuotas"/> as token buckets, keyed the way AWS scopes them: STS per calling
/// account and signing region, IAM per account whose IAM is called, Organizations per calling account.
/// </summary>
internal sealed class QuotaBuckets
{
    private static readonly Regex ScopeRegion = new(@"Credential=[^/]+/[0-9]{8}/([^/]+)/", RegexOptions.CultureInvariant);

    private readonly Func<SimQuotas> _quotas;
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public QuotaBuckets(Func<SimQuotas> quotas) => _quotas = quotas;

    /// <summary>Takes a token for the call, or says it is over its quota.</summary>
    public bool Allow(string service, SimPrincipal principal, IReadOnlyDictionary<string, string> headers)
    {
        var quotas = _quotas();
        var (rate, key) = service switch
        {
            "sts" => (quotas.Sts, $"sts/{principal.AccountId}/{Region(headers)}"),
            "iam" => (quotas.Iam, $"iam/{principal.Session?.AccountId ?? principal.AccountId}"),
            "organizations" => (quotas.Organizations, $"organizations/{principal.AccountId}"),
            _ => (0d, string.Empty),
        };
        if (rate <= 0)
        {
            return true;
        }

        lock (_buckets)
        {
            var now = _clock.Elapsed.TotalSeconds;
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                bucket = new Bucket { Tokens = rate, Updated = now };
                _buckets[key] = bucket;
            }

            bucket.Tokens = Math.Min(rate, bucket.Tokens + ((now - bucket.Updated) * rate));
            bucket.Updated = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    private static string Region(IReadOnlyDictionary<string, string> headers)
        => headers.TryGetValue("authorization", out var value) && ScopeRegion.Match(value) is { Success: true } match ? match.Groups[1].Value : "us-east-1";

    private sealed class Bucket
    {
        public double Tokens;

        public double Updated;
    }
}
