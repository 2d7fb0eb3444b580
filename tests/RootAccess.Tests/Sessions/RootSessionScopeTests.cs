using System;
using System.Collections.Generic;
using System.Management.Automation;
using RootAccess.Playground;
using RootAccess.Root;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace RootAccess.Tests;

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class RootSessionScopeTests
{
    [Fact]
    public async Task A_script_block_sees_the_session_in_its_own_scope_only_and_nothing_changes_outside()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));
        var environment = Snapshot();
        org.Run("$global:StoredAWSCredentials = 'parent-credentials'; $script:StoredAWSRegion = 'eu-west-1'");

        var inside = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(2)} IAMAuditRootUserCredentials -ScriptBlock {{ $RootSession.AccountId; $StoredAWSCredentials.GetCredentials().AccessKey; $StoredAWSRegion; [string]$env:AWS_ACCESS_KEY_ID; [string]$global:StoredAWSCredentials }}");
        var failing = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(2)} IAMAuditRootUserCredentials -ScriptBlock {{ throw 'boom' }}");
        var after = org.Run("$global:StoredAWSCredentials; $script:StoredAWSRegion; $null -eq $RootSession");

        Assert.Empty(inside.Errors);
        var issued = org.Simulator.IssuedSessions.OrderBy(s => s.Expiration).First();
        Assert.Equal(new[] { OrgBuilder.MemberId(2), issued.AccessKeyId, "us-east-1", Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? string.Empty, "parent-credentials" }, inside.Output.Select(o => o?.ToString() ?? string.Empty));
        Assert.Contains("boom", Assert.Single(failing.Errors).ToString());
        Assert.Equal(new object[] { "parent-credentials", "eu-west-1", true }, after.Output.Select(o => o.BaseObject));
        Assert.Equal(environment, Snapshot());
    }

    [Fact]
    public async Task The_modules_own_cmdlets_in_a_block_run_as_the_session_and_outside_it_as_the_caller()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(3));
        using var bare = HostedPowerShell.Open(new Dictionary<string, object> { ["*:EndpointUrl"] = org.Simulator.Endpoint });
        var keys = $"-Region us-east-1 -AccessKey {OrgBuilder.AdminKey} -SecretKey {OrgBuilder.AdminSecret}";

        // Inside the block no credentials are passed: the cmdlet must take the session from the block's scope.
        var inside = bare.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(2)} IAMAuditRootUserCredentials {keys} -ScriptBlock {{ Get-RootCredentialStatus -Session $RootSession; Invoke-AssumeRoot {OrgBuilder.MemberId(3)} IAMAuditRootUserCredentials }}");
        var outside = bare.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(3)} IAMAuditRootUserCredentials");

        Assert.Equal(OrgBuilder.MemberId(2), ((RootCredentialStatus)inside.Output[0].BaseObject).AccountId);
        // A root session may not call AssumeRoot: the nested call for another account is refused before it reaches AWS,
        // saying what to do instead (issue 23: it used to fail at STS with a bare AccessDenied).
        Assert.Contains(inside.Errors, e => e.FullyQualifiedErrorId.StartsWith("RootSessionInUse", StringComparison.Ordinal) && e.Exception.Message.Contains("run the command outside the block"));
        Assert.Equal(1, org.Simulator.CallCount("AssumeRoot"));
        Assert.Contains(outside.Errors, e => e.FullyQualifiedErrorId.StartsWith("NoCredentials", StringComparison.Ordinal) || e.FullyQualifiedErrorId.StartsWith("NoRegion", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Overlapping_blocks_in_two_runspaces_never_share_a_session_and_leave_the_environment_as_it_was()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));
        using var a = HostedPowerShell.Open(new Dictionary<string, object> { ["*:EndpointUrl"] = org.Simulator.Endpoint, ["*:Region"] = "us-east-1", ["*:AccessKey"] = OrgBuilder.AdminKey, ["*:SecretKey"] = OrgBuilder.AdminSecret });
        using var b = HostedPowerShell.Open(new Dictionary<string, object> { ["*:EndpointUrl"] = org.Simulator.Endpoint, ["*:Region"] = "us-east-1", ["*:AccessKey"] = OrgBuilder.AdminKey, ["*:SecretKey"] = OrgBuilder.AdminSecret });
        var environment = Snapshot();
        var seenByB = new System.Collections.Concurrent.ConcurrentBag<string>();
        const string Probe = "[string]$env:AWS_ACCESS_KEY_ID; [string]$env:AWS_SECRET_ACCESS_KEY; [string]$env:AWS_SESSION_TOKEN; [string]$StoredAWSCredentials";

        // One thread per runspace (blocking hosts must not starve the thread pool the SDK needs), 100 blocks each,
        // with random sleeps so the two runspaces' blocks overlap in a different order every time.
        var keys = new System.Collections.Concurrent.ConcurrentBag<string?>();
        var threads = new[] { a, b }.Select((host, n) => new System.Threading.Thread(() =>
        {
            var random = new Random(11 + n);
            for (var i = 0; i < 100; i++)
            {
                var result = host.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(1 + n)} IAMAuditRootUserCredentials -ScriptBlock {{ Start-Sleep -Milliseconds {random.Next(0, 4)}; $StoredAWSCredentials.GetCredentials().AccessKey }}; {Probe}");
                keys.Add(result.Output.FirstOrDefault()?.ToString());
                foreach (var line in result.Output.Skip(1))
                {
                    seenByB.Add(line?.ToString() ?? string.Empty);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        await Task.CompletedTask;

        var secrets = org.Simulator.IssuedSessions.SelectMany(s => new[] { s.AccessKeyId, s.SecretAccessKey, s.SessionToken }).ToHashSet();
        Assert.Equal(200, org.Simulator.IssuedSessions.Count);
        Assert.Equal(200, keys.Distinct().Count());
        Assert.DoesNotContain(seenByB, secrets.Contains);
        Assert.Equal(environment, Snapshot());
    }

    [Fact]
    public async Task Stopping_a_command_ends_the_child_and_the_host_survives()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));
        for (var round = 0; round < 50; round++)
        {
            // The fraction makes each child's command line unique, so a survivor can be found in /proc.
            var marker = $"30.{Random.Shared.Next(100000000, 999999999)}";
            using var ps = PowerShell.Create();
            ps.Runspace = org.PowerShell.Runspace;
            ps.AddScript($"Invoke-AssumeRoot {OrgBuilder.MemberId(1)} IAMAuditRootUserCredentials -Command /bin/sh -ArgumentList '-c', 'echo started; sleep {marker}; echo done'");
            var output = new PSDataCollection<PSObject>();
            var started = new TaskCompletionSource();
            output.DataAdded += (_, _) => started.TrySetResult();
            var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
            await Task.WhenAny(started.Task, Task.Delay(TimeSpan.FromSeconds(20)));
            if (round % 2 == 1)
            {
                await Task.Delay(round % 7);
            }

            await Task.Factory.FromAsync(ps.BeginStop(null, null), ps.EndStop);

            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.False(IsRunning(marker), $"round {round}: the child is still running");
        }

        Assert.Empty(org.Run("1 | Out-Null").Errors);
    }

    private static bool IsRunning(string marker)
        => System.IO.Directory.EnumerateDirectories("/proc").Any(d =>
        {
            try
            {
                return System.IO.File.ReadAllText(System.IO.Path.Combine(d, "cmdline")).Contains(marker, StringComparison.Ordinal);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        });

    private static SortedDictionary<string, string> Snapshot()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return result;
    }

    [Fact]
    public async Task A_command_gets_the_session_in_its_own_environment_and_sets_LASTEXITCODE()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));
        var parentSecret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");

        var result = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(1)} IAMAuditRootUserCredentials -Command /bin/sh -ArgumentList '-c', 'printf %s \"$AWS_SECRET_ACCESS_KEY\" | sha256sum; echo \"$AWS_REGION\"; echo to-stderr >&2; exit 3'; $LASTEXITCODE");

        var issued = Assert.Single(org.Simulator.IssuedSessions);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(issued.SecretAccessKey))).ToLowerInvariant();
        // As pwsh treats a native program (issue 23): stderr lines and a non-zero exit are error records, so 2>&1 and $? see them.
        Assert.Equal(new[] { "CommandStandardError", "CommandExitCode" }, result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal("to-stderr", result.Errors[0].Exception.Message);
        Assert.Equal(new object[] { hash + "  -", "us-east-1", 3 }, result.Output.Select(o => o.BaseObject));
        Assert.Equal(parentSecret, Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
        Assert.DoesNotContain(issued.SecretAccessKey, result.AllText());
    }

    [Fact]
    public async Task A_command_that_does_not_exist_says_so()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));

        var result = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(1)} IAMAuditRootUserCredentials -Command no-such-program-xyz");

        var error = Assert.Single(result.Errors);
        Assert.Equal("CommandNotFound,RootAccess.Cmdlets.InvokeAssumeRootCommand", error.FullyQualifiedErrorId);
        Assert.Contains("no-such-program-xyz", error.ErrorDetails.Message);
    }

    [Fact]
    public async Task Account_ids_complete_from_the_last_listing_by_id_or_name()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(12));
        org.Run("Get-OrgAccount | Out-Null");
        const string complete = "(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText";

        var byName = org.Run(complete, "Get-RootCredentialStatus -AccountId member-1");
        var byId = org.Run(complete, "Invoke-AssumeRoot -AccountId 2000000000");

        Assert.Equal(new[] { 10, 11, 12 }.Select(OrgBuilder.MemberId), byName.Output.Select(o => o.ToString()));
        Assert.Contains(OrgBuilder.MemberId(9), byId.Output.Select(o => o.ToString()));
    }
}
