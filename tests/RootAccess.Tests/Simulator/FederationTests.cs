using System;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

/// <summary>
/// Role sessions in the simulator, seen through AWS's .NET STS client: AssumeRoleWithWebIdentity with a token from the
/// managed-identity stand-in (as an Azure Automation runbook signs in), AssumeRole against trust policies, and what each
/// refusal looks like. The token checks are the adversarial part: expired, wrong audience, another tenant, tampered.
/// </summary>
public sealed class FederationTests
{
    private const string Management = "111111111111";
    private const string AzureRole = "arn:aws:iam::111111111111:role/RootAccessAzureAutomation";

    private static AmazonSecurityTokenServiceClient Sts(AwsSimulator simulator, AWSCredentials credentials)
        => new(credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = simulator.Endpoint, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private static async Task<string> Token(AwsSimulator simulator, string resource, string? header = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{simulator.Endpoint}{ManagedIdentityStandIn.Path}?resource={Uri.EscapeDataString(resource)}&api-version=2019-08-01");
        request.Headers.Add("X-IDENTITY-HEADER", header ?? simulator.ManagedIdentity.Header);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(body)!["access_token"]!.GetValue<string>() : throw new HttpRequestException($"{(int)response.StatusCode} {body}");
    }

    private static Task<AssumeRoleWithWebIdentityResponse> WebIdentity(AwsSimulator simulator, string token, string role = AzureRole)
    {
        using var sts = Sts(simulator, new AnonymousAWSCredentials());
        return sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest { RoleArn = role, RoleSessionName = "runbook", WebIdentityToken = token });
    }

    private static async Task<AwsSimulator> Start()
    {
        var simulator = await AwsSimulator.StartAsync(SimulatorState.Sample());
        simulator.ResetSource = SimulatorState.Sample; // the test surface (stand-in) is served only beside reset
        return simulator;
    }

