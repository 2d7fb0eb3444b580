using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

/// <summary>Invoke-RootCredentialRollout end to end against the simulator: plan, waves, resume, refusals and faults.</summary>
public sealed class RolloutTests : IDisposable
{
    private static readonly string[] Deletes = { "DeleteAccessKey", "DeleteLoginProfile", "DeactivateMFADevice", "DeleteSigningCertificate" };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rootaccess-rollout-" + Guid.NewGuid().ToString("N"));

    public RolloutTests() => Directory.CreateDirectory(_folder);

    private string StatePath => Path.Combine(_folder, "rollout.json");

    public void Dispose() => Directory.Delete(_folder, true);

    internal static RolloutDocument Read(string path) => RolloutStateCodec.Decode(File.ReadAllBytes(path), path);

    // Successful removal calls per account, from the simulator's CloudTrail (root sessions' calls are logged per account).
    internal static ILookup<string, string> RemovalCalls(SimulatedOrganization org)
        => org.Simulator.Trail.Records
            .Where(r => Deletes.Contains(r["eventName"]!.GetValue<string>()) && r["errorCode"] is null)
            .ToLookup(r => r["recipientAccountId"]!.GetValue<string>(), r => r["eventName"]!.GetValue<string>());

    // Removal calls that found their item already gone: what a repeated removal would leave in the trail.
    internal static int RepeatedRemovals(SimulatedOrganization org)
        => org.Simulator.Trail.Records.Count(r => Deletes.Contains(r["eventName"]!.GetValue<string>()) && r["errorCode"]?.GetValue<string>() == "NoSuchEntity");

    internal static int Items(int i) => (OrgBuilder.ExpectPassword(i) ? 1 : 0) + OrgBuilder.ExpectMfa(i) + OrgBuilder.ExpectKeys(i) + OrgBuilder.ExpectCertificates(i);

