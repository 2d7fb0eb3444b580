using System;
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
    public async Task A_script_block_runs_as_the_root_session_and_everything_is_restored_after()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));
        var before = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        org.Run("$global:StoredAWSCredentials = 'parent-credentials'; $env:AWS_ACCESS_KEY_ID = 'AKIAPARENT'");
        try
        {
            var inside = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(2)} IAMAuditRootUserCredentials -ScriptBlock {{ $RootSession.AccountId; $env:AWS_ACCESS_KEY_ID; [Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver]::GetCredentials().GetCredentials().AccessKey; [string]$global:StoredAWSCredentials }}");
            var failing = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(2)} IAMAuditRootUserCredentials -ScriptBlock {{ throw 'boom' }}");
            var after = org.Run("$env:AWS_ACCESS_KEY_ID; $global:StoredAWSCredentials; $null -eq $RootSession; $null -eq $env:AWS_SESSION_TOKEN");

            Assert.Empty(inside.Errors);
            var issued = org.Simulator.IssuedSessions.OrderBy(s => s.Expiration).First();
            Assert.Equal(new[] { OrgBuilder.MemberId(2), issued.AccessKeyId, issued.AccessKeyId, string.Empty }, inside.Output.Select(o => o?.ToString() ?? string.Empty));
            Assert.Contains("boom", Assert.Single(failing.Errors).ToString());
            Assert.Equal(new object[] { "AKIAPARENT", "parent-credentials", true, true }, after.Output.Select(o => o.BaseObject));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", before);
        }
    }

    [Fact]
    public async Task A_command_gets_the_session_in_its_own_environment_and_sets_LASTEXITCODE()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));
        var parentSecret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");

        var result = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(1)} IAMAuditRootUserCredentials -Command /bin/sh -ArgumentList '-c', 'printf %s \"$AWS_SECRET_ACCESS_KEY\" | sha256sum; echo \"$AWS_REGION\"; echo to-stderr >&2; exit 3'; $LASTEXITCODE");

        var issued = Assert.Single(org.Simulator.IssuedSessions);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(issued.SecretAccessKey))).ToLowerInvariant();
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { hash + "  -", "us-east-1", 3 }, result.Output.Select(o => o.BaseObject));
        Assert.Contains("to-stderr", result.Information);
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
