namespace RootAccess.Aws.Protocol;

/// <summary>The wire protocol a service speaks.</summary>
internal enum WireProtocol
{
    AwsQuery,
    AwsJson11,
}

/// <summary>What our small client needs to know about one AWS service (the part of its service model we use).</summary>
internal sealed class ServiceDescription
{
    public ServiceDescription(string serviceId, string signingName, string endpointPrefix, string apiVersion, WireProtocol protocol, string? jsonTargetPrefix, string? globalSigningRegion, string defaultEndpointFormat)
    {
        ServiceId = serviceId;
        SigningName = signingName;
        EndpointPrefix = endpointPrefix;
        ApiVersion = apiVersion;
        Protocol = protocol;
        JsonTargetPrefix = jsonTargetPrefix;
        GlobalSigningRegion = globalSigningRegion;
        DefaultEndpointFormat = defaultEndpointFormat;
    }

    /// <summary>The SDK service id; it also names the <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c> override.</summary>
    public string ServiceId { get; }

    public string SigningName { get; }

    public string EndpointPrefix { get; }

    public string ApiVersion { get; }

    public WireProtocol Protocol { get; }

    /// <summary>awsJson: the <c>X-Amz-Target</c> prefix before the operation name.</summary>
    public string? JsonTargetPrefix { get; }

    /// <summary>Global services sign every request for one region whatever the client's region.</summary>
    public string? GlobalSigningRegion { get; }

    /// <summary>The public endpoint; <c>{region}</c> is replaced by the client's region.</summary>
    public string DefaultEndpointFormat { get; }

    public static ServiceDescription Iam { get; } = new(
        "IAM", "iam", "iam", "2010-05-08", WireProtocol.AwsQuery, null, "us-east-1", "https://iam.amazonaws.com");

    /// <summary>STS; its endpoint is resolved by the SDK's own STS configuration (<see cref="AwsClientFactory.CreateStsClient"/>).</summary>
    public static ServiceDescription Sts { get; } = new(
        "STS", "sts", "sts", "2011-06-15", WireProtocol.AwsQuery, null, null, "https://sts.{region}.amazonaws.com");

    public static ServiceDescription Organizations { get; } = new(
        "Organizations", "organizations", "organizations", "2016-11-28", WireProtocol.AwsJson11, "AWSOrganizationsV20161128", "us-east-1", "https://organizations.us-east-1.amazonaws.com");

    public static ServiceDescription CloudTrail { get; } = new(
        "CloudTrail", "cloudtrail", "cloudtrail", "2013-11-01", WireProtocol.AwsJson11, "CloudTrail_20131101", null, "https://cloudtrail.{region}.amazonaws.com");

    public static ServiceDescription EventBridge { get; } = new(
        "EventBridge", "events", "events", "2015-10-07", WireProtocol.AwsJson11, "AWSEvents", null, "https://events.{region}.amazonaws.com");
}
