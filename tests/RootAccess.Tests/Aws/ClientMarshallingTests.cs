using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Microsoft.AspNetCore.WebUtilities;
using RootAccess.Aws;
using RootAccess.Aws.Protocol;
using Xunit;

namespace RootAccess.Tests;

/// <summary>Our IAM and Organizations clients put the real protocols on the wire and read real answers.</summary>
public sealed class ClientMarshallingTests
{
    private const string IamNs = "https://iam.amazonaws.com/doc/2010-05-08/";

    private static AwsContext Context(CannedAws canned, string region = "eu-central-1")
        => new(new BasicAWSCredentials("AKIAMARSHALTEST00001", "marshal/test/secret/0000000000000000000000"), RegionEndpoint.GetBySystemName(region), canned.Endpoint);

    private static WireAnswer Xml(string body) => new(200, "text/xml", body);

    private static WireAnswer Json(string body) => new(200, "application/x-amz-json-1.1", body);

    [Fact]
    public async Task Iam_calls_are_awsQuery_forms_signed_for_us_east_1_and_follow_Marker_pages()
    {
        await using var canned = await CannedAws.StartAsync(
            Xml($"<ListAccessKeysResponse xmlns=\"{IamNs}\"><ListAccessKeysResult><AccessKeyMetadata><member><UserName>root</UserName><AccessKeyId>AKIA1</AccessKeyId><Status>Active</Status><CreateDate>2024-01-02T03:04:05Z</CreateDate></member></AccessKeyMetadata><IsTruncated>true</IsTruncated><Marker>m1</Marker></ListAccessKeysResult></ListAccessKeysResponse>"),
            Xml($"<ListAccessKeysResponse xmlns=\"{IamNs}\"><ListAccessKeysResult><AccessKeyMetadata><member><AccessKeyId>AKIA2</AccessKeyId><Status>Inactive</Status></member></AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult></ListAccessKeysResponse>"));
        using var iam = AwsClientFactory.CreateIam(Context(canned));

        var keys = await iam.ListAccessKeysAsync(CancellationToken.None);

        Assert.Equal(new[] { "AKIA1", "AKIA2" }, keys.Select(k => k.AccessKeyId));
        Assert.True(keys[0].IsActive);
        Assert.False(keys[1].IsActive);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), keys[0].CreateDate);
        Assert.Equal(2, canned.Requests.Count);
        var first = QueryHelpers.ParseQuery(canned.Requests[0].Body);
        var second = QueryHelpers.ParseQuery(canned.Requests[1].Body);
        Assert.Equal("ListAccessKeys", first["Action"]);
        Assert.Equal("2010-05-08", first["Version"]);
        Assert.False(first.ContainsKey("Marker"));
        Assert.False(first.ContainsKey("UserName"));
        Assert.Equal("m1", second["Marker"]);
        Assert.Equal("POST", canned.Requests[0].Method);
        Assert.Contains("/us-east-1/iam/aws4_request", canned.Requests[0].Headers["Authorization"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAMARSHALTEST00001/", canned.Requests[0].Headers["Authorization"]);
    }

    [Fact]
    public async Task Iam_NoSuchEntity_on_GetLoginProfile_means_no_password()
    {
        await using var canned = await CannedAws.StartAsync(
            new WireAnswer(404, "text/xml", $"<ErrorResponse xmlns=\"{IamNs}\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>Login Profile for User root cannot be found.</Message></Error><RequestId>r1</RequestId></ErrorResponse>"),
            Xml($"<GetLoginProfileResponse xmlns=\"{IamNs}\"><GetLoginProfileResult><LoginProfile><UserName>root</UserName><CreateDate>2023-06-01T00:00:00Z</CreateDate><PasswordResetRequired>true</PasswordResetRequired></LoginProfile></GetLoginProfileResult></GetLoginProfileResponse>"));
        using var iam = AwsClientFactory.CreateIam(Context(canned));

        var none = await iam.GetLoginProfileAsync(CancellationToken.None);
        var some = await iam.GetLoginProfileAsync(CancellationToken.None);

        Assert.Null(none);
        Assert.NotNull(some);
        Assert.Equal(new DateTime(2023, 6, 1, 0, 0, 0, DateTimeKind.Utc), some!.CreateDate);
        Assert.True(some.PasswordResetRequired);
    }

    // The no-password answer is read without an exception; anything else on the same call stays a failure, or an account
    // whose reader may not see the password (or whose answer is garbled) would be reported as having none.
    [Fact]
    public async Task Only_IAMs_NoSuchEntity_means_no_password_a_denied_garbled_or_throttled_GetLoginProfile_never_does()
    {
        var throttled = new WireAnswer(400, "text/xml", $"<ErrorResponse xmlns=\"{IamNs}\"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>t1</RequestId></ErrorResponse>");
        await using var canned = await CannedAws.StartAsync(
            new WireAnswer(403, "text/xml", $"<ErrorResponse xmlns=\"{IamNs}\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform: iam:GetLoginProfile</Message></Error><RequestId>d1</RequestId></ErrorResponse>"),
            new WireAnswer(404, "text/html", "<html>Not Found</html"),
            throttled,
            new WireAnswer(404, "text/xml", $"<ErrorResponse xmlns=\"{IamNs}\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>Login Profile for User root cannot be found.</Message></Error><RequestId>n1</RequestId></ErrorResponse>"));
        using var iam = AwsClientFactory.CreateIam(Context(canned));

        var denied = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetLoginProfileAsync(CancellationToken.None));
        var garbled = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetLoginProfileAsync(CancellationToken.None));
        var afterThrottle = await iam.GetLoginProfileAsync(CancellationToken.None);

        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, garbled.StatusCode);
        Assert.NotEqual("NoSuchEntity", garbled.ErrorCode);
        Assert.Null(afterThrottle); // the throttle was retried as a throttle, and the answer after it read
        Assert.Equal(4, canned.Requests.Count);
    }

    // Each attempt asks the credentials for their value of that moment (a session refreshed between attempts signs with
    // the new keys), and a session token travels in the signed X-Amz-Security-Token header, never in the form body.
    [Fact]
    public async Task Each_attempt_signs_with_the_credentials_of_that_moment_and_the_session_token_is_a_signed_header()
    {
        var fail = new WireAnswer(500, "text/xml", $"<ErrorResponse xmlns=\"{IamNs}\"><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>boom</Message></Error><RequestId>x</RequestId></ErrorResponse>");
        await using var canned = await CannedAws.StartAsync(fail,
            Xml($"<GetUserResponse xmlns=\"{IamNs}\"><GetUserResult><User><UserId>123456789012</UserId><Arn>arn:aws:iam::123456789012:root</Arn></User></GetUserResult></GetUserResponse>"));
        var rotating = new RotatingCredentials();
        using var iam = AwsClientFactory.CreateIam(new AwsContext(rotating, RegionEndpoint.USEast1, canned.Endpoint));

        var user = await iam.GetUserAsync(CancellationToken.None);

        Assert.Equal("arn:aws:iam::123456789012:root", user.Arn);
        Assert.Equal(2, canned.Requests.Count);
        for (var i = 0; i < 2; i++)
        {
            var request = canned.Requests[i];
            Assert.StartsWith($"AWS4-HMAC-SHA256 Credential=ASIAROTATING0000000{i + 1}/", request.Headers["Authorization"]);
            Assert.Equal($"token-{i + 1}", request.Headers["X-Amz-Security-Token"]);
            Assert.Contains("x-amz-security-token", request.Headers["Authorization"]);
            Assert.DoesNotContain("token-", request.Body);
            Assert.DoesNotContain("secret-", request.Body);
        }
    }

    [Fact]
    public async Task AssumeRoot_is_an_awsQuery_form_signed_for_the_region_and_its_credentials_are_read_whole()
    {
        await using var canned = await CannedAws.StartAsync(
            Xml("<AssumeRootResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRootResult><SourceIdentity>admin@example.com</SourceIdentity><Credentials><AccessKeyId>ASIAISSUED0000000001</AccessKeyId><SecretAccessKey>issued/secret/value</SecretAccessKey><SessionToken>issued-token</SessionToken><Expiration>2026-12-02T20:00:00Z</Expiration></Credentials></AssumeRootResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRootResponse>"));
        using var sts = AwsClientFactory.CreateStsClient(Context(canned));

        var issued = await sts.AssumeRootOnceAsync("111122223333", "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials", 300, CancellationToken.None);

        Assert.Equal("ASIAISSUED0000000001", issued.AccessKeyId);
        Assert.Equal("issued/secret/value", issued.SecretAccessKey);
        Assert.Equal("issued-token", issued.SessionToken);
        Assert.Equal(new DateTime(2026, 12, 2, 20, 0, 0, DateTimeKind.Utc), issued.Expiration);
        Assert.Equal("admin@example.com", issued.SourceIdentity);
        Assert.DoesNotContain("secret", issued.ToString());
        var form = QueryHelpers.ParseQuery(canned.Requests.Single().Body);
        Assert.Equal("AssumeRoot", form["Action"]);
        Assert.Equal("2011-06-15", form["Version"]);
        Assert.Equal("111122223333", form["TargetPrincipal"]);
        Assert.Equal("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials", form["TaskPolicyArn.arn"]);
        Assert.Equal("300", form["DurationSeconds"]);
        Assert.Contains("/eu-central-1/sts/aws4_request", canned.Requests[0].Headers["Authorization"]);
    }

    // A truncated or garbled answer carries part of a secret: the failure names neither the body nor the parser's view of it.
    [Theory]
    [InlineData("<AssumeRootResponse><AssumeRootResult><Credentials><AccessKeyId>ASIAISSUED0000000001</AccessKeyId><SecretAccessKey>half/of/a/SECRETVALUE")]
    [InlineData("<AssumeRootResponse><AssumeRootResult><Credentials><AccessKeyId>ASIAISSUED0000000001</AccessKeyId><SecretAccessKey>SECRETVALUE</SecretAccessKey></Credentials></AssumeRootResult></AssumeRootResponse>")]
    [InlineData("<AssumeRootResponse><AssumeRootResult><Credentials><SecretAccessKey>&SECRETVALUE;</SecretAccessKey></Credentials></AssumeRootResult></AssumeRootResponse>")] // the parser names an undeclared entity
    [InlineData("<AssumeRootResponse><AssumeRootResult><Credentials><AccessKeyId>ASIAISSUED0000000001</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>SECRETVALUE</Expiration></Credentials></AssumeRootResult></AssumeRootResponse>")]
    public async Task A_garbled_or_incomplete_AssumeRoot_answer_fails_without_quoting_it(string body)
    {
        await using var canned = await CannedAws.StartAsync(Xml(body));
        using var sts = AwsClientFactory.CreateStsClient(Context(canned));

        var error = await Assert.ThrowsAsync<AmazonClientException>(() => sts.AssumeRootOnceAsync("111122223333", "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials", 300, CancellationToken.None));

        Assert.DoesNotContain("SECRETVALUE", error.ToString());
        Assert.Null(error.InnerException);
    }

    [Theory]
    [InlineData("us-east-1", "https://sts.us-east-1.amazonaws.com")]
    [InlineData("eu-west-3", "https://sts.eu-west-3.amazonaws.com")]
    [InlineData("cn-north-1", "https://sts.cn-north-1.amazonaws.com.cn")]
    [InlineData("us-gov-west-1", "https://sts.us-gov-west-1.amazonaws.com")]
    public void AssumeRoot_goes_to_the_regional_endpoint_the_SDKs_STS_configuration_resolves(string region, string endpoint)
    {
        using var sts = AwsClientFactory.CreateStsClient(new AwsContext(new BasicAWSCredentials("AKIAMARSHALTEST00001", "x"), RegionEndpoint.GetBySystemName(region), null));

        Assert.Equal(endpoint, sts.Endpoint.TrimEnd('/'));
    }

    // Any other document answering with 200 (a proxy's page, another operation's answer) is a failure: read as an empty
    // result it would be an audit finding of "no keys" or "no MFA".
    [Theory]
    [InlineData("<html><body>Welcome to the guest network</body></html>")]
    [InlineData("<ListMFADevicesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListMFADevicesResult><MFADevices/><IsTruncated>false</IsTruncated></ListMFADevicesResult></ListMFADevicesResponse>")]
    public async Task A_200_that_is_not_the_operations_own_answer_is_a_failure_not_an_empty_list(string body)
    {
        await using var canned = await CannedAws.StartAsync(Xml(body));
        using var iam = AwsClientFactory.CreateIam(Context(canned));

        var error = await Assert.ThrowsAsync<AmazonClientException>(() => iam.ListAccessKeysAsync(CancellationToken.None));

        Assert.Contains("ListAccessKeysResponse", error.Message);
    }

    // An endpoint behind a gateway path keeps its path on the wire (and in what is signed), as the SDK composed it.
    [Fact]
    public async Task An_endpoint_with_a_path_keeps_it()
    {
        await using var canned = await CannedAws.StartAsync(
            Xml($"<GetUserResponse xmlns=\"{IamNs}\"><GetUserResult><User><Arn>arn:aws:iam::123456789012:root</Arn></User></GetUserResult></GetUserResponse>"));
        var context = new AwsContext(new BasicAWSCredentials("AKIAMARSHALTEST00001", "x"), RegionEndpoint.USEast1, canned.Endpoint.TrimEnd('/') + "/gateway/aws/");
        using var iam = AwsClientFactory.CreateIam(context);

        await iam.GetUserAsync(CancellationToken.None);

        Assert.Equal("/gateway/aws/", canned.Requests.Single().Path);
    }

    // An answer that does not come in time is an AWS failure (a TimeoutException, not retried as a throttle), never a
    // stop: a stop is only the caller's own cancellation.
    [Fact]
    public async Task A_call_that_outlives_its_timeout_is_a_timeout_and_only_the_callers_stop_is_a_stop()
    {
        var slow = Xml($"<GetUserResponse xmlns=\"{IamNs}\"><GetUserResult><User><Arn>arn:aws:iam::123456789012:root</Arn></User></GetUserResult></GetUserResponse>") with { DelayMs = 5000 };
        await using var canned = await CannedAws.StartAsync(slow, slow);
        var config = new ProtocolClientConfig(ServiceDescription.Iam) { ServiceURL = canned.Endpoint, Timeout = TimeSpan.FromMilliseconds(300) };
        using var iam = new IamClient(new ProtocolClient(new BasicAWSCredentials("AKIAMARSHALTEST00001", "x"), config));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => iam.GetUserAsync(CancellationToken.None));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var stopped = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => iam.GetUserAsync(stop.Token));

        Assert.True(AwsFailures.IsAwsFailure(timeout));
        Assert.False(AwsRetry.IsTransient(timeout));
        Assert.IsNotType<TimeoutException>(stopped);
        Assert.Equal(2, canned.Requests.Count);
    }

    [Theory]
    [InlineData("NoSuchEntity", 404, true)]
    [InlineData("HttpStatus404", 404, false)] // a proxy's page or a wrong path: the delete failed
    [InlineData("AccessDenied", 403, false)]
    public void Only_IAMs_NoSuchEntity_makes_a_failed_delete_already_gone(string code, int status, bool gone)
        => Assert.Equal(gone, RootAccess.Root.RootCredentialRemover.IsAlreadyGone(new AwsServiceException("m", null, ErrorType.Sender, code, "r", (HttpStatusCode)status)));

    private sealed class RotatingCredentials : AWSCredentials
    {
        private int _calls;

        public override ImmutableCredentials GetCredentials()
        {
            var n = Interlocked.Increment(ref _calls);
            return new ImmutableCredentials($"ASIAROTATING0000000{n}", $"secret-{n}", $"token-{n}");
        }
    }

    [Fact]
    public async Task Iam_error_responses_become_exceptions_with_code_message_type_and_request_id()
    {
        await using var canned = await CannedAws.StartAsync(
            new WireAnswer(403, "text/xml", $"<ErrorResponse xmlns=\"{IamNs}\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform: iam:ListMFADevices</Message></Error><RequestId>abc-123</RequestId></ErrorResponse>"));
        using var iam = AwsClientFactory.CreateIam(Context(canned));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => iam.ListMfaDevicesAsync(CancellationToken.None));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("not authorized to perform: iam:ListMFADevices", error.Message);
        Assert.Equal(ErrorType.Sender, error.ErrorType);
        Assert.Equal("abc-123", error.RequestId);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Single(canned.Requests);
    }

    [Fact]
    public async Task Server_errors_are_retried_by_AwsRetry_then_succeed()
    {
        var fail = new WireAnswer(500, "text/xml", $"<ErrorResponse xmlns=\"{IamNs}\"><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>boom</Message></Error><RequestId>x</RequestId></ErrorResponse>");
        await using var canned = await CannedAws.StartAsync(fail, fail,
            Xml($"<GetAccessKeyLastUsedResponse xmlns=\"{IamNs}\"><GetAccessKeyLastUsedResult><UserName>root</UserName><AccessKeyLastUsed><LastUsedDate>2026-01-01T00:00:00Z</LastUsedDate><ServiceName>s3</ServiceName><Region>us-west-2</Region></AccessKeyLastUsed></GetAccessKeyLastUsedResult></GetAccessKeyLastUsedResponse>"));
        using var iam = AwsClientFactory.CreateIam(Context(canned));

        var used = await iam.GetAccessKeyLastUsedAsync("AKIA1", CancellationToken.None);

        Assert.Equal(3, canned.Requests.Count);
        Assert.Equal("AKIA1", QueryHelpers.ParseQuery(canned.Requests[2].Body)["AccessKeyId"]);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), used.LastUsedDate);
        Assert.Equal("s3", used.ServiceName);
        Assert.Equal("us-west-2", used.Region);
    }

    [Fact]
    public async Task Iam_account_summary_and_never_used_keys_read_as_AWS_writes_them()
    {
        await using var canned = await CannedAws.StartAsync(
            Xml($"<GetAccountSummaryResponse xmlns=\"{IamNs}\"><GetAccountSummaryResult><SummaryMap><entry><key>AccountMFAEnabled</key><value>1</value></entry><entry><key>AccountAccessKeysPresent</key><value>0</value></entry></SummaryMap></GetAccountSummaryResult></GetAccountSummaryResponse>"),
            Xml($"<GetAccessKeyLastUsedResponse xmlns=\"{IamNs}\"><GetAccessKeyLastUsedResult><AccessKeyLastUsed><ServiceName>N/A</ServiceName><Region>N/A</Region></AccessKeyLastUsed></GetAccessKeyLastUsedResult></GetAccessKeyLastUsedResponse>"));
        using var iam = AwsClientFactory.CreateIam(Context(canned));

        var summary = await iam.GetAccountSummaryAsync(CancellationToken.None);
        var never = await iam.GetAccessKeyLastUsedAsync("AKIA9", CancellationToken.None);

        Assert.Equal(1, summary["AccountMFAEnabled"]);
        Assert.Equal(0, summary["AccountAccessKeysPresent"]);
        Assert.Null(never.LastUsedDate);
        Assert.Null(never.ServiceName);
        Assert.Null(never.Region);
    }

    [Fact]
    public async Task Organizations_calls_are_awsJson_1_1_with_the_target_header_and_follow_NextToken()
    {
        await using var canned = await CannedAws.StartAsync(
            Json("{\"Accounts\":[{\"Id\":\"210987654321\",\"Arn\":\"arn:aws:organizations::1:account/o-x/210987654321\",\"Email\":\"a@example.com\",\"Name\":\"a\",\"State\":\"ACTIVE\",\"Status\":\"SUSPENDED\",\"JoinedMethod\":\"INVITED\",\"JoinedTimestamp\":1.7040672E9}],\"NextToken\":\"t1\"}"),
            Json("{\"Accounts\":[{\"Id\":\"310987654321\",\"Status\":\"SUSPENDED\"}]}"));
        using var organizations = AwsClientFactory.CreateOrganizations(Context(canned));

        var first = await organizations.ListAccountsAsync(null, CancellationToken.None);
        var second = await organizations.ListAccountsAsync(first.NextToken, CancellationToken.None);

        var request = canned.Requests[0];
        Assert.Equal("AWSOrganizationsV20161128.ListAccounts", request.Headers["X-Amz-Target"]);
        Assert.StartsWith("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Contains("/us-east-1/organizations/aws4_request", request.Headers["Authorization"]);
        Assert.Equal("{}", request.Body);
        Assert.Equal("t1", JsonDocument.Parse(canned.Requests[1].Body).RootElement.GetProperty("NextToken").GetString());
        var account = Assert.Single(first.Items);
        Assert.Equal("ACTIVE", account.State); // State wins over the retired Status
        Assert.Equal("INVITED", account.JoinedMethod);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), account.JoinedTimestamp);
        Assert.Equal("SUSPENDED", Assert.Single(second.Items).State); // older payloads: Status still read
        Assert.Null(second.NextToken);
    }

    [Fact]
    public async Task Organizations_errors_read_the_shape_name_from___type()
    {
        await using var canned = await CannedAws.StartAsync(
            new WireAnswer(400, "application/x-amz-json-1.1", "{\"__type\":\"com.amazonaws.organizations.v20161128#AWSOrganizationsNotInUseException\",\"Message\":\"Your account is not a member of an organization.\"}"),
            new WireAnswer(400, "application/x-amz-json-1.0", "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"gone\"}", new Dictionary<string, string> { ["x-amzn-query-error"] = "AWS.SimpleQueueService.NonExistentQueue;Sender" }));
        using var organizations = AwsClientFactory.CreateOrganizations(Context(canned));

        var notInUse = await Assert.ThrowsAsync<AwsServiceException>(() => organizations.DescribeOrganizationAsync(CancellationToken.None));
        var queryCompatible = await Assert.ThrowsAsync<AwsServiceException>(() => organizations.DescribeOrganizationAsync(CancellationToken.None));

        Assert.Equal("AWSOrganizationsNotInUseException", notInUse.ErrorCode);
        Assert.Equal("Your account is not a member of an organization.", notInUse.Message);
        Assert.Equal("req-1", notInUse.RequestId);
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", queryCompatible.ErrorCode);
        Assert.Equal("gone", queryCompatible.Message);
    }

    [Fact]
    public async Task Organizations_DescribeOrganization_reads_the_management_account()
    {
        await using var canned = await CannedAws.StartAsync(
            Json("{\"Organization\":{\"Id\":\"o-abc\",\"Arn\":\"arn:aws:organizations::123456789012:organization/o-abc\",\"FeatureSet\":\"ALL\",\"MasterAccountId\":\"123456789012\"}}"));
        using var organizations = AwsClientFactory.CreateOrganizations(Context(canned));

        var organization = await organizations.DescribeOrganizationAsync(CancellationToken.None);

        Assert.Equal("o-abc", organization.Id);
        Assert.Equal("123456789012", organization.ManagementAccountId);
        Assert.Equal("ALL", organization.FeatureSet);
    }

    [Fact]
    public void Without_an_endpoint_override_the_public_endpoints_are_used()
    {
        var provider = new ServiceEndpointProvider(ServiceDescription.CloudTrail);
        var iam = new ServiceEndpointProvider(ServiceDescription.Iam);
        var parameters = new Amazon.Runtime.Endpoints.EndpointParameters();
        parameters["Region"] = "eu-west-3";

        Assert.Equal("https://cloudtrail.eu-west-3.amazonaws.com", provider.ResolveEndpoint(parameters).URL);
        Assert.Equal("https://iam.amazonaws.com", iam.ResolveEndpoint(parameters).URL);
    }
}
