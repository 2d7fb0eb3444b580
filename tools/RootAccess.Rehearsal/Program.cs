using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Simulator;

namespace RootAccess.Rehearsal;

/// <summary>
/// The runbook rehearsal (build.ps1 -Task Runbooks): every runbook and SSM document run as its platform runs it, against
/// the simulator, one case at a time, printing RUNBOOK &lt;name&gt; &lt;case&gt; passed|failed &lt;detail&gt;. The cases are
/// the ones unattended use must survive: a token that is expired, for another audience or for a role that does not
/// trust it; an evidence or backup write that is denied; one member failing in an org-wide run; a job stopped part-way
/// and the next one resuming; a prompt that could block; and, after every case, no secret in output or in S3.
/// </summary>
internal static class Program
{
    private const string Management = "111111111111";
    private const string AzureRole = "arn:aws:iam::111111111111:role/RootAccessAzureAutomation";
    private const string SsmRole = "arn:aws:iam::111111111111:role/RootAccessSsmAutomation";
    private const string Evidence = "s3://rootaccess-backups-111111111111/evidence";
    private const string BreakGlass = "arn:aws:iam::111111111111:role/BreakGlassAdmin";

    public static async Task<int> Main(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal)).ToDictionary(p => p.a.Substring(2), p => args.ElementAtOrDefault(p.i + 1) ?? string.Empty);
        foreach (var required in new[] { "dotnet", "pwsh", "package", "runbooks" })
        {
            if (!options.ContainsKey(required))
            {
                Console.Error.WriteLine("usage: RootAccess.Rehearsal --dotnet <dotnet host> --pwsh <pwsh.dll> --package <out/package> --runbooks <runbooks folder> [--case <name>]");
                return 2;
            }
        }

        var work = Path.Combine(Path.GetTempPath(), "rootaccess-rehearsal-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(work);
        var platform = new Platform(new Paths(options["dotnet"], options["pwsh"], Path.GetFullPath(options["package"]), Path.GetFullPath(options["runbooks"])), work);
        var only = options.GetValueOrDefault("case");
        var failures = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            // The stopped job's lease must lapse before the resume: that case waits beside the others, one pwsh at a time.
            var oneAtATime = new SemaphoreSlim(1);
            var cases = Cases(platform).Where(c => only is null || c.Name == only).ToList();
            var running = cases.Select(c => RunCaseAsync(c, oneAtATime)).ToList();
            foreach (var result in await Task.WhenAll(running))
            {
                failures += result ? 0 : 1;
            }

            Console.WriteLine($"RUNBOOK rehearsal: {running.Count - failures} of {running.Count} cases passed in {clock.Elapsed.TotalSeconds:F0} s");
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A job's leftovers in the temp folder are not worth failing the rehearsal for.
            }
        }
    }

    private static async Task<bool> RunCaseAsync(Case rehearsal, SemaphoreSlim oneAtATime)
    {
        await using var simulator = await AwsSimulator.StartAsync(rehearsal.Fixture());
        simulator.ResetSource = rehearsal.Fixture; // the test surface (managed-identity stand-in, service roles) lives beside reset
        string detail;
        bool passed;
        try
        {
            detail = await rehearsal.Run(simulator, oneAtATime);
            var leak = Secrets.FindLeak(simulator, rehearsal.Seen);
            passed = leak is null;
            detail = leak ?? detail;
        }
        catch (Exception ex) when (ex is RehearsalFailure or InvalidDataException or InvalidOperationException or HttpRequestException)
        {
            passed = false;
            detail = ex.Message;
        }

        Console.WriteLine($"RUNBOOK {rehearsal.Runbook} {rehearsal.Name} {(passed ? "passed" : "failed")} {detail.ReplaceLineEndings(" ")}");
        if (!passed)
        {
            // What the jobs said, for whoever reads the CI log (the secret scan above ran over these same lines).
            foreach (var job in rehearsal.Seen)
            {
                Console.Error.WriteLine(string.Join(Environment.NewLine, job.Output.Split('\n').TakeLast(40).Select(l => "    | " + l.TrimEnd())));
            }
        }
        return passed;
    }

    private static IEnumerable<Case> Cases(Platform platform)
    {
        Dictionary<string, object> Audit(string? role = null, string? audience = null) => new()
        {
            ["BreakGlassPrincipal"] = new[] { BreakGlass },
            ["AllowUnknownControl"] = new[] { "RA-H06" }, // the log archive's Object Lock needs a role there
            ["RoleArn"] = role ?? AzureRole,
            ["Audience"] = audience ?? "api://rootaccess-aws",
            ["EvidenceS3Uri"] = Evidence,
            ["RunId"] = "rehearsal",
        };

        // First, so that its wait for the killed job's lease to lapse runs beside every other case.
        yield return new Case("RootAccess-Remediate", "stopped-part-way-then-resumed", Fixtures.Sample, async (sim, gate, seen) =>
        {
            var named = sim.State.Accounts.Where(a => a.Id != Management && a.State == "ACTIVE" && Fixtures.HasCredentials(a)).Select(a => a.Id).ToArray();
            var parameters = Removal(named, "s3://rootaccess-backups-111111111111/rollouts/chg-2.json", "CHG-2");
            // Each account's removals slowed by a different amount, so they end one after another and the stop lands between.
            foreach (var (account, index) in named.Select((a, i) => (a, i)))
            {
                foreach (var operation in new[] { "DeleteAccessKey", "DeleteLoginProfile", "DeactivateMFADevice", "DeleteSigningCertificate" })
                {
                    sim.Faults.Add(new FaultRule { Operation = operation, AccountId = account, Kind = FaultKind.Latency, LatencyMs = 500 + (2500 * index) });
                }
            }

            // The platform stops the job outright once the first account is done (Azure's fair share, SSM's step limit), and a
            // job started at once meets the stopped job's lease: one hold of the gate for both, so no other case comes between.
            var (first, overlap) = await Serial(gate, async () =>
            {
                var stopped = await platform.AzureAsync(sim, "RootAccess-Remediate", parameters, async process =>
                {
                    while (!process.HasExited && !S3.Get(sim, "rootaccess-backups-111111111111", "rollouts/chg-2.json", orEmpty: true).Contains("\"Verified\"", StringComparison.Ordinal))
                    {
                        await Task.Delay(100);
                    }

                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                    }
                });
                stopped.Killed = true;
                sim.Faults.Clear();
                return (stopped, await platform.AzureAsync(sim, "RootAccess-Remediate", parameters));
            });
            seen.Add(first);
            seen.Add(overlap);
            Expect(first.Failed, first, "the first job finished before it could be stopped");
            var stoppedAt = S3.Get(sim, "rootaccess-backups-111111111111", "rollouts/chg-2.json");
            var verifiedThen = Count(stoppedAt, "\"Verified\"");
            Expect(verifiedThen < named.Length, first, $"all {named.Length} accounts were done before the stop landed");
            Expect(overlap.Failed && overlap.Says("held by another run"), overlap, "a second job was not refused while the stopped job's lease held");

            // The next scheduled job, after the lease of the stopped one lapsed, completes without repeating a removal.
            await Task.Delay(TimeSpan.FromSeconds(125));
            var resumed = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Remediate", parameters));
            seen.Add(resumed);
            Expect(!resumed.Failed, resumed, "the resuming job failed");
            Expect(named.All(id => !Fixtures.HasCredentials(sim.State.FindAccount(id)!)), resumed, "an account still has root credentials");
            // A removal repeated meets NoSuchEntity (the audit's GetLoginProfile meets it too, for an account without a password).
            var repeated = sim.Trail.Records.Count(r => r["errorCode"]?.GetValue<string>() == "NoSuchEntity" && r["eventName"]?.GetValue<string>() is { } name && (name.StartsWith("Delete", StringComparison.Ordinal) || name.StartsWith("Deactivate", StringComparison.Ordinal)));
            Expect(repeated == 0, resumed, $"{repeated} removals were repeated (NoSuchEntity)");
            return $"stopped with {verifiedThen} of {named.Length} accounts verified; an overlapping job refused; the next job completed, no removal repeated";
        });
        // --- Azure Automation: RootAccess-Audit ---
        yield return new Case("RootAccess-Audit", "signs-in-and-audits", Fixtures.Hardened, async (sim, gate, seen) =>
        {
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Audit", Audit()));
            seen.Add(job);
            Expect(!job.Failed, job, "the job failed");
            Expect(job.Summary?["Succeeded"]?.GetValue<bool>() == true, job, "no successful summary object");
            var accounts = Csv.Rows(S3.Get(sim, "rootaccess-backups-111111111111", EvidenceKey("accounts.csv")));
            Expect(accounts == sim.State.Accounts.Count, job, $"accounts.csv holds {accounts} rows, the organization {sim.State.Accounts.Count} accounts");
            Expect(sim.IssuedRoleSessions.Any(s => s.RoleArn == AzureRole), job, "no role session came from the managed identity");
            return $"job succeeded, {accounts} accounts in the evidence, signed in as {sim.IssuedRoleSessions.First().AssumedRoleArn}";
        });
        yield return new Case("RootAccess-Audit", "expired-token", Fixtures.Hardened, async (sim, gate, seen) =>
        {
            sim.ManagedIdentity.Lifetime = TimeSpan.FromMinutes(-10);
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Audit", Audit()));
            seen.Add(job);
            return Refused(sim, job, "ExpiredTokenException");
        });
        yield return new Case("RootAccess-Audit", "wrong-audience", Fixtures.Hardened, async (sim, gate, seen) =>
        {
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Audit", Audit(audience: "api://another-app")));
            seen.Add(job);
            return Refused(sim, job, "InvalidIdentityToken");
        });
        yield return new Case("RootAccess-Audit", "role-does-not-trust-the-issuer", Fixtures.Hardened, async (sim, gate, seen) =>
        {
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Audit", Audit(role: "arn:aws:iam::111111111111:role/OtherTenantAutomation")));
            seen.Add(job);
            return Refused(sim, job, "AccessDenied");
        });
        yield return new Case("RootAccess-Audit", "one-member-fails", Fixtures.Hardened, async (sim, gate, seen) =>
        {
            var member = sim.State.Accounts.First(a => a.Id != Management && a.State == "ACTIVE").Id;
            sim.Faults.Add(new FaultRule { Operation = "AssumeRoot", AccountId = member, Kind = FaultKind.AccessDenied });
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Audit", Audit()));
            seen.Add(job);
            Expect(job.Failed, job, "the job succeeded although an account could not be audited");
            Expect(job.Says(member), job, $"the job's error does not name {member}");
            var csv = S3.Get(sim, "rootaccess-backups-111111111111", EvidenceKey("accounts.csv"));
            var rows = Csv.Rows(csv);
            var audited = csv.Split('\n').Count(l => l.Contains("\"Audited\"", StringComparison.Ordinal));
            Expect(rows == sim.State.Accounts.Count, job, $"the evidence holds {rows} of {sim.State.Accounts.Count} accounts");
            Expect(audited >= sim.State.Accounts.Count(a => a.State == "ACTIVE" && a.Id != Management) - 1, job, $"only {audited} accounts audited beside the failing one");
            return $"job failed naming {member}; every other account audited ({audited}), all {rows} in the evidence";
        });
        yield return new Case("RootAccess-Audit", "hardening-below-threshold-fails-the-job", Fixtures.Sample, async (sim, gate, seen) =>
        {
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Audit", Audit()));
            seen.Add(job);
            Expect(job.Failed, job, "the job succeeded although P0/P1 hardening controls fail");
            Expect(job.Says("hardening control"), job, "the failure does not name the hardening controls");
            Expect(S3.Exists(sim, "rootaccess-backups-111111111111", EvidenceKey("manifest.json")), job, "the evidence was not written");
            return "job failed on the hardening controls, evidence written";
        });
        yield return new Case("RootAccess-Audit", "unreadable-control-fails-the-job", Fixtures.Hardened, async (sim, gate, seen) =>
        {
            var parameters = Audit();
            parameters.Remove("AllowUnknownControl");
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Audit", parameters));
            seen.Add(job);
            Expect(job.Failed && job.Says("could not be read: RA-H06"), job, "the job passed although RA-H06 (P0) could not be read");
            return "job failed naming RA-H06, which it could not read";
        });
        yield return new Case("RootAccess-Audit", "evidence-write-denied", Fixtures.Hardened, async (sim, gate, seen) =>
        {
            sim.Faults.Add(new FaultRule { Operation = "PutObject", Kind = FaultKind.AccessDenied });
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Audit", Audit()));
            seen.Add(job);
            Expect(job.Failed, job, "the job succeeded although S3 refused every write");
            Expect(!S3.Exists(sim, "rootaccess-backups-111111111111", EvidenceKey("manifest.json")), job, "a manifest exists although writes were denied");
            return "job failed: " + job.Reason;
        });

        // --- Azure Automation: RootAccess-Remediate ---
        yield return new Case("RootAccess-Remediate", "nothing-by-default", Fixtures.Sample, async (sim, gate, seen) =>
        {
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Remediate", new Dictionary<string, object>()));
            seen.Add(job);
            Expect(job.Failed && !job.TimedOut, job, "the job did not fail at once without parameters");
            Expect(sim.CallCount("AssumeRoot") == 0 && !sim.CallLog.Any(c => c.StartsWith("Delete", StringComparison.Ordinal)), job, "AWS was called");
            return "job failed without calling AWS: " + job.Reason;
        });
        yield return new Case("RootAccess-Remediate", "removes-only-named-accounts", Fixtures.Sample, async (sim, gate, seen) =>
        {
            // Both named accounts hold root credentials in the sample; the others that do must keep them.
            var named = new[] { "444444444444", "888888888888" };
            var untouched = sim.State.Accounts.Where(a => !named.Contains(a.Id) && a.Id != Management && Fixtures.HasCredentials(a)).Select(a => (a.Id, Fixtures.Count(a))).ToList();
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Remediate", Removal(named, "s3://rootaccess-backups-111111111111/rollouts/chg-1.json", "CHG-1")));
            seen.Add(job);
            Expect(!job.Failed, job, "the job failed");
            Expect(named.All(id => !Fixtures.HasCredentials(sim.State.FindAccount(id)!)), job, "a named account still has root credentials");
            Expect(untouched.All(u => Fixtures.Count(sim.State.FindAccount(u.Id)!) == u.Item2), job, "an account that was not named changed");
            var manifest = S3.Get(sim, "rootaccess-backups-111111111111", "evidence/chg-1/manifest.json");
            Expect(manifest.Contains("\"changeReference\": \"CHG-1\"", StringComparison.Ordinal), job, "the evidence does not carry the change reference");
            return $"job succeeded: {string.Join(", ", named)} clean, {untouched.Count} other accounts untouched, evidence with CHG-1";
        });
        yield return new Case("RootAccess-Remediate", "named-account-not-in-the-organization", Fixtures.Sample, async (sim, gate, seen) =>
        {
            // A tired admin's typo: a 12-digit id that is no member. The rollout skips it; the job must not pass.
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Remediate", Removal(new[] { "444444444444", "444444444445" }, "s3://rootaccess-backups-111111111111/rollouts/chg-7.json", "CHG-7")));
            seen.Add(job);
            Expect(job.Failed && job.Says("444444444445"), job, "the job passed although a named account was never worked on");
            Expect(!Fixtures.HasCredentials(sim.State.FindAccount("444444444444")!), job, "the real account was not cleaned");
            return "job failed naming 444444444445; 444444444444 clean";
        });
        yield return new Case("RootAccess-Remediate", "evidence-location-of-another-rollout", Fixtures.Sample, async (sim, gate, seen) =>
        {
            // The evidence location of an earlier change, reused: that pack is no evidence of this rollout.
            var earlier = Removal(new[] { "444444444444" }, "s3://rootaccess-backups-111111111111/rollouts/chg-8.json", "CHG-8");
            var first = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Remediate", earlier));
            seen.Add(first);
            Expect(!first.Failed, first, "the earlier rollout failed");
            var reused = Removal(new[] { "888888888888" }, "s3://rootaccess-backups-111111111111/rollouts/chg-9.json", "CHG-9");
            reused["EvidenceS3Uri"] = earlier["EvidenceS3Uri"];
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Remediate", reused));
            seen.Add(job);
            Expect(job.Failed && job.Says("already holds an evidence pack"), job, "the job passed with another rollout's evidence");
            return "job failed: the evidence location already holds CHG-8's pack";
        });
        yield return new Case("RootAccess-Remediate", "unlock-backup-write-denied", Fixtures.Sample, async (sim, gate, seen) =>
        {
            sim.Faults.Add(new FaultRule { Operation = "PutObject", Kind = FaultKind.AccessDenied });
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Remediate", Unlock("CHG-3")));
            seen.Add(job);
            Expect(job.Failed, job, "the job succeeded although the backup could not be written");
            Expect(sim.State.FindBucket("data-lake-raw-777777777777")!.Value.Bucket.Policy is not null, job, "the policy was deleted without a backup");
            return "job failed, the policy is still there: " + job.Reason;
        });
        yield return new Case("RootAccess-Remediate", "unlock-with-verified-backup", Fixtures.Sample, async (sim, gate, seen) =>
        {
            var job = await Serial(gate, () => platform.AzureAsync(sim, "RootAccess-Remediate", Unlock("CHG-4")));
            seen.Add(job);
            Expect(!job.Failed, job, "the job failed");
            Expect(sim.State.FindBucket("data-lake-raw-777777777777")!.Value.Bucket.Policy is null, job, "the locked-out policy is still there");
            var backups = sim.State.FindBucket("rootaccess-backups-111111111111")!.Value.Bucket.Objects.Where(o => o.Key.StartsWith("backups/", StringComparison.Ordinal)).ToList();
            Expect(backups.Any(b => Encoding.UTF8.GetString(b.Value).Contains("\"ChangeReference\": \"CHG-4\"", StringComparison.Ordinal)), job, "no backup carries the change reference");
            return $"job succeeded, policy deleted after a backup with CHG-4 ({backups.Count} object(s))";
        });

        // --- SSM Automation documents ---
        yield return new Case("RootAccess-Audit.yaml", "executes-with-the-assume-role", Fixtures.Hardened, async (sim, gate, seen) =>
        {
            var (job, outputs, _) = await Serial(gate, () => platform.SsmAsync(sim, "RootAccess-Audit", new Dictionary<string, object> { ["AutomationAssumeRole"] = SsmRole, ["EvidenceS3Uri"] = Evidence, ["BreakGlassPrincipals"] = new[] { BreakGlass }, ["AllowUnknownControls"] = new[] { "RA-H06" } }, SsmRole));
            seen.Add(job);
            Expect(!job.Failed, job, "the step failed");
            Expect(outputs["Accounts"]?.GetValue<int>() == sim.State.Accounts.Count, job, "the Accounts output is not the organization's account count");
            var path = outputs["EvidencePath"]!.GetValue<string>();
            Expect(S3.Exists(sim, "rootaccess-backups-111111111111", path.Substring("s3://rootaccess-backups-111111111111/".Length) + "manifest.json"), job, "no evidence at the EvidencePath output");
            return $"step succeeded as {sim.IssuedRoleSessions.First().AssumedRoleArn}, outputs typed, evidence at {path}";
        });
        yield return new Case("RootAccess-Remediate.yaml", "removes-named-accounts", Fixtures.Sample, async (sim, gate, seen) =>
        {
            var parameters = new Dictionary<string, object>
            {
                ["AutomationAssumeRole"] = SsmRole,
                ["Action"] = "RemoveRootCredentials",
                ["ChangeReference"] = "CHG-5",
                ["AccountIds"] = new[] { "555555555555" },
                ["StateS3Uri"] = "s3://rootaccess-backups-111111111111/rollouts/chg-5.json",
                ["EvidenceS3Uri"] = "s3://rootaccess-backups-111111111111/evidence/chg-5/",
            };
            var (job, outputs, attempts) = await Serial(gate, () => platform.SsmAsync(sim, "RootAccess-Remediate", parameters, SsmRole));
            seen.Add(job);
            Expect(!job.Failed, job, "the step failed");
            Expect(outputs["Complete"]?.GetValue<bool>() == true, job, "the Complete output is not true");
            Expect(!Fixtures.HasCredentials(sim.State.FindAccount("555555555555")!), job, "555555555555 still has root credentials");
            return $"step succeeded in {attempts} attempt(s), rollout complete";
        });
        yield return new Case("RootAccess-Remediate.yaml", "nothing-without-an-action", Fixtures.Sample, async (sim, gate, seen) =>
        {
            var parameters = new Dictionary<string, object> { ["AutomationAssumeRole"] = SsmRole, ["ChangeReference"] = "CHG-6", ["AccountIds"] = new[] { "222222222222" } };
            var (job, _, attempts) = await Serial(gate, () => platform.SsmAsync(sim, "RootAccess-Remediate", parameters, SsmRole));
            seen.Add(job);
            Expect(job.Failed, job, "the step succeeded without an Action");
            Expect(sim.CallCount("AssumeRoot") == 0, job, "AWS root sessions were opened");
            return $"step failed in each of {attempts} attempts without touching AWS";
        });
    }

    private static Dictionary<string, object> Removal(string[] accounts, string state, string change) => new()
    {
        ["Action"] = "RemoveRootCredentials",
        ["ChangeReference"] = change,
        ["AccountId"] = accounts,
        ["StateS3Uri"] = state,
        ["EvidenceS3Uri"] = $"s3://rootaccess-backups-111111111111/evidence/{change.ToLowerInvariant()}/",
        ["RoleArn"] = AzureRole,
    };

    private static Dictionary<string, object> Unlock(string change) => new()
    {
        ["Action"] = "UnlockS3BucketPolicy",
        ["ChangeReference"] = change,
        ["AccountId"] = new[] { "777777777777" },
        ["BucketName"] = "data-lake-raw-777777777777",
        ["BackupS3Uri"] = "s3://rootaccess-backups-111111111111/backups/",
        ["RoleArn"] = AzureRole,
    };

    private static string EvidenceKey(string file) => $"evidence/{DateTime.UtcNow:yyyy-MM-dd}/rehearsal/{file}";

    // A refused sign-in: the job fails naming what STS answered, and nothing was read or written.
    private static string Refused(AwsSimulator sim, Job job, string code)
    {
        Expect(job.Failed, job, "the job succeeded");
        Expect(job.Says(code), job, $"the job's error does not say {code}");
        Expect(sim.IssuedRoleSessions.Count == 0 && sim.CallCount("AssumeRoot") == 0, job, "AWS was called with a refused identity");
        Expect(!sim.State.Accounts.SelectMany(a => a.Buckets).Any(b => b.Objects.Keys.Any(k => k.StartsWith("evidence/", StringComparison.Ordinal))), job, "evidence was written");
        return $"job failed with {code}, nothing read or written";
    }

    private static async Task<T> Serial<T>(SemaphoreSlim gate, Func<Task<T>> run)
    {
        await gate.WaitAsync();
        try
        {
            return await run();
        }
        finally
        {
            gate.Release();
        }
    }

    private static void Expect(bool condition, Job job, string what)
    {
        if (!condition)
        {
            throw new RehearsalFailure($"{what} (exit {job.ExitCode}{(job.TimedOut ? ", timed out" : string.Empty)}): {job.Reason}");
        }
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}

/// <summary>A rehearsal case: the runbook, its name, the organization it starts from, and what it runs and asserts.</summary>
internal sealed class Case
{
    private readonly Func<AwsSimulator, SemaphoreSlim, List<Job>, Task<string>> _run;

    public Case(string runbook, string name, Func<SimulatorState> fixture, Func<AwsSimulator, SemaphoreSlim, List<Job>, Task<string>> run)
    {
        Runbook = runbook;
        Name = name;
        Fixture = fixture;
        _run = run;
    }

    public string Runbook { get; }

    public string Name { get; }

    public Func<SimulatorState> Fixture { get; }

    /// <summary>Every job the case ran, for the secret scan.</summary>
    public List<Job> Seen { get; } = new();

    public Task<string> Run(AwsSimulator simulator, SemaphoreSlim gate) => _run(simulator, gate, Seen);
}

internal sealed class RehearsalFailure : Exception
{
    public RehearsalFailure(string message)
        : base(message)
    {
    }
}
