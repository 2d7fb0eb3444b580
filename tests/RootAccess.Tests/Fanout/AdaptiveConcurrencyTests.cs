using System;
using System.Linq;
using System.Threading.Tasks;
using RootAccess.Fanout;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests.Services;

/// <summary>The default concurrency adapts to AWS's quotas; an explicit -ThrottleLimit stays a hard cap.</summary>
public sealed class AdaptiveConcurrencyTests
{
    [Fact]
    public void The_limit_doubles_until_the_first_throttle_then_grows_by_one_and_halves_once_per_cool_down()
    {
        var limit = AdaptiveLimit.Adaptive(4, 64, TimeSpan.FromHours(1));

        Succeed(limit, 4);
        var afterSlowStart = limit.Current;
        limit.OnThrottle();
        limit.OnThrottle(); // the same overload: within the cool-down, halved once
        var afterThrottle = limit.Current;
        Succeed(limit, afterThrottle);

        Assert.Equal(8, afterSlowStart);
        Assert.Equal(4, afterThrottle);
        Assert.Equal(5, limit.Current); // additive increase after the first throttle
        Assert.Equal(2, limit.Throttles);
        Assert.Equal(8, limit.Peak);
    }

    [Fact]
    public void A_fixed_limit_never_moves()
    {
        var limit = AdaptiveLimit.Fixed(16);

        Succeed(limit, 100);
        limit.OnThrottle();

        Assert.Equal(16, limit.Current);
        Assert.Equal(16, limit.Peak);
    }

    [Fact]
    public void The_limit_never_drops_below_one_or_grows_past_its_maximum()
    {
        var limit = AdaptiveLimit.Adaptive(2, 8, TimeSpan.Zero);

        Succeed(limit, 100);
        var top = limit.Current;
        for (var i = 0; i < 10; i++)
        {
            limit.OnThrottle();
        }

        Assert.Equal(8, top);
        Assert.Equal(1, limit.Current);
    }

    [Fact]
    public async Task Under_sts_and_iam_quotas_the_default_audit_adapts_and_loses_no_account()
    {
        var state = OrgBuilder.Organization(300);
        state.Quotas = new SimQuotas { Sts = 60, Iam = 20 };
        await using var org = await SimulatedOrganization.StartAsync(state);
        org.Simulator.Faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.Latency, LatencyMs = 5 });

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus -Verbose");

        var rows = SignaturePipelineTests.Rows(result);
        Assert.Empty(result.Errors);
        Assert.Equal(300, rows.Count(r => r.Status == AuditStatus.Audited));
        Assert.True(org.Simulator.Throttled.TryGetValue("sts", out var throttled) && throttled > 0, "the quota should have pushed back");
        var summary = Assert.Single(result.Verbose, v => v.Contains("concurrency adaptive"));
        Assert.Matches(@"\d+ throttled calls retried", summary);
    }

    [Fact]
    public async Task An_explicit_ThrottleLimit_is_a_hard_cap()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(60));

        var result = org.Run("Get-OrgAccounts | Get-RootCredentialStatus -ThrottleLimit 3 -Verbose");

        Assert.Empty(result.Errors);
        Assert.Contains(result.Verbose, v => v.Contains("concurrency fixed at 3"));
    }

    private static void Succeed(AdaptiveLimit limit, int times)
    {
        for (var i = 0; i < times; i++)
        {
            limit.OnSuccess();
        }
    }
}