    [Fact]
    public async Task A_rollout_removes_every_members_root_credentials_in_waves_and_records_each_account_once()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(12));
        var keep = OrgBuilder.MemberId(6);

        var result = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -WaveSize 5 -ExcludeAccountId {keep} -ExcludeReason 'break-glass account, CHG-1'");

        Assert.Empty(result.Errors);
        var state = Read(StatePath);
        Assert.Equal(13, state.Accounts.Count);
        Assert.All(state.Accounts, a => Assert.True(a.IsFinal, a.AccountId + " " + a.State));
        Assert.Equal(RolloutAccountState.Skipped, state.Find(OrgBuilder.ManagementAccountId)!.State);
        Assert.Equal(RolloutAccountState.Excluded, state.Find(keep)!.State);
        Assert.Equal("break-glass account, CHG-1", state.Find(keep)!.Reason);
        Assert.Equal(3, state.WaveCount);
        Assert.Null(state.Lease);
        Assert.Null(state.StoppedBecause);
        Assert.Equal(13, result.Output.Count);
        var removals = RemovalCalls(org);
        for (var i = 1; i <= 12; i++)
        {
            var id = OrgBuilder.MemberId(i);
            var root = org.State.FindAccount(id)!.RootUser;
            if (id == keep)
            {
                Assert.NotNull(root.Password);
                Assert.Empty(removals[id]);
                continue;
            }

            Assert.Equal(RolloutAccountState.Verified, state.Find(id)!.State);
            Assert.Null(root.Password);
            Assert.Empty(root.AccessKeys);
            Assert.All(root.MfaDevices, d => Assert.False(d.Active));
            Assert.Equal(Items(i), removals[id].Count());
            Assert.Equal(Items(i) > 0, state.Find(id)!.Before!.HasRootCredentials);
            Assert.False(state.Find(id)!.After!.HasRootCredentials && root.MfaDevices.Any(d => d.Active));
        }

        var again = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force");
        Assert.Empty(again.Errors);
        Assert.Empty(again.Output);
        Assert.Equal(removals.Sum(g => g.Count()), RemovalCalls(org).Sum(g => g.Count()));
        Assert.Equal(0, RepeatedRemovals(org));

        var rows = org.Run($"Get-RootCredentialRollout -StatePath '{StatePath}'").Output.Select(o => (RolloutAccountStatus)o.BaseObject).ToList();
        Assert.Equal(13, rows.Count);
        var summary = (RolloutSummary)org.Run($"Get-RootCredentialRollout -StatePath '{StatePath}' -Summary").Output.Single().BaseObject;
        Assert.True(summary.Complete);
        Assert.Equal(11, summary.Verified);
        Assert.Equal(1, summary.Excluded);
        Assert.Equal(1, summary.Skipped);
    }

    [Fact]
    public async Task WhatIf_shows_the_plan_opens_no_session_and_writes_no_state()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(6));
        var before = org.State.ToJson();

        var result = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -WhatIf -WaveSize 2");

        Assert.Empty(result.Errors);
        Assert.False(File.Exists(StatePath));
        Assert.Equal(before, org.State.ToJson());
        Assert.DoesNotContain(org.Simulator.Trail.Records, r => r["eventName"]!.GetValue<string>() == "AssumeRoot");
        Assert.Contains("What if: Remove the root credentials", result.HostText);
        Assert.Contains("wave 3 of 3", result.HostText);
        Assert.Equal(7, result.Output.Count);
        Assert.Equal(6, result.Output.Select(o => (RolloutAccountStatus)o.BaseObject).Count(r => r.State == RolloutAccountState.Planned));
    }

    [Fact]
    public async Task A_state_edited_cut_short_of_another_version_or_organization_is_refused_and_nothing_is_touched()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(4));
        var planned = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -TimeLimit 0");
        Assert.Contains(planned.Warnings, w => w.Contains("-TimeLimit", StringComparison.Ordinal));
        var good = File.ReadAllBytes(StatePath);
        var document = Read(StatePath);
        Assert.Equal(4, document.Accounts.Count(a => a.State == RolloutAccountState.Planned));
        var before = org.State.ToJson();

        string Refusal(byte[] bytes)
        {
            File.WriteAllBytes(StatePath, bytes);
            var result = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force");
            Assert.Equal(before, org.State.ToJson());
            var error = Assert.Single(result.Errors);
            Assert.Contains(StatePath, error.ErrorDetails.Message, StringComparison.Ordinal);
            return error.FullyQualifiedErrorId.Split(',')[0];
        }

        var text = Encoding.UTF8.GetString(good);
        var firstPlanned = text.IndexOf("\"Planned\"", StringComparison.Ordinal);
        Assert.Equal("RolloutStateTampered", Refusal(Encoding.UTF8.GetBytes(text.Substring(0, firstPlanned) + "\"Verified\"" + text.Substring(firstPlanned + 9))));
        Assert.Equal("RolloutStateUnreadable", Refusal(good.Take(good.Length / 2).ToArray()));
        document.Version = 0;
        Assert.Equal("RolloutStateVersion", Refusal(RolloutStateCodec.Encode(document)));
        document.Version = RolloutDocument.CurrentVersion;
        document.OrganizationId = "o-someoneelse";
        Assert.Equal("RolloutStateOtherOrganization", Refusal(RolloutStateCodec.Encode(document)));

        File.WriteAllBytes(StatePath, good);
        Assert.Empty(org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force").Errors);
        Assert.True(Read(StatePath).IsComplete);
    }

    [Fact]
    public async Task A_second_run_on_a_state_another_run_holds_is_refused_and_a_writer_that_lost_the_race_stops()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(3));
        org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -TimeLimit 0");
        var store = new FileRolloutStore(StatePath);
        var (document, tag) = RolloutRun.Load(store);
        var holder = RolloutRun.Begin(store, document!, tag, document!.OrganizationId);

        var second = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force");

        var error = Assert.Single(second.Errors);
        Assert.Equal("RolloutStateInUse", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains(holder.Owner, error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Empty(RemovalCalls(org));

        // Two runs that both read the same version (the lease not yet taken): the one that writes second is refused.
        var (stale, _) = RolloutRun.Load(store);
        stale!.Lease = null;
        var lost = Assert.Throws<RolloutStateException>(() => RolloutRun.Begin(store, stale, tag, document.OrganizationId));
        Assert.Equal("RolloutStateInUse", lost.ErrorId);
    }

    [Fact]
    public async Task A_wave_above_the_failure_threshold_stops_the_rollout_until_retried()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(8));
        var rule = org.Simulator.Faults.Add(new FaultRule { Operation = "DeleteLoginProfile", Kind = FaultKind.AccessDenied });

        var halted = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -WaveSize 4 -MaxFailurePercent 25");

        Assert.Contains(halted.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutHalted", StringComparison.Ordinal));
        Assert.Contains(halted.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutAccountFailed", StringComparison.Ordinal));
        var state = Read(StatePath);
        Assert.All(state.Accounts.Where(a => a.Wave == 2), a => Assert.Equal(RolloutAccountState.Planned, a.State));
        Assert.Contains("Wave 1 failed in 2 of 4", state.StoppedBecause, StringComparison.Ordinal);

        var still = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -MaxFailurePercent 25");
        Assert.Contains(still.Errors, e => e.FullyQualifiedErrorId.StartsWith("RolloutHalted", StringComparison.Ordinal));
        Assert.All(Read(StatePath).Accounts.Where(a => a.Wave == 2), a => Assert.Equal(RolloutAccountState.Planned, a.State));

        org.Simulator.Faults.Clear();
        var retried = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -MaxFailurePercent 25 -RetryFailed");
        Assert.Empty(retried.Errors);
        Assert.All(Read(StatePath).Accounts.Where(a => a.Wave > 0), a => Assert.Equal(RolloutAccountState.Verified, a.State));
        _ = rule;
    }

    [Fact]
    public async Task A_resume_given_another_plan_or_a_missing_state_with_Resume_is_refused_before_any_session()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(4));
        var missing = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -Resume");
        Assert.Equal("RolloutStateNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.False(File.Exists(StatePath));

        org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -CredentialType AccessKey -TimeLimit 0");
        foreach (var other in new[] { "-CredentialType AccessKey, LoginProfile", "-WaveSize 2", $"-AccountId {OrgBuilder.MemberId(1)}", "-OrganizationalUnitId ou-test-aaaaaaaa", "-AllowPasswordWithoutMfa" })
        {
            var refused = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -Resume {other}");
            Assert.Equal("RolloutPlanMismatch", Assert.Single(refused.Errors).FullyQualifiedErrorId.Split(',')[0]);
        }

        Assert.DoesNotContain(org.Simulator.Trail.Records, r => r["eventName"]!.GetValue<string>() == "AssumeRoot");
        Assert.Empty(org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -Resume -CredentialType AccessKey").Errors);
        Assert.True(Read(StatePath).IsComplete);
        Assert.NotNull(org.State.FindAccount(OrgBuilder.MemberId(4))!.RootUser.Password);
    }

    [Fact]
    public async Task A_state_whose_lists_were_nulled_with_a_recomputed_digest_is_refused_not_crashed_on()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));
        org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -TimeLimit 0");
        using var file = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(StatePath));
        var state = System.Text.Json.Nodes.JsonNode.Parse(file.RootElement.GetProperty("state").GetRawText())!;
        state["accounts"] = null;
        var text = state.ToJsonString();
        File.WriteAllText(StatePath, "{\"sha256\": \"" + RolloutStateCodec.Digest(text) + "\", \"state\": " + text + "}");

        var result = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force");

        Assert.Equal("RolloutStateUnreadable", Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public async Task Accounts_that_left_or_were_suspended_between_runs_are_skipped_with_the_reason()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(4));
        org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force -TimeLimit 0");
        org.State.FindAccount(OrgBuilder.MemberId(2))!.State = "SUSPENDED";
        org.State.Accounts.Remove(org.State.FindAccount(OrgBuilder.MemberId(3))!);

        var result = org.Run($"Invoke-RootCredentialRollout -StatePath '{StatePath}' -Force");

        Assert.Empty(result.Errors);
        var state = Read(StatePath);
        Assert.Contains("SUSPENDED", state.Find(OrgBuilder.MemberId(2))!.Reason, StringComparison.Ordinal);
        Assert.Equal(RolloutAccountState.Skipped, state.Find(OrgBuilder.MemberId(2))!.State);
        Assert.Equal("The account is no longer in the organization.", state.Find(OrgBuilder.MemberId(3))!.Reason);
        Assert.Empty(RemovalCalls(org)[OrgBuilder.MemberId(2)]);
        Assert.True(state.IsComplete);
    }
}
