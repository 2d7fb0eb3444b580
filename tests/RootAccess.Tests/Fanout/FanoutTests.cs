using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Fanout;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

public sealed class FanoutTests
{
    [Fact]
    public async Task Under_throttling_and_server_errors_every_account_ends_as_exactly_one_row_or_one_error()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(500));
        org.Simulator.Faults.Seed(7);
        org.Simulator.Faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.Throttle, Probability = 0.10 });
        org.Simulator.Faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.ServerError, Probability = 0.02 });
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListAccounts", Kind = FaultKind.Throttle, Probability = 0 });

        var result = org.Run("Get-OrgAccounts -State ACTIVE | Get-RootCredentialStatus -ThrottleLimit 32");

        var all = SignaturePipelineTests.Rows(result);
        var everyRow = all.Select(r => r.AccountId).ToList();
        var rows = all.Where(r => r.Status == AuditStatus.Audited).Select(r => r.AccountId).ToList();
        var failedRows = all.Where(r => r.Status == AuditStatus.Failed).Select(r => r.AccountId).ToList();
        var failed = result.Errors.Select(e => (string)e.TargetObject).ToList();
        Assert.Equal(everyRow.Count, everyRow.Distinct().Count());
        Assert.Equal(failed.Count, failed.Distinct().Count());
        Assert.Empty(rows.Intersect(failed));
        Assert.Equal(failed.OrderBy(x => x), failedRows.OrderBy(x => x)); // each failed account: one Failed row and one error
        Assert.Equal(new[] { OrgBuilder.ManagementAccountId }, all.Where(r => r.Status == AuditStatus.Skipped).Select(r => r.AccountId));
        var expected = Enumerable.Range(1, 500).Select(OrgBuilder.MemberId).OrderBy(x => x);
        var missing = expected.Except(rows.Concat(failed)).ToList();
        Assert.True(missing.Count == 0, $"missing {string.Join(",", missing)}; {rows.Count} rows, {failed.Count} errors: {string.Join(" | ", result.Errors.Select(e => e.FullyQualifiedErrorId + " " + e.TargetObject + " " + e.ErrorDetails?.Message))}; warnings: {string.Join(" | ", result.Warnings)}");
        Assert.Equal(expected, rows.Concat(failed).OrderBy(x => x));
        Assert.Equal(expected.Append(OrgBuilder.ManagementAccountId).OrderBy(x => x), everyRow.OrderBy(x => x));
        Assert.True(rows.Count > 450, $"only {rows.Count} of 500 accounts succeeded; retries should absorb most injected faults");
        Assert.All(result.Errors, e => Assert.Matches("^(AssumeRootFailed|RootCredentialAuditFailed),", e.FullyQualifiedErrorId));
    }

    [Fact]
    public async Task A_listing_that_dies_part_way_under_faults_still_reports_every_account_it_listed_once()
    {
        var state = OrgBuilder.Organization(1000);
        await using var org = await SimulatedOrganization.StartAsync(state);
        org.Simulator.Faults.Seed(11);
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListAccounts", Kind = FaultKind.ServerError, AfterCalls = 30 });
        org.Simulator.Faults.Add(new FaultRule { Operation = "AssumeRoot", Kind = FaultKind.Throttle, Probability = 0.10 });
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListMFADevices", Kind = FaultKind.AccessDenied, Probability = 0.02 });

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus -ThrottleLimit 32");

        var listed = state.Accounts.Take(30 * 20).Select(a => a.Id).OrderBy(x => x).ToList();
        var rows = SignaturePipelineTests.Rows(result);
        Assert.Equal(listed, rows.Select(r => r.AccountId).OrderBy(x => x)); // every listed account exactly once, no other
        var listing = Assert.Single(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("ListAccountsFailed", StringComparison.Ordinal));
        Assert.Contains("stopped after 600 accounts", listing.ErrorDetails.Message);
        var failed = rows.Where(r => r.Status == AuditStatus.Failed).Select(r => r.AccountId).OrderBy(x => x).ToList();
        Assert.NotEmpty(failed);
        Assert.Equal(failed, result.Errors.Where(e => e != listing).Select(e => (string)e.TargetObject).OrderBy(x => x));
        Assert.DoesNotContain("ended before it could report", result.HostText);
    }

    [Fact]
    public async Task When_an_upstream_command_dies_every_account_in_flight_is_named_not_dropped()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(40));
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListAccessKeys", Kind = FaultKind.Latency, LatencyMs = 300 });
        var input = Enumerable.Range(1, 40).Select(OrgBuilder.MemberId).ToArray();

        var result = org.Run("$ids = $args[0]; & { foreach ($id in $ids) { $id }; throw 'the upstream source failed' } | Get-RootCredentialStatus -ThrottleLimit 8", (object)input);

        var written = SignaturePipelineTests.Rows(result).Select(r => r.AccountId).ToList();
        var named = input.Where(id => System.Text.RegularExpressions.Regex.IsMatch(result.HostText, $"(?m)^WARNING:   {id}: ")).ToList();
        Assert.Contains(result.Errors, e => e.Exception.Message.Contains("the upstream source failed"));
        Assert.NotEmpty(named); // the throw came while accounts were still in flight
        Assert.Empty(written.Intersect(named));
        Assert.Equal(input.OrderBy(x => x), written.Concat(named).OrderBy(x => x));
        Assert.Contains("ended before it could report", result.HostText);
    }

    [Fact]
    public async Task Ordered_output_follows_input_order_even_when_early_accounts_are_slow()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(12));
        org.Simulator.Faults.Add(new FaultRule { Operation = "AssumeRoot", AccountId = OrgBuilder.MemberId(1), Kind = FaultKind.Latency, LatencyMs = 400 });
        org.Simulator.Faults.Add(new FaultRule { Operation = "AssumeRoot", AccountId = OrgBuilder.MemberId(2), Kind = FaultKind.Latency, LatencyMs = 200 });
        var input = Enumerable.Range(1, 12).Select(OrgBuilder.MemberId).ToArray();

        var ordered = org.Run("$args[0] | Get-RootCredentialStatus -Ordered -ThrottleLimit 4", (object)input);
        var unordered = org.Run("$args[0] | Get-RootCredentialStatus -ThrottleLimit 4", (object)input);

        Assert.Empty(ordered.Errors);
        Assert.Equal(input, ordered.Output.Select(o => ((RootCredentialStatus)o.BaseObject).AccountId));
        Assert.NotEqual(input, unordered.Output.Select(o => ((RootCredentialStatus)o.BaseObject).AccountId));
        Assert.Equal(input.OrderBy(x => x), unordered.Output.Select(o => ((RootCredentialStatus)o.BaseObject).AccountId).OrderBy(x => x));
    }

    [Fact]
    public async Task Auditing_starts_before_the_account_listing_ends()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(30));
        org.Simulator.OrganizationsPageSize = 5;
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListAccounts", Kind = FaultKind.Latency, LatencyMs = 100 });

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus");

        Assert.Empty(result.Errors);
        Assert.Equal(30, SignaturePipelineTests.Rows(result).Count(r => r.Status == AuditStatus.Audited));
        var log = org.Simulator.CallLog.ToList();
        Assert.True(log.IndexOf("AssumeRoot") < log.LastIndexOf("ListAccounts"), "the first AssumeRoot should come before the last ListAccounts page");
    }

    [Fact]
    public async Task Stopping_the_pipeline_returns_promptly_and_leaves_nothing_running()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(200));
        org.Simulator.Faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.Latency, LatencyMs = 200 });
        using var ps = PowerShell.Create();
        ps.Runspace = org.PowerShell.Runspace;
        ps.AddScript("Get-OrgAccounts | Get-RootCredentialStatus -ThrottleLimit 8");

        var running = ps.BeginInvoke();
        await WaitUntil(() => org.Simulator.CallCount("ListMFADevices") >= 8, TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        await Task.Factory.FromAsync(ps.BeginStop(null, null), ps.EndStop);
        clock.Stop();
        var callsAtStop = org.Simulator.CallLog.Count;
        await Task.Delay(700);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"stopping took {clock.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.InRange(org.Simulator.CallLog.Count - callsAtStop, 0, 0);
        Assert.True(org.Simulator.CallCount("AssumeRoot") < 200, "the run should have been cut short");
    }

    [Fact]
    public void The_engine_runs_each_input_once_and_reports_each_failure_with_its_input()
    {
        // Retrying is the AWS layer's job, at the call: re-running a unit would open a second root session.
        var attempts = new Dictionary<int, int>();
        var options = new FanoutOptions { ThrottleLimit = 3 };
        using var engine = new FanoutEngine<int, int>(async (i, ct) =>
        {
            lock (attempts)
            {
                attempts[i] = attempts.TryGetValue(i, out var a) ? a + 1 : 1;
            }

            await Task.Yield();
            return i switch
            {
                1 or 2 => throw new TimeoutException("throttled"),
                3 => throw new InvalidOperationException("not retryable"),
                _ => i * 10,
            };
        }, options, CancellationToken.None);

        var results = Enumerable.Range(0, 10).SelectMany(engine.Post).ToList();
        results.AddRange(engine.Complete());

        Assert.Equal(Enumerable.Range(0, 10), results.Select(r => r.Input).OrderBy(i => i));
        Assert.All(attempts.Values, n => Assert.Equal(1, n));
        Assert.IsType<TimeoutException>(results.Single(r => r.Input == 1).Error);
        Assert.IsType<TimeoutException>(results.Single(r => r.Input == 2).Error);
        Assert.IsType<InvalidOperationException>(results.Single(r => r.Input == 3).Error);
        Assert.Equal(40, results.Single(r => r.Input == 4).Output);
    }

    [Fact]
    public void The_engine_never_runs_more_than_the_throttle_limit_at_once()
    {
        var current = 0;
        var peak = 0;
        using var engine = new FanoutEngine<int, int>(async (i, ct) =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref current);
            return i;
        }, new FanoutOptions { ThrottleLimit = 4 }, CancellationToken.None);

        var results = Enumerable.Range(0, 60).SelectMany(engine.Post).ToList();
        results.AddRange(engine.Complete());

        Assert.Equal(60, results.Count);
        Assert.InRange(peak, 2, 4);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, "timed out waiting for the run to get going");
            await Task.Delay(20);
        }
    }
}
