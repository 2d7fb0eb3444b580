using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;
using Xunit.Abstractions;

namespace RootAccess.Tests;

/// <summary>
/// The rollout under faults: a thousand members with throttling and failures injected, stopped at random points and
/// resumed (state in a file and in S3), a state write denied part-way, and a stop in the middle of an account.
/// </summary>
public sealed class RolloutFaultTests : IDisposable
{
    private const string StateBucket = "rollout-state-100000000000";

    private readonly ITestOutputHelper _log;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rootaccess-rollout-faults-" + Guid.NewGuid().ToString("N"));

    public RolloutFaultTests(ITestOutputHelper log)
    {
        _log = log;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, true);

    private static SimulatorState Organization(int members)
    {
        var state = OrgBuilder.Organization(members);
        state.FindAccount(OrgBuilder.ManagementAccountId)!.Buckets.Add(new SimBucket { Name = StateBucket });
        return state;
    }

    private static byte[] StoredState(SimulatedOrganization org, string key) => org.State.FindAccount(OrgBuilder.ManagementAccountId)!.Buckets.Single(b => b.Name == StateBucket).Objects[key];

    private static class Amazon
    {
        public static global::Amazon.S3.IAmazonS3 S3Client(SimulatedOrganization org)
            => new global::Amazon.S3.AmazonS3Client(new global::Amazon.Runtime.BasicAWSCredentials(OrgBuilder.AdminKey, OrgBuilder.AdminSecret), new global::Amazon.S3.AmazonS3Config { ServiceURL = org.Simulator.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
    }

    private static void InjectStorm(AwsSimulator simulator)
    {
        simulator.Faults.Seed(2026);
        simulator.Faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.Throttle, Probability = 0.1 });
        foreach (var operation in new[] { "DeleteAccessKey", "DeleteLoginProfile", "ListMFADevices", "AssumeRoot" })
        {
            simulator.Faults.Add(new FaultRule { Operation = operation, Kind = FaultKind.AccessDenied, Probability = 0.03 });
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_thousand_members_under_a_storm_stopped_five_times_end_each_in_one_final_state_with_no_removal_repeated(bool inS3)
    {
        const int members = 1000;
        await using var org = await SimulatedOrganization.StartAsync(Organization(members));
        InjectStorm(org.Simulator);
        var statePath = inS3 ? $"s3://{StateBucket}/rollouts/root.json" : Path.Combine(_folder, "rollout.json");
        var run = $"Invoke-RootCredentialRollout -StatePath '{statePath}' -Force -WaveSize 100 -MaxFailurePercent 100";
        var random = new Random(inS3 ? 11 : 7);
        var stops = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(300, 2500)));
            var result = org.PowerShell.Run(run, stop.Token);
            stops += result.Stopped ? 1 : 0;
        }

        // As a runbook would: run again until the rollout is complete (a run may stop on a state write the storm failed).
        var final = org.PowerShell.Run(run);
        for (var again = 0; again < 3 && final.Errors.Any(e => e.FullyQualifiedErrorId.StartsWith("RolloutStateWriteFailed", StringComparison.Ordinal)); again++)
        {
            final = org.PowerShell.Run(run);
        }

        var document = inS3 ? RolloutStateCodec.Decode(StoredState(org, "rollouts/root.json"), statePath) : RolloutTests.Read(statePath);
        _log.WriteLine($"stopped {stops} of 5 runs; final run errors {final.Errors.Count}; " + string.Join(", ", document.Accounts.GroupBy(a => a.State).Select(g => $"{g.Key} {g.Count()}")));
        Assert.True(stops >= 3, $"only {stops} of the 5 runs were stopped part-way");
        Assert.DoesNotContain(final.Errors, e => !e.FullyQualifiedErrorId.StartsWith("RolloutAccountFailed", StringComparison.Ordinal));
        Assert.Equal(members + 1, document.Accounts.Count);
        Assert.Equal(members + 1, document.Accounts.Select(a => a.AccountId).Distinct().Count());
        Assert.All(document.Accounts, a => Assert.True(a.IsFinal, $"{a.AccountId} ended {a.State}"));
        Assert.Null(document.Lease);
        Assert.Contains(document.Accounts, a => a.State == RolloutAccountState.Failed);
        Assert.Contains(document.Accounts, a => a.Attempts > 1);

