using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;

/// <summary>A peer that fans out without a bound, one task per account, as aws-root-manager does (the SDK's standard retries).</summary>
internal static class PeerMode
{
    /// <summary>The peer's own process: audit every member of the benchmark organization at <paramref name="endpoint"/>.</summary>
    public static async Task<int> RunAsync(string endpoint, int accounts)
    {
        var culture = CultureInfo.InvariantCulture;
        var members = Bench.Organization(accounts).Accounts.Skip(1).Select(a => a.Id).ToArray();
        var peerOwnClock = Stopwatch.StartNew();
        var failedInPeer = await UnboundedPeer(endpoint, members);
        Console.WriteLine(string.Create(culture, $"PEER failed={failedInPeer} seconds={peerOwnClock.Elapsed.TotalSeconds:0.000}"));
        return 0;
    }

    public static (int Failed, double? Seconds, string? Died) PeerProcess(string endpoint, int members, int accounts)
    {
        using var child = Bench.StartBenchChild("--accounts", accounts.ToString(CultureInfo.InvariantCulture), "--peer-endpoint", endpoint);
        var errors = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("PEER failed=", StringComparison.Ordinal));
        if (child.ExitCode == 0 && line is not null)
        {
            // "PEER failed=<n> seconds=<s>": the peer times its own run, without its process's start.
            var fields = line.Trim().Split(' ').Skip(1).Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
            return (int.Parse(fields["failed"], CultureInfo.InvariantCulture), double.Parse(fields["seconds"], CultureInfo.InvariantCulture), null);
        }

        var why = (errors.Result + output).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"exit code {child.ExitCode}";
        return (members, null, why);
    }


    private static async Task<int> UnboundedPeer(string endpoint, IReadOnlyList<string> accounts)
    {
        using var sts = Bench.DefaultSts(endpoint);
        var outcomes = await Task.WhenAll(accounts.Select(async account =>
        {
            try
            {
                using var iam = await Bench.AuditSession(sts, endpoint, account);
                await Task.WhenAll(iam.GetLoginProfileAsync(CancellationToken.None), iam.ListMfaDevicesAsync(CancellationToken.None), iam.ListAccessKeysAsync(CancellationToken.None), iam.ListSigningCertificatesAsync(CancellationToken.None));
                return true;
            }
            catch (AmazonServiceException)
            {
                return false;
            }
        }));
        return outcomes.Count(ok => !ok);
    }

}
