using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RootAccess.Root;
using Xunit;
using RootAccess.Core;

namespace RootAccess.Tests;

public sealed class AssumeRootEventTests : IDisposable
{
    private static readonly DateTime Day = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "rootaccess-trail-" + Guid.NewGuid());

    public void Dispose()
    {
        if (Directory.Exists(_logs))
        {
            Directory.Delete(_logs, true);
        }
    }

    private const string Admin = "arn:aws:iam::100000000000:role/RootAccessAdmin";

    private const string Window = "-StartTime '2026-11-20T00:00:00Z' -EndTime '2026-11-21T00:00:00Z' -ChangeWindow '2026-11-20T09:00:00Z','2026-11-20T17:00:00Z' -ExpectedSourceIp 203.0.113.0/24, 2001:db8::/32";

    // Each task policy inside the window from an expected address, one denied, one from elsewhere, one at night.
    private static async Task<SimulatedOrganization> Scenario()
    {
        var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(3));
        var trail = org.Simulator.Trail;
        trail.AddAssumeRoot(Day.AddHours(10), Admin, "203.0.113.5", OrgBuilder.MemberId(1), "IAMAuditRootUserCredentials");
        trail.AddAssumeRoot(Day.AddHours(11), Admin, "203.0.113.5", OrgBuilder.MemberId(1), "IAMDeleteRootUserCredentials");
        trail.AddAssumeRoot(Day.AddHours(12), Admin, "2001:db8::7", OrgBuilder.MemberId(2), "S3UnlockBucketPolicy");
        trail.AddAssumeRoot(Day.AddHours(13), Admin, "203.0.113.9", OrgBuilder.MemberId(2), "SQSUnlockQueuePolicy");
        trail.AddAssumeRoot(Day.AddHours(14), Admin, "203.0.113.9", OrgBuilder.MemberId(3), "IAMCreateRootUserPassword");
        trail.AddAssumeRoot(Day.AddHours(15), Admin, "203.0.113.9", OrgBuilder.MemberId(3), "S3UnlockBucketPolicy", errorCode: "AccessDenied");
        trail.AddAssumeRoot(Day.AddHours(16), Admin, "198.51.100.66", OrgBuilder.MemberId(2), "S3UnlockBucketPolicy");
        trail.AddAssumeRoot(Day.AddHours(22), Admin, "203.0.113.5", OrgBuilder.MemberId(1), "SQSUnlockQueuePolicy");
        trail.AddAssumeRoot(Day.AddDays(-3), Admin, "203.0.113.5", OrgBuilder.MemberId(1), "IAMCreateRootUserPassword");
        return org;
    }

    private static void AssertScenario(Playground.ScriptResult result)
    {
        var events = result.Output.Select(o => (AssumeRootEvent)o.BaseObject).ToList();
        Assert.Equal(8, events.Count);
        Assert.Equal(events.OrderBy(e => e.EventTime), events);
        Assert.Equal(
            new[] { EventSeverity.High, EventSeverity.High, EventSeverity.Medium, EventSeverity.Medium, EventSeverity.Critical, EventSeverity.High, EventSeverity.Critical, EventSeverity.Critical },
            events.Select(e => e.Severity));
        Assert.Equal("AssumeRoot call", events[0].Reason);
        Assert.Equal("IAMDeleteRootUserCredentials", events[1].TaskPolicy);
        Assert.Equal("2001:db8::7", events[2].SourceIp);
        Assert.Contains("persistent root", events[4].Reason);
        Assert.Equal("AccessDenied", events[5].ErrorCode);
        Assert.Contains("failed with AccessDenied", events[5].Reason);
        Assert.Contains("unexpected source IP 198.51.100.66", events[6].Reason);
        Assert.Contains("outside the change window", events[7].Reason);
        Assert.Equal(OrgBuilder.MemberId(1), events[7].TargetAccountId);
        Assert.Equal(Admin, events[0].CallerArn);
        Assert.StartsWith("ASIA", events[0].SessionAccessKeyId);
    }

    [Fact]
    public async Task CloudTrail_lookup_ranks_each_event_in_time_order()
    {
        await using var org = await Scenario();

        var result = org.Run("Get-AssumeRootEvent " + Window);

        Assert.Empty(result.Errors);
        AssertScenario(result);
    }

    [Fact]
    public async Task Log_files_give_the_same_answer_and_bad_files_fail_alone()
    {
        await using var org = await Scenario();
        var files = org.Simulator.Trail.WriteLogFiles(_logs, recordsPerFile: 3);
        var folder = Path.GetDirectoryName(files[0])!;
        var truncated = Path.Combine(folder, "truncated.json.gz");
        var bytes = File.ReadAllBytes(files[0]);
        File.WriteAllBytes(truncated, bytes.Take(bytes.Length / 2).ToArray());
        File.WriteAllText(Path.Combine(folder, "garbage.json"), "{\"Records\": [ {\"eventName\": ");
        File.WriteAllText(Path.Combine(folder, "not-a-trail.json"), "{\"hello\": 1}");

        var result = org.Run("Get-AssumeRootEvent -Path $args[0] " + Window, _logs);

        AssertScenario(result);
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("CloudTrailLogUnreadable,RootAccess.Cmdlets.GetAssumeRootEventCommand", e.FullyQualifiedErrorId));
        Assert.Contains(result.Errors, e => ((string)e.TargetObject).EndsWith("truncated.json.gz", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ErrorDetails.Message.Contains("no \"Records\" array"));
    }

    [Fact]
    public async Task Wildcards_pick_files_and_a_path_that_matches_nothing_is_an_error()
    {
        await using var org = await Scenario();
        org.Simulator.Trail.WriteLogFiles(_logs, recordsPerFile: 100, gzip: false);
        var file = Directory.GetFiles(_logs, "*.json", SearchOption.AllDirectories).Single();

        var wildcard = org.Run("Get-AssumeRootEvent -Path $args[0] -Since 3650d", Path.Combine(Path.GetDirectoryName(file)!, "*.json"));
        var missing = org.Run("Get-AssumeRootEvent -Path $args[0]", Path.Combine(_logs, "nothing-here-*.json"));

        Assert.Empty(wildcard.Errors);
        Assert.Equal(9, wildcard.Output.Count);
        Assert.Equal("PathNotFound,RootAccess.Cmdlets.GetAssumeRootEventCommand", Assert.Single(missing.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public async Task Lookup_pages_through_CloudTrail_without_tripping_its_rate_limit()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));
        for (var i = 0; i < 120; i++)
        {
            org.Simulator.Trail.AddAssumeRoot(DateTime.UtcNow.AddMinutes(-i - 1), Admin, "203.0.113.5", OrgBuilder.MemberId(1), "IAMAuditRootUserCredentials");
        }

        var result = org.Run("Get-AssumeRootEvent -Since 24h");

        Assert.Empty(result.Errors);
        Assert.Equal(120, result.Output.Count);
        Assert.Equal(3, org.Simulator.CallCount("LookupEvents"));
        Assert.Equal(0, org.Simulator.CloudTrailThrottled);
    }

    [Fact]
    public async Task Actual_AssumeRoot_calls_are_found_with_their_session()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));
        var session = (RootSession)org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(2)} S3UnlockBucketPolicy").Output.Single().BaseObject;

        var result = org.Run("Get-AssumeRootEvent");

        var item = (AssumeRootEvent)Assert.Single(result.Output).BaseObject;
        Assert.Equal(session.AccessKeyId, item.SessionAccessKeyId);
        Assert.Equal(EventSeverity.Medium, item.Severity);
        Assert.Equal(OrgBuilder.MemberId(2), item.TargetAccountId);
    }

    [Fact]
    public async Task An_archive_links_each_root_session_to_the_calls_made_with_it()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(6));
        org.Simulator.Faults.Add(new RootAccess.Simulator.FaultRule { Operation = "DeleteAccessKey", AccountId = OrgBuilder.MemberId(6), Kind = RootAccess.Simulator.FaultKind.AccessDenied, Count = 1 });
        org.Run($"Remove-RootCredential {OrgBuilder.MemberId(6)} -CredentialType AccessKey, LoginProfile -Force -ErrorAction SilentlyContinue");
        org.Run($"Get-RootCredentialStatus {OrgBuilder.MemberId(4)}");
        org.Simulator.Trail.WriteLogFiles(_logs, recordsPerFile: 4);

        var lookup = org.Run("Get-AssumeRootEvent");
        var archive = org.Run("Get-AssumeRootEvent -Path $args[0] -Since 1h", _logs);

        Assert.Empty(archive.Errors);
        var events = archive.Output.Select(o => (AssumeRootEvent)o.BaseObject).ToList();
        var delete = events.Single(e => e.TaskPolicy == "IAMDeleteRootUserCredentials");
        var audit = events.Single(e => e.TaskPolicy == "IAMAuditRootUserCredentials" && e.TargetAccountId == OrgBuilder.MemberId(4));
        var plan = events.Single(e => e.TaskPolicy == "IAMAuditRootUserCredentials" && e.TargetAccountId == OrgBuilder.MemberId(6));
        Assert.Contains("iam:ListAccessKeys", plan.SessionCalls);
        Assert.DoesNotContain("Delete", plan.SessionCalls);
        Assert.DoesNotContain("iam:List", delete.SessionCalls);
        Assert.Contains("iam:DeleteLoginProfile", delete.SessionCalls);
        Assert.Contains("iam:DeleteAccessKey(AccessDenied)", delete.SessionCalls);
        Assert.Equal(delete.SessionCalls.Split("; ").Length, delete.SessionCallCount);
        Assert.DoesNotContain("Delete", audit.SessionCalls);
        Assert.Contains("iam:GetLoginProfile", audit.SessionCalls);
        Assert.All(lookup.Output, o => Assert.Null(((AssumeRootEvent)o.BaseObject).SessionCallCount)); // a lookup cannot know
        Assert.All(events, e => Assert.Equal("RootAccessAdmin", e.SourceIdentity));
    }

    [Fact]
    public async Task Session_tokens_in_an_archive_never_reach_any_output()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(3));
        org.Run($"Get-RootCredentialStatus {OrgBuilder.MemberId(1)}, {OrgBuilder.MemberId(2)}");
        org.Simulator.Trail.WriteLogFiles(_logs, recordsPerFile: 3);
        var tokens = org.Simulator.IssuedSessions.Select(s => s.SessionToken).ToList();
        var archived = string.Concat(System.IO.Directory.GetFiles(_logs, "*", System.IO.SearchOption.AllDirectories).Select(f => ReadMaybeGzip(f)));

        var archive = org.Run("Get-AssumeRootEvent -Path $args[0] -Since 1h -Verbose -Debug | ConvertTo-Json", _logs);

        Assert.Equal(2, tokens.Count);
        Assert.All(tokens, t => Assert.Contains(t, archived)); // the archive holds them, as AWS's records do
        Assert.Empty(archive.Errors);
        Assert.All(tokens, t => Assert.DoesNotContain(t, archive.AllText()));
    }

    private static string ReadMaybeGzip(string path)
    {
        using var file = System.IO.File.OpenRead(path);
        using var input = path.EndsWith(".gz", StringComparison.Ordinal) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : (System.IO.Stream)file;
        using var reader = new System.IO.StreamReader(input);
        return reader.ReadToEnd();
    }

    [Theory]
    [InlineData("Get-AssumeRootEvent -Since yesterday", "'Since'", "24h")]
    [InlineData("Get-AssumeRootEvent -ExpectedSourceIp 10.0.0.0/33", "'ExpectedSourceIp'", "CIDR")]
    [InlineData("Get-AssumeRootEvent -ChangeWindow '2026-11-20'", "'ChangeWindow'", "2")]
    public async Task Bad_filters_say_what_is_accepted(string script, string parameter, string accepted)
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));

        var error = Assert.Single(org.Run(script).Errors);

        Assert.Contains(parameter, error.Exception.Message);
        Assert.Contains(accepted, error.Exception.Message);
    }

    [Fact]
    public void Ip_ranges_match_v4_v6_and_mapped_addresses()
    {
        Assert.True(IpRange.TryParse("203.0.113.0/24", out var v4));
        Assert.True(v4.Contains("203.0.113.200"));
        Assert.False(v4.Contains("203.0.114.1"));
        Assert.True(v4.Contains("::ffff:203.0.113.7"));
        Assert.True(IpRange.TryParse("2001:db8::/32", out var v6));
        Assert.True(v6.Contains("2001:db8:1::1"));
        Assert.False(v6.Contains("2001:db9::1"));
        Assert.True(IpRange.TryParse("198.51.100.7", out var single));
        Assert.False(single.Contains("198.51.100.8"));
        Assert.False(single.Contains("not-an-ip"));
        Assert.False(IpRange.TryParse("10.0.0.0/40", out _));
    }
}
