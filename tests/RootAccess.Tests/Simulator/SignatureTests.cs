using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.S3.Model;
using Amazon.SecurityToken.Model;
using Amazon.SQS.Model;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

/// <summary>
/// The simulator verifies SigV4 on every request, in every protocol: a known key with the wrong secret, a scope for the
/// wrong region of a global service, or a stale date is refused as AWS refuses it. Every other test passing with
/// verification on is what proves the module's own signing (the SDK's signer, through our IAM/Organizations/CloudTrail client).
/// </summary>
public sealed class SignatureTests
{
    private static AwsContext Forged(AwsSimulator simulator, string region = "us-east-1")
        => new(new BasicAWSCredentials(OrgBuilder.AdminKey, "not-the-secret-of-this-key-at-all-000000"), RegionEndpoint.GetBySystemName(region), simulator.Endpoint);

    [Fact]
    public async Task A_wrong_secret_is_refused_in_every_protocol()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.WithResources(OrgBuilder.Organization(2), 1));
        var context = Forged(simulator);
        var member = OrgBuilder.MemberId(1);

        using var sts = AwsClientFactory.CreateSts(context);
        var query = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => sts.AssumeRootAsync(new AssumeRootRequest { TargetPrincipal = member, TaskPolicyArn = new PolicyDescriptorType { Arn = TaskPolicies.ArnOf(TaskPolicies.AuditRootUserCredentials) } }));
        using var iam = AwsClientFactory.CreateIam(context);
        var iamQuery = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => iam.ListOrganizationsFeaturesAsync(CancellationToken.None));
        using var organizations = AwsClientFactory.CreateOrganizations(context);
        var json = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => organizations.DescribeOrganizationAsync(CancellationToken.None));
        using var cloudTrail = AwsClientFactory.CreateCloudTrail(context);
        var trail = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => cloudTrail.LookupEventsAsync("AssumeRoot", null, null, null, CancellationToken.None));
        using var sqs = AwsClientFactory.CreateSqs(context);
        var sqsJson = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => sqs.ListQueuesAsync(new ListQueuesRequest()));
        using var s3 = AwsClientFactory.CreateS3(context);
        var rest = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => s3.ListBucketsAsync(new ListBucketsRequest()));

        Assert.Equal(("SignatureDoesNotMatch", 403), (query.ErrorCode, (int)query.StatusCode));
        Assert.Equal(("SignatureDoesNotMatch", 403), (iamQuery.ErrorCode, (int)iamQuery.StatusCode));
        Assert.Equal(("InvalidSignatureException", 400), (json.ErrorCode, (int)json.StatusCode));
        Assert.Equal(("InvalidSignatureException", 400), (trail.ErrorCode, (int)trail.StatusCode));
        Assert.Equal("SignatureDoesNotMatch", sqsJson.ErrorCode);
        Assert.Equal(("SignatureDoesNotMatch", 403), (rest.ErrorCode, (int)rest.StatusCode));
        Assert.Empty(simulator.IssuedSessions);
        Assert.Equal(0, simulator.CallCount("AssumeRoot")); // refused before any operation ran
    }

    [Fact]
    public async Task A_root_session_with_a_wrong_secret_is_refused_too()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(2));
        using var sts = AwsClientFactory.CreateSts(new AwsContext(new BasicAWSCredentials(OrgBuilder.AdminKey, OrgBuilder.AdminSecret), RegionEndpoint.USEast1, simulator.Endpoint));
        var issued = (await sts.AssumeRootAsync(new AssumeRootRequest { TargetPrincipal = OrgBuilder.MemberId(1), TaskPolicyArn = new PolicyDescriptorType { Arn = TaskPolicies.ArnOf(TaskPolicies.AuditRootUserCredentials) } })).Credentials;
        var forged = new AwsContext(new SessionAWSCredentials(issued.AccessKeyId, "forged-secret-forged-secret-forged-secret", issued.SessionToken), RegionEndpoint.USEast1, simulator.Endpoint);
        var genuine = new AwsContext(new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken), RegionEndpoint.USEast1, simulator.Endpoint);

        using var forgedIam = AwsClientFactory.CreateIam(forged);
        using var genuineIam = AwsClientFactory.CreateIam(genuine);
        var refused = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => forgedIam.ListMfaDevicesAsync(CancellationToken.None));
        var devices = await genuineIam.ListMfaDevicesAsync(CancellationToken.None);

        Assert.Equal("SignatureDoesNotMatch", refused.ErrorCode);
        Assert.NotNull(devices);
    }

    [Fact]
    public async Task Iam_signed_for_another_region_and_a_stale_date_are_refused()
    {
        await using var simulator = await AwsSimulator.StartAsync(OrgBuilder.Organization(1));
        using var http = new HttpClient();

        var wrongRegion = await Send(http, simulator, "iam", "eu-west-1", DateTime.UtcNow, "Action=ListOrganizationsFeatures&Version=2010-05-08");
        var stale = await Send(http, simulator, "sts", "us-east-1", DateTime.UtcNow.AddMinutes(-20), "Action=GetCallerIdentity&Version=2011-06-15");
        var unsigned = await http.PostAsync(simulator.Endpoint, new StringContent("Action=GetCallerIdentity&Version=2011-06-15"));

        Assert.Equal(403, (int)wrongRegion.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await wrongRegion.Content.ReadAsStringAsync());
        Assert.Contains("valid region", await wrongRegion.Content.ReadAsStringAsync());
        Assert.Equal(403, (int)stale.StatusCode);
        Assert.Contains("Signature expired", await stale.Content.ReadAsStringAsync());
        Assert.Equal(403, (int)unsigned.StatusCode);
    }

    // A request whose signature is never reached: the scope or the date is refused first.
    private static Task<HttpResponseMessage> Send(HttpClient http, AwsSimulator simulator, string service, string region, DateTime at, string body)
    {
        var stamp = at.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, simulator.Endpoint) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.TryAddWithoutValidation("X-Amz-Date", stamp);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={OrgBuilder.AdminKey}/{stamp.Substring(0, 8)}/{region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature={new string('0', 64)}");
        return http.SendAsync(request);
    }
}