        var removals = RolloutTests.RemovalCalls(org);
        Assert.Equal(0, RolloutTests.RepeatedRemovals(org));
        for (var i = 1; i <= members; i++)
        {
            var id = OrgBuilder.MemberId(i);
            var record = document.Find(id)!;
            var root = org.State.FindAccount(id)!.RootUser;
            Assert.True(removals[id].Count() <= RolloutTests.Items(i), $"{id}: {removals[id].Count()} removals of {RolloutTests.Items(i)} items");
            if (record.State == RolloutAccountState.Verified)
            {
                Assert.Equal(RolloutTests.Items(i), removals[id].Count());
                Assert.Null(root.Password);
                Assert.Empty(root.AccessKeys);
                Assert.All(root.MfaDevices, d => Assert.False(d.Active));
            }
            else
            {
                Assert.Equal(RolloutAccountState.Failed, record.State);
                Assert.False(string.IsNullOrEmpty(record.ErrorId));
            }
        }
    }

    [Fact]
    public async Task A_state_write_denied_part_way_stops_before_the_next_account_and_nothing_is_removed_that_the_state_does_not_record()
    {
        await using var org = await SimulatedOrganization.StartAsync(Organization(20));
        var statePath = $"s3://{StateBucket}/rollouts/denied.json";
        org.Simulator.Faults.Add(new FaultRule { Operation = "PutObject", Kind = FaultKind.AccessDenied, AfterCalls = 9 });

        var denied = org.Run($"Invoke-RootCredentialRollout -StatePath '{statePath}' -Force -WaveSize 5 -ThrottleLimit 1");

        Assert.Contains(denied.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutStateWriteFailed", StringComparison.Ordinal));
        var document = RolloutStateCodec.Decode(StoredState(org, "rollouts/denied.json"), statePath);
        var removals = RolloutTests.RemovalCalls(org);
        Assert.NotEmpty(removals);
        foreach (var touched in removals)
        {
            // Every account AWS saw a removal for is one the state records as under way or done, never as Planned.
            Assert.NotEqual(RolloutAccountState.Planned, document.Find(touched.Key)!.State);
        }

        // Only the account whose step could not be written is left in progress; none after it was started.
        Assert.True(document.Accounts.Count(a => a.State is RolloutAccountState.Removing or RolloutAccountState.Removed) <= 1);

        // The failed run could not release its lease either: the next run is refused until it expires.
        org.Simulator.Faults.Clear();
        var early = org.Run($"Invoke-RootCredentialRollout -StatePath '{statePath}' -Force");
        Assert.Equal("RolloutStateInUse", Assert.Single(early.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(removals.Sum(g => g.Count()), RolloutTests.RemovalCalls(org).Sum(g => g.Count()));

        // Once it has expired (the clock moved past it), a run takes the state over and finishes.
        using (var store = S3RolloutStore.From(statePath, () => Amazon.S3Client(org)))
        {
            var (stale, tag) = RolloutRun.Load(store);
            RolloutRun.Begin(store, stale!, tag, stale!.OrganizationId, () => DateTimeOffset.UtcNow + RolloutRun.LeaseTime + TimeSpan.FromSeconds(1)).End("taken over after the lease expired");
        }

        var resumed = org.Run($"Invoke-RootCredentialRollout -StatePath '{statePath}' -Force");
        Assert.Empty(resumed.Errors);
        Assert.True(RolloutStateCodec.Decode(StoredState(org, "rollouts/denied.json"), statePath).IsComplete);
        for (var i = 1; i <= 20; i++)
        {
            Assert.Equal(RolloutTests.Items(i), RolloutTests.RemovalCalls(org)[OrgBuilder.MemberId(i)].Count());
        }
    }

    [Fact]
    public async Task A_stop_in_the_middle_of_a_removal_leaves_the_account_written_ahead_and_the_next_run_finishes_it_once()
    {
        await using var org = await SimulatedOrganization.StartAsync(Organization(6));
        var statePath = Path.Combine(_folder, "stopped.json");
        // Member 6 has a password, keys and MFA: its password removal is slow, and the stop lands during it.
        org.Simulator.Faults.Add(new FaultRule { Operation = "DeleteLoginProfile", AccountId = OrgBuilder.MemberId(6), Kind = FaultKind.Latency, LatencyMs = 3000 });
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!org.Simulator.Trail.Records.Any(r => r["eventName"]!.GetValue<string>() == "DeleteAccessKey" && r["recipientAccountId"]!.GetValue<string>() == OrgBuilder.MemberId(6)))
            {
                await Task.Delay(20);
            }

            await Task.Delay(500);
            stop.Cancel();
        });

        var stopped = org.PowerShell.Run($"Invoke-RootCredentialRollout -StatePath '{statePath}' -Force", stop.Token);
        await watcher;

        Assert.True(stopped.Stopped);
        var document = RolloutTests.Read(statePath);
        Assert.Equal(RolloutAccountState.Removing, document.Find(OrgBuilder.MemberId(6))!.State);
        Assert.Null(document.Lease);
        Assert.Contains("stopped", document.StoppedBecause, StringComparison.Ordinal);
        await Task.Delay(3000);

        var resumed = org.Run($"Invoke-RootCredentialRollout -StatePath '{statePath}' -Force");

        Assert.Empty(resumed.Errors);
        var after = RolloutTests.Read(statePath);
        Assert.True(after.IsComplete);
        Assert.Equal(2, after.Find(OrgBuilder.MemberId(6))!.Attempts);
        Assert.Equal(RolloutTests.Items(6), RolloutTests.RemovalCalls(org)[OrgBuilder.MemberId(6)].Count());
        Assert.Equal(0, RolloutTests.RepeatedRemovals(org));
    }
}
