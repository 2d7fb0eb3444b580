using System;
using System.Text.Json;
using RootAccess.Core;
using RootAccess.Root;
using Xunit;

namespace RootAccess.Tests;

/// <summary>The credential_process document and the profile command, without a runspace.</summary>
public sealed class CredentialProcessTests
{
    [Fact]
    public void The_document_is_refused_on_a_console_beside_other_output_and_for_the_password_task()
    {
        Assert.Contains("refuses a console", CredentialProcess.Refusal(TaskPolicies.AuditRootUserCredentials, outputRedirected: false, chatty: false));
        Assert.Contains("-Verbose", CredentialProcess.Refusal(TaskPolicies.AuditRootUserCredentials, outputRedirected: true, chatty: true));
        Assert.Contains("IAMCreateRootUserPassword", CredentialProcess.Refusal(TaskPolicies.CreateRootUserPassword, outputRedirected: true, chatty: false));
        Assert.Null(CredentialProcess.Refusal(TaskPolicies.S3UnlockBucketPolicy, outputRedirected: true, chatty: false));
    }

    [Fact]
    public void The_document_is_version_1_with_a_UTC_expiration_and_the_session_is_its_only_secret()
    {
        var expiration = new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);
        var session = new RootSession(AccountId.Parse("444444444444"), TaskPolicies.AuditRootUserCredentials, "ASIAEXAMPLE", expiration, "us-east-1", new RootSessionCredentials("ASIAEXAMPLE", "secret/with+plus", "token", expiration));

        using var document = JsonDocument.Parse(CredentialProcess.Document(session));

        Assert.Equal(1, document.RootElement.GetProperty("Version").GetInt32());
        Assert.Equal("secret/with+plus", document.RootElement.GetProperty("SecretAccessKey").GetString());
        Assert.Equal("2026-12-02T10:00:00Z", document.RootElement.GetProperty("Expiration").GetString());
        Assert.DoesNotContain("secret", session.ToString());
    }

    [Theory]
    [InlineData(false, "'/usr/bin/pwsh' -NoProfile -NonInteractive -Command '$ProgressPreference=\"SilentlyContinue\"; $WarningPreference=\"SilentlyContinue\"; Import-Module \"/opt/mods/RootAccess.psd1\"; Invoke-AssumeRoot -AccountId 444444444444 -TaskPolicy IAMAuditRootUserCredentials -DurationSeconds 900 -ProfileName \"admin\" -Region eu-west-1 -AsCredentialProcess; if (-not $?) { exit 1 }'")]
    [InlineData(true, "\"/usr/bin/pwsh\" -NoProfile -NonInteractive -Command \"$ProgressPreference='SilentlyContinue'; $WarningPreference='SilentlyContinue'; Import-Module '/opt/mods/RootAccess.psd1'; Invoke-AssumeRoot -AccountId 444444444444 -TaskPolicy IAMAuditRootUserCredentials -DurationSeconds 900 -ProfileName 'admin' -Region eu-west-1 -AsCredentialProcess; if (-not $?) { exit 1 }\"")]
    public void The_profile_command_quotes_for_POSIX_shells_and_for_Windows(bool windows, string expected)
    {
        Assert.Equal(expected, RootAccessProfile.Command(new[] { "/usr/bin/pwsh" }, "/opt/mods/RootAccess.psd1", AccountId.Parse("444444444444"), TaskPolicies.AuditRootUserCredentials, 900, "admin", "eu-west-1", windows));
    }

    [Theory]
    [InlineData("/opt/it's/RootAccess.psd1")]
    [InlineData("/opt/$HOME/RootAccess.psd1")]
    [InlineData("/opt/a`b/RootAccess.psd1")]
    public void A_module_path_that_cannot_be_quoted_safely_is_refused(string path)
    {
        Assert.Throws<ArgumentException>(() => RootAccessProfile.Command(new[] { "pwsh" }, path, AccountId.Parse("444444444444"), TaskPolicies.AuditRootUserCredentials, 900, null, null, windows: false));
    }
}
