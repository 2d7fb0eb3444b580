using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RootAccess.Simulator;

internal enum WireProtocol
{
    Query,
    Json,
    SqsJson,
    Rest,
}

/// <summary>
/// The errors one service answers, each in its own protocol's shape (code, status, message), as AWS sends them: the
/// one table the faults, the confinement of root sessions and authentication all take their errors from.
/// </summary>
internal sealed record ErrorShape
{
    public WireProtocol Protocol { get; init; }

    /// <summary>Over the request-rate quota.</summary>
    public ServiceError OverQuota { get; init; } = null!;

    /// <summary>An injected throttle.</summary>
    public ServiceError Throttled { get; init; } = null!;

    public ServiceError ServerError { get; init; } = null!;

    /// <summary>An injected expired token.</summary>
    public ServiceError ExpiredToken { get; init; } = null!;

    /// <summary>An injected AccessDenied for (operation, account).</summary>
    public Func<string, string, string?, ServiceError> InjectedDenial { get; init; } = null!;

    /// <summary>A root session asked for what its task policy does not allow (the message says why).</summary>
    public Func<string, ServiceError> Confined { get; init; } = null!;

    public string InvalidTokenCode { get; init; } = "InvalidClientTokenId";

    public string ExpiredSessionCode { get; init; } = "ExpiredToken";

    public string UnknownKeyCode { get; init; } = "InvalidClientTokenId";

    public ServiceError InvalidToken => new(403, InvalidTokenCode, "The security token included in the request is invalid.");

    public ServiceError ExpiredSession => new(400, ExpiredSessionCode, "The security token included in the request is expired");

    public ServiceError UnknownKey => new(403, UnknownKeyCode, "The security token included in the request is invalid.");

    private static readonly ErrorShape Query = new()
    {
        Protocol = WireProtocol.Query,
        OverQuota = new(400, "Throttling", "Rate exceeded"),
        Throttled = new(400, "Throttling", "Rate exceeded"),
        ServerError = new(500, "InternalFailure", "The request processing has failed because of an unknown error."),
        ExpiredToken = new(400, "ExpiredToken", "The security token included in the request is expired"),
        InjectedDenial = (service, operation, account) => ServiceError.AccessDenied($"User is not authorized to perform: {service}:{operation} (injected fault{(account is null ? string.Empty : " for account " + account)})."),
        Confined = message => ServiceError.AccessDenied(message),
    };

    private static readonly ErrorShape Json = new()
    {
        Protocol = WireProtocol.Json,
        OverQuota = new(400, "TooManyRequestsException", "AWS Organizations can't complete your request because it exceeded the request rate."),
        Throttled = new(400, "TooManyRequestsException", "Rate exceeded"),
        ServerError = new(500, "ServiceException", "AWS Organizations can't complete your request because of an internal service error."),
        ExpiredToken = new(400, "ExpiredTokenException", "The security token included in the request is expired"),
        InjectedDenial = (_, operation, _) => new(400, "AccessDeniedException", $"You don't have permissions to access this resource (injected for {operation})."),
        Confined = message => new(400, "AccessDeniedException", message),
    };

    private static readonly Dictionary<string, ErrorShape> ByService = new(StringComparer.Ordinal)
    {
        ["sts"] = Query,
        ["iam"] = Query,
        ["organizations"] = Json with
        {
            Confined = message => new(403, "AccessDeniedException", message),
            InvalidTokenCode = "UnrecognizedClientException",
            ExpiredSessionCode = "ExpiredTokenException",
            UnknownKeyCode = "UnrecognizedClientException",
        },
        // CloudTrail's model: AccessDeniedException is a 403.
        ["cloudtrail"] = Json with { Confined = message => new(403, "AccessDeniedException", message) },
        ["events"] = Json with { UnknownKeyCode = "UnrecognizedClientException" },
        ["sqs"] = Json with
        {
            Protocol = WireProtocol.SqsJson,
            OverQuota = new(400, "RequestThrottled", "Request is throttled."),
            Throttled = new(400, "RequestThrottled", "Request is throttled."),
            Confined = message => new(403, "AccessDenied", message),
            UnknownKeyCode = "UnrecognizedClientException",
        },
        ["s3"] = new ErrorShape
        {
            Protocol = WireProtocol.Rest,
            OverQuota = new(503, "SlowDown", "Please reduce your request rate."),
            Throttled = new(503, "SlowDown", "Please reduce your request rate."),
            ServerError = new(500, "InternalError", "We encountered an internal error. Please try again."),
            ExpiredToken = new(400, "ExpiredToken", "The provided token has expired."),
            InjectedDenial = (_, _, _) => new(403, "AccessDenied", "Access Denied"),
            Confined = message => ServiceError.AccessDenied(message),
            UnknownKeyCode = "InvalidAccessKeyId",
        },
    };

    /// <summary>The shapes of <paramref name="service"/>; a service the simulator does not serve answers as a query service.</summary>
    public static ErrorShape Of(string service) => ByService.TryGetValue(service, out var shape) ? shape : Query;

    /// <summary>The error of a call over the quota (a new one each time: errors are thrown).</summary>
    public ServiceError QuotaError() => Fresh(OverQuota);

    /// <summary>The error of an injected fault.</summary>
    public ServiceError Fault(FaultKind kind, string service, string operation, string? account) => kind switch
    {
        FaultKind.Throttle => Fresh(Throttled),
        FaultKind.ServerError => Fresh(ServerError),
        FaultKind.ExpiredToken => Fresh(ExpiredToken),
        _ => InjectedDenial(service, operation, account),
    };

    private static ServiceError Fresh(ServiceError template) => new(template.Status, template.Code, template.Message);

    /// <summary>Writes <paramref name="error"/> the way this protocol does on the wire.</summary>
    public Task WriteAsync(HttpContext context, ServiceError error, string service) => Protocol switch
    {
        WireProtocol.Rest => S3Wire.WriteErrorAsync(context, error, S3Wire.BucketOf(context.Request)),
        WireProtocol.Json => WireFormat.WriteJsonErrorAsync(context, error),
        WireProtocol.SqsJson => WireFormat.WriteJsonErrorAsync(context, error, sqs: true),
        _ => WireFormat.WriteQueryErrorAsync(context, error, service),
    };
}