    [Fact]
    public async Task A_managed_identity_token_becomes_a_role_session_that_may_assume_root()
    {
        await using var simulator = await Start();

        var web = await WebIdentity(simulator, await Token(simulator, "api://rootaccess-aws"));
        var session = new SessionAWSCredentials(web.Credentials.AccessKeyId, web.Credentials.SecretAccessKey, web.Credentials.SessionToken);
        using var sts = Sts(simulator, session);
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        var root = await sts.AssumeRootAsync(new AssumeRootRequest { TargetPrincipal = "222222222222", TaskPolicyArn = new PolicyDescriptorType { Arn = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials" } });

        Assert.Equal($"arn:aws:sts::{Management}:assumed-role/RootAccessAzureAutomation/runbook", identity.Arn);
        Assert.Equal(web.AssumedRoleUser.AssumedRoleId, identity.UserId);
        Assert.Equal("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", web.SubjectFromWebIdentityToken);
        Assert.StartsWith("ASIA", root.Credentials.AccessKeyId);
    }

    [Theory]
    [InlineData("wrong-audience", "InvalidIdentityToken")]
    [InlineData("expired", "ExpiredTokenException")]
    [InlineData("other-tenant-role", "AccessDenied")]
    [InlineData("tampered-subject", "InvalidIdentityToken")]
    [InlineData("not-a-jwt", "InvalidIdentityToken")]
    [InlineData("no-provider-in-role-account", "InvalidIdentityToken")]
    public async Task A_token_that_should_not_pass_is_refused_with_AWSs_error(string situation, string code)
    {
        await using var simulator = await Start();
        var role = AzureRole;
        var resource = "api://rootaccess-aws";
        switch (situation)
        {
            case "wrong-audience": resource = "api://someone-else"; break;
            case "expired": simulator.ManagedIdentity.Lifetime = TimeSpan.FromMinutes(-10); break;
            case "other-tenant-role": role = "arn:aws:iam::111111111111:role/OtherTenantAutomation"; break;
            case "no-provider-in-role-account": role = "arn:aws:iam::888888888888:role/BillingAudit"; break;
        }

        var token = await Token(simulator, resource);
        if (situation == "tampered-subject")
        {
            var parts = token.Split('.');
            var claims = JsonNode.Parse(Base64Url.Decode(parts[1]))!;
            claims["sub"] = "someone-else";
            token = parts[0] + "." + Base64Url.Encode(claims.ToJsonString()) + "." + parts[2];
        }
        else if (situation == "not-a-jwt")
        {
            token = "not-a-token";
        }

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => WebIdentity(simulator, token, role));

        Assert.Equal(code, error.ErrorCode);
        Assert.Empty(simulator.IssuedRoleSessions);
    }

    [Fact]
    public async Task The_stand_in_gives_no_token_without_the_identity_header()
    {
        await using var simulator = await Start();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Token(simulator, "api://rootaccess-aws", header: "guessed"));

        Assert.StartsWith("401", error.Message);
    }

    [Fact]
    public async Task AssumeRole_follows_the_trust_policy()
    {
        await using var simulator = await Start();
        using var admin = Sts(simulator, new BasicAWSCredentials("AKIASIMULATORADMIN01", "simulator/management/admin/secret/key0000"));

        var allowed = await admin.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::888888888888:role/BillingAudit", RoleSessionName = "audit" });
        // BreakGlassAdmin's trust requires MFA, which long-term keys never carry; the web identity role trusts only its provider.
        var mfa = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => admin.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/BreakGlassAdmin", RoleSessionName = "x1" }));
        var federated = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => admin.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = AzureRole, RoleSessionName = "x2" }));

        Assert.Equal("arn:aws:sts::888888888888:assumed-role/BillingAudit/audit", allowed.AssumedRoleUser.Arn);
        Assert.Equal("AccessDenied", mfa.ErrorCode);
        Assert.Equal("AccessDenied", federated.ErrorCode);
    }

    [Fact]
    public async Task A_service_takes_its_role_only_for_the_account_the_trust_names()
    {
        await using var simulator = await Start();
        var sts = new StsServiceHandle(simulator);

        var session = sts.AsService("arn:aws:iam::111111111111:role/RootAccessSsmAutomation", "ssm.amazonaws.com", Management);
        var otherAccount = Assert.Throws<ServiceError>(() => sts.AsService("arn:aws:iam::111111111111:role/RootAccessSsmAutomation", "ssm.amazonaws.com", "999999999999"));
        var otherService = Assert.Throws<ServiceError>(() => sts.AsService("arn:aws:iam::111111111111:role/RootAccessSsmAutomation", "lambda.amazonaws.com", Management));

        Assert.Equal("arn:aws:sts::111111111111:assumed-role/RootAccessSsmAutomation/automation", session.AssumedRoleArn);
        Assert.Equal("AccessDenied", otherAccount.Code);
        Assert.Equal("AccessDenied", otherService.Code);
    }

    [Fact]
    public void An_explicit_deny_in_a_trust_policy_wins_and_a_missing_key_fails_a_positive_condition()
    {
        var policy = JsonNode.Parse("""
            { "Statement": [
              { "Effect": "Allow", "Principal": { "Federated": "p" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringLike": { "p:sub": "team-*" } } },
              { "Effect": "Deny", "Principal": "*", "Action": "sts:*", "Condition": { "StringEquals": { "p:sub": "team-banned" } } } ] }
            """);
        bool Allows(string? sub) => TrustPolicy.Allows(policy, new TrustRequest("sts:AssumeRoleWithWebIdentity", "Federated", new[] { "p" }, sub is null ? new System.Collections.Generic.Dictionary<string, string>() : new System.Collections.Generic.Dictionary<string, string> { ["p:sub"] = sub }));

        Assert.True(Allows("team-a"));
        Assert.False(Allows("team-banned"));
        Assert.False(Allows("other"));
        Assert.False(Allows(null));
    }

    private sealed class StsServiceHandle
    {
        private readonly AwsSimulator _simulator;

        public StsServiceHandle(AwsSimulator simulator) => _simulator = simulator;

        public IssuedRoleSession AsService(string role, string service, string account) => _simulator.AssumeRoleAsService(role, service, account, "automation");
    }

    private static class Base64Url
    {
        public static string Decode(string text) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=')));

        public static string Encode(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
