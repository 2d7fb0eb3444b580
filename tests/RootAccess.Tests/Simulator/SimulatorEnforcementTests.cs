using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using RootAccess.Aws;
using RootAccess.Aws.Protocol;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;
using RootAccess.Core;

namespace RootAccess.Tests;

/// <summary>The simulator enforces what AWS enforces, seen through the real AWS SDK clients.</summary>
public sealed class SimulatorEnforcementTests
{
    private static AwsContext Admin(AwsSimulator simulator) => new(new BasicAWSCredentials(OrgBuilder.AdminKey, OrgBuilder.AdminSecret), RegionEndpoint.USEast1, simulator.Endpoint);

    private static Task<AssumeRootResponse> AssumeRoot(AwsSimulator simulator, string target, string policy = "IAMAuditRootUserCredentials", int? duration = null, string key = OrgBuilder.AdminKey, string secret = OrgBuilder.AdminSecret)
    {
        using var sts = AwsClientFactory.CreateSts(new AwsContext(new BasicAWSCredentials(key, secret), RegionEndpoint.USEast1, simulator.Endpoint));
        return sts.AssumeRootAsync(new AssumeRootRequest { TargetPrincipal = target, TaskPolicyArn = new PolicyDescriptorType { Arn = TaskPolicies.ArnPrefix + policy }, DurationSeconds = duration });
    }

