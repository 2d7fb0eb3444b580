using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RootAccess.Simulator;

namespace RootAccess.Rehearsal;

/// <summary>The organizations the cases start from.</summary>
internal static class Fixtures
{
    private static readonly string[] RunbookRoles = { "RootAccessAzureAutomation", "RootAccessSsmAutomation", "OtherTenantAutomation" };

    /// <summary>The sample organization (imperfect on purpose): its hardening fails, its members hold root credentials.</summary>
    public static SimulatorState Sample() => SimulatorState.Sample();

    /// <summary>The hardened organization (every control passes), with the sample's federation: the Entra issuer, its IAM OIDC provider and the runbook roles.</summary>
    public static SimulatorState Hardened()
    {
        var sample = SimulatorState.Sample();
        var hardened = SimulatorState.Hardened();
        var from = sample.FindAccount(sample.ManagementAccountId)!.Iam;
        var to = hardened.FindAccount(hardened.ManagementAccountId)!.Iam;
        hardened.IdentityIssuers = sample.IdentityIssuers;
        to.OidcProviders.AddRange(from.OidcProviders);
        to.Roles.AddRange(from.Roles.Where(r => RunbookRoles.Contains(r.RoleName)));
        return hardened;
    }

    public static bool HasCredentials(SimAccount account) => Count(account) > 0;

    public static int Count(SimAccount account)
        => (account.RootUser.Password is null ? 0 : 1) + account.RootUser.AccessKeys.Count + account.RootUser.SigningCertificates.Count + account.RootUser.MfaDevices.Count(d => d.Active);
}

/// <summary>The simulator's S3 objects, as the cases read them.</summary>
internal static class S3
{
    public static bool Exists(AwsSimulator simulator, string bucket, string key)
    {
        lock (simulator.Gate)
        {
            return simulator.State.FindBucket(bucket)?.Bucket.Objects.ContainsKey(key) ?? false;
        }
    }

    public static string Get(AwsSimulator simulator, string bucket, string key, bool orEmpty = false)
    {
        lock (simulator.Gate)
        {
            if (simulator.State.FindBucket(bucket)?.Bucket.Objects.TryGetValue(key, out var bytes) == true)
            {
                return Encoding.UTF8.GetString(bytes);
            }
        }

        return orEmpty ? string.Empty : throw new RehearsalFailure($"s3://{bucket}/{key} was not written");
    }
}

internal static class Csv
{
    /// <summary>Data rows of a CSV whose fields hold no line breaks (the header excluded).</summary>
    public static int Rows(string csv) => csv.Split('\n').Count(l => l.Trim().Length > 0) - 1;
}

/// <summary>
/// No secret may reach a job's output, anything written to S3 or a file a job left behind: every session's secret key
/// and session token the simulator issued (role sessions and root sessions) and every web identity token the stand-in
/// handed out.
/// </summary>
internal static class Secrets
{
    public static string? FindLeak(AwsSimulator simulator, IReadOnlyList<Job> jobs)
    {
        var secrets = simulator.IssuedSessions.SelectMany(s => new[] { s.SecretAccessKey, s.SessionToken })
            .Concat(simulator.IssuedRoleSessions.SelectMany(s => new[] { s.SecretAccessKey, s.SessionToken }))
            .Concat(simulator.ManagedIdentity.Issued)
            .ToList();
        List<(string Where, string Text)> places;
        lock (simulator.Gate)
        {
            places = jobs.Select((j, i) => ($"job {i + 1} output", j.Output))
                .Concat(simulator.State.Accounts.SelectMany(a => a.Buckets).SelectMany(b => b.Objects.Select(o => ($"s3://{b.Name}/{o.Key}", Encoding.UTF8.GetString(o.Value)))))
                .ToList();
        }

        // What a job that ended by itself left in its folders (the web identity token file must be gone); a job the
        // platform killed cannot clean up, and its sandbox is thrown away after it.
        places.AddRange(jobs.Where(j => !j.Killed).SelectMany(j => j.Folders).Where(System.IO.Directory.Exists)
            .SelectMany(f => System.IO.Directory.EnumerateFiles(f, "*", System.IO.SearchOption.AllDirectories))
            .Where(f => !new[] { ".zip", ".dll", ".pdb" }.Contains(System.IO.Path.GetExtension(f).ToLowerInvariant()))
            .Select(f => (f, System.IO.File.ReadAllText(f))));
        foreach (var (where, text) in places)
        {
            if (secrets.FirstOrDefault(s => text.Contains(s, StringComparison.Ordinal)) is { } found)
            {
                return $"a secret ({found.Substring(0, 6)}...) is in {where}";
            }
        }

        return null;
    }
}
