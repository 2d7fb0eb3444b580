using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;
using RootAccess.Core;

namespace RootAccess.Tests;

public sealed class BadInputTests
{
    [Theory]
    [InlineData("12345678901", "11 digits")]
    [InlineData("1234567890123", "13 digits")]
    [InlineData("prod-account", "is not an AWS account id")]
    [InlineData("arn:aws:iam::123456789012:user/alice", "is not an AWS account id")]
    public async Task A_bad_account_id_names_the_parameter_and_what_is_accepted(string accountId, string problem)
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));

        var result = org.Run("Invoke-AssumeRoot -AccountId $args[0] -TaskPolicy IAMAuditRootUserCredentials", accountId);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
        Assert.Contains("'AccountId'", error.Exception.Message);
        Assert.Contains(problem, error.Exception.Message);
        Assert.Contains("12-digit", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(0, org.Simulator.CallCount("AssumeRoot"));
    }

    [Fact]
    public async Task A_bad_account_id_in_the_pipeline_is_refused_before_any_call()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));

        var result = org.Run($"'{OrgBuilder.MemberId(1)}', '2000000000x2' | Get-RootCredentialStatus");

        Assert.Single(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Contains("is not an AWS account id", error.Exception.Message);
        Assert.Equal(1, org.Simulator.CallCount("AssumeRoot"));
    }

    [Fact]
    public async Task A_Quiet_gate_never_passes_on_a_path_that_gives_nothing_to_read()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));
        var empty = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rootaccess-empty-" + System.Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            foreach (var path in new[] { empty, System.IO.Path.Combine(empty, "*.json"), System.IO.Path.Combine(empty, "missing.json") })
            {
                var result = org.Run("Test-AssumeRootPolicy -Path $args[0] -Quiet", path);

                Assert.Equal(false, Assert.Single(result.Output).BaseObject);
                Assert.Contains("-Path", Assert.Single(result.Errors).ErrorDetails.Message);
            }
        }
        finally
        {
            System.IO.Directory.Delete(empty, true);
        }
    }

    [Fact]
    public async Task An_unknown_task_policy_lists_the_five()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));

        var result = org.Run($"Invoke-AssumeRoot -AccountId {OrgBuilder.MemberId(1)} -TaskPolicy IAMDoEverything");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
        Assert.Contains("'TaskPolicy'", error.Exception.Message);
        foreach (var name in TaskPolicies.Names)
        {
            Assert.Contains(name, error.Exception.Message);
        }
    }

    [Theory]
    [InlineData(0, "minimum")]
    [InlineData(901, "maximum")]
    public async Task DurationSeconds_outside_1_to_900_is_refused(int seconds, string bound)
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));

        var result = org.Run($"Invoke-AssumeRoot -AccountId {OrgBuilder.MemberId(1)} -TaskPolicy IAMAuditRootUserCredentials -DurationSeconds {seconds}");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
        Assert.Contains("'DurationSeconds'", error.Exception.Message);
        Assert.Contains(bound, error.Exception.Message);
        Assert.Contains(seconds == 0 ? "1" : "900", error.Exception.Message);
        Assert.Equal(0, org.Simulator.CallCount("AssumeRoot"));
    }

    [Fact]
    public async Task An_endpoint_that_refuses_connections_stops_the_command_with_a_clear_error()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));
        var closed = ClosedLoopbackEndpoint();

        var list = org.Run("Get-OrgAccount -EndpointUrl $args[0]", closed);
        var audit = org.Run($"'{OrgBuilder.MemberId(1)}', '{OrgBuilder.MemberId(1)}' | Get-RootCredentialStatus -EndpointUrl $args[0]", closed);

        var listError = Assert.Single(list.Errors);
        Assert.Equal("EndpointUnreachable,RootAccess.Cmdlets.GetOrgAccountCommand", listError.FullyQualifiedErrorId);
        Assert.Contains(closed, listError.ErrorDetails.Message);
        Assert.Contains("-EndpointUrl", listError.ErrorDetails.Message);
        var auditError = Assert.Single(audit.Errors);
        Assert.Equal("EndpointUnreachable,RootAccess.Cmdlets.GetRootCredentialStatusCommand", auditError.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task An_endpoint_that_is_not_a_url_is_refused()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));

        var result = org.Run("Get-OrgAccount -EndpointUrl 'localhost:4566'");

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidEndpointUrl,RootAccess.Cmdlets.GetOrgAccountCommand", error.FullyQualifiedErrorId);
        Assert.Contains("http", error.ErrorDetails.Message);
    }

    [Fact]
    public async Task A_region_that_is_not_a_region_is_refused()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));

        var result = org.Run("Get-OrgAccount -Region 'Frankfurt'");

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidRegion,RootAccess.Cmdlets.GetOrgAccountCommand", error.FullyQualifiedErrorId);
        Assert.Contains("us-east-1", error.ErrorDetails.Message);
    }

    [Fact]
    public async Task An_access_key_without_its_secret_is_refused()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(1));
        org.PowerShell.Runspace.SessionStateProxy.SetVariable("PSDefaultParameterValues", new System.Collections.Hashtable { ["*:EndpointUrl"] = org.Simulator.Endpoint, ["*:Region"] = "us-east-1" });

        var result = org.Run($"Get-OrgAccount -AccessKey {OrgBuilder.AdminKey}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("IncompleteAccessKey,RootAccess.Cmdlets.GetOrgAccountCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-SecretKey", error.ErrorDetails.Message);
    }

    [Fact]
    public async Task A_caller_outside_the_management_account_gets_access_denied_naming_the_account()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(3));

        var result = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(2)} IAMAuditRootUserCredentials -AccessKey {OrgBuilder.MemberCallerKey} -SecretKey {OrgBuilder.MemberCallerSecret}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("AssumeRootFailed,AccessDenied,RootAccess.Cmdlets.InvokeAssumeRootCommand", error.FullyQualifiedErrorId);
        Assert.Equal(OrgBuilder.MemberId(2), error.TargetObject);
        Assert.Contains("delegated administrator", error.ErrorDetails.Message);
    }

    private static string ClosedLoopbackEndpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