    [Fact]
    public async Task Only_the_management_account_or_a_delegated_admin_may_assume_root()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(3));

        var member = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => AssumeRoot(simulator, OrgBuilder.MemberId(2), key: OrgBuilder.MemberCallerKey, secret: OrgBuilder.MemberCallerSecret));
        simulator.State.DelegatedAdministrators.Add(OrgBuilder.MemberId(1));
        var delegated = await AssumeRoot(simulator, OrgBuilder.MemberId(2), key: OrgBuilder.MemberCallerKey, secret: OrgBuilder.MemberCallerSecret);

        Assert.Equal("AccessDenied", member.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, member.StatusCode);
        Assert.StartsWith("ASIA", delegated.Credentials.AccessKeyId);
    }

    [Theory]
    [InlineData("management")]
    [InlineData("suspended")]
    [InlineData("outsider")]
    [InlineData("rootsessions-off")]
    [InlineData("rootcredentials-off")]
    [InlineData("trusted-access-off")]
    public async Task AssumeRoot_refuses_targets_and_organizations_it_cannot_serve(string situation)
    {
        var state = OrgBuilder.Organization(3);
        var target = OrgBuilder.MemberId(2);
        var policy = "IAMAuditRootUserCredentials";
        switch (situation)
        {
            case "management": target = OrgBuilder.ManagementAccountId; break;
            case "suspended": state.FindAccount(target)!.State = "SUSPENDED"; break;
            case "outsider": target = "999999999999"; break;
            case "rootsessions-off": state.Features.RootSessions = false; policy = "S3UnlockBucketPolicy"; break;
            case "rootcredentials-off": state.Features.RootCredentialsManagement = false; break;
            case "trusted-access-off": state.Features.TrustedAccessForIam = false; break;
        }

        await using var simulator = await AwsSimulator.StartAsync(state);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => AssumeRoot(simulator, target, policy));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Empty(simulator.IssuedSessions);
    }

    [Theory]
    [InlineData("IAMAuditRootUserCredentials", true, false)]
    [InlineData("IAMDeleteRootUserCredentials", true, false)]
    [InlineData("S3UnlockBucketPolicy", false, true)]
    [InlineData("SQSUnlockQueuePolicy", false, true)]
    public async Task Each_task_policy_needs_only_its_own_feature(string policy, bool rootCredentialsManagement, bool rootSessions)
    {
        var state = OrgBuilder.Organization(2);
        state.Features.RootCredentialsManagement = rootCredentialsManagement;
        state.Features.RootSessions = rootSessions;
        await using var simulator = await AwsSimulator.StartAsync(state);

        var issued = await AssumeRoot(simulator, OrgBuilder.MemberId(1), policy);

        Assert.StartsWith("ASIA", issued.Credentials.AccessKeyId);
    }

    [Theory]
    [InlineData("IAMDoEverything", null, "MalformedPolicyDocument")]
    [InlineData("IAMAuditRootUserCredentials", 901, "ValidationError")]
    public async Task AssumeRoot_validates_the_task_policy_and_duration(string policy, int? duration, string code)
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(2));

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => AssumeRoot(simulator, OrgBuilder.MemberId(1), policy, duration));

        Assert.Equal(code, error.ErrorCode);
    }

    [Fact]
    public async Task A_principal_arn_target_works_and_the_session_lasts_as_asked()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(2));

        var response = await AssumeRoot(simulator, $"arn:aws:iam::{OrgBuilder.MemberId(2)}:root", duration: 120);

        var issued = Assert.Single(simulator.IssuedSessions);
        Assert.Equal(OrgBuilder.MemberId(2), issued.AccountId);
        Assert.InRange((response.Credentials.Expiration!.Value.ToUniversalTime() - DateTime.UtcNow).TotalSeconds, 100, 121);
    }

    [Fact]
    public async Task A_root_session_may_call_only_what_its_task_policy_allows()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(4));
        var broker = new RootSessionBroker(Admin(simulator));
        var audit = await broker.OpenAsync(AccountId.Parse(OrgBuilder.MemberId(2)), TaskPolicies.AuditRootUserCredentials, 300, CancellationToken.None);
        var password = await broker.OpenAsync(AccountId.Parse(OrgBuilder.MemberId(2)), TaskPolicies.CreateRootUserPassword, 300, CancellationToken.None);

        using var auditIam = AwsClientFactory.CreateIam(Admin(simulator).WithCredentials(audit.Credentials));
        using var passwordIam = AwsClientFactory.CreateIam(Admin(simulator).WithCredentials(password.Credentials));
        using var auditRaw = new ProtocolClient(audit.Credentials, Configured(simulator));

        Assert.NotNull(await auditIam.GetLoginProfileAsync(CancellationToken.None));
        Assert.NotNull(await passwordIam.GetLoginProfileAsync(CancellationToken.None));
        var denied = await Assert.ThrowsAsync<AwsServiceException>(() => passwordIam.ListAccessKeysAsync(CancellationToken.None));
        var write = await Assert.ThrowsAsync<AwsServiceException>(() => auditRaw.QueryAsync("CreateLoginProfile", null, CancellationToken.None));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Contains("IAMCreateRootUserPassword", denied.Message);
        Assert.Equal("AccessDenied", write.ErrorCode);
    }

    [Fact]
    public async Task An_expired_or_tampered_root_session_is_refused()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(2));
        var broker = new RootSessionBroker(Admin(simulator));
        var session = await broker.OpenAsync(AccountId.Parse(OrgBuilder.MemberId(1)), TaskPolicies.AuditRootUserCredentials, 1, CancellationToken.None);
        var issued = Assert.Single(simulator.IssuedSessions);
        using var tampered = AwsClientFactory.CreateIam(Admin(simulator).WithCredentials(new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, "forged-token")));

        var forged = await Assert.ThrowsAsync<AwsServiceException>(() => tampered.GetUserAsync(CancellationToken.None));
        await Task.Delay(1200);
        using var iam = AwsClientFactory.CreateIam(Admin(simulator).WithCredentials(session.Credentials));
        var expired = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetUserAsync(CancellationToken.None));

        Assert.Equal("InvalidClientTokenId", forged.ErrorCode);
        Assert.Equal("ExpiredToken", expired.ErrorCode);
    }

    [Fact]
    public async Task Every_AssumeRoot_is_recorded_in_CloudTrail_shape_with_the_token_but_never_the_secret()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(2));
        await AssumeRoot(simulator, OrgBuilder.MemberId(1), "S3UnlockBucketPolicy", 600);
        await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => AssumeRoot(simulator, OrgBuilder.ManagementAccountId));

        var records = simulator.Trail.Records;

        Assert.Equal(2, records.Count);
        var ok = records[0];
        Assert.Equal("AssumeRoot", ok["eventName"]!.GetValue<string>());
        Assert.Equal("sts.amazonaws.com", ok["eventSource"]!.GetValue<string>());
        Assert.Equal(OrgBuilder.MemberId(1), ok["requestParameters"]!["targetPrincipal"]!.GetValue<string>());
        Assert.Equal(TaskPolicies.ArnPrefix + "S3UnlockBucketPolicy", ok["requestParameters"]!["taskPolicyArn"]!["arn"]!.GetValue<string>());
        Assert.Equal(OrgBuilder.ManagementAccountId, ok["userIdentity"]!["accountId"]!.GetValue<string>());
        var issued = Assert.Single(simulator.IssuedSessions);
        Assert.Equal(issued.AccessKeyId, ok["responseElements"]!["credentials"]!["accessKeyId"]!.GetValue<string>());
        Assert.DoesNotContain(issued.SecretAccessKey, ok.ToJsonString());
        Assert.Equal(issued.SessionToken, ok["responseElements"]!["credentials"]!["sessionToken"]!.GetValue<string>()); // as in AWS's published record
        Assert.Null(ok["errorCode"]);
        Assert.False(records[1].AsObject().ContainsKey("responseElements")); // absent members are omitted, not null
        Assert.Equal("AccessDenied", records[1]["errorCode"]!.GetValue<string>());
    }

    [Fact]
    public void A_fixture_file_round_trips_and_the_sample_organization_loads()
    {
        var sample = SimulatorState.Sample();
        var copy = SimulatorState.Parse(sample.ToJson());

        Assert.Equal(sample.Accounts.Count, copy.Accounts.Count);
        Assert.Equal(sample.ManagementAccountId, copy.ManagementAccountId);
        Assert.Equal(
            sample.Accounts.Select(a => (a.Id, a.RootUser.AccessKeys.Count, a.RootUser.Password is null)),
            copy.Accounts.Select(a => (a.Id, a.RootUser.AccessKeys.Count, a.RootUser.Password is null)));
        Assert.Throws<System.IO.InvalidDataException>(() => SimulatorState.Load(WriteTemp("{ \"accounts\": [ { \"id\": 12 ")));
    }

    private static string WriteTemp(string text)
    {
        var path = System.IO.Path.GetTempFileName();
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static ProtocolClientConfig Configured(AwsSimulator simulator)
        => new(ServiceDescription.Iam) { ServiceURL = simulator.Endpoint };
}
