using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RootAccess.Simulator;

/// <summary>
/// A local AWS on 127.0.0.1: one HTTP endpoint for every service, routed by the service in the SigV4
/// credential scope, speaking each service's real wire protocol against a stateful organization.
/// </summary>
public sealed partial class AwsSimulator : IAsyncDisposable, IServiceContext
{
    private static readonly Regex CredentialScope = new(@"Credential=([^/,\s]+)/([0-9]{8})/([^/]+)/([^/]+)/aws4_request", RegexOptions.CultureInvariant);

    private WebApplication? _app;
    private readonly ConcurrentDictionary<string, IssuedSession> _sessions = new(StringComparer.Ordinal);
    private readonly QuotaBuckets _quotas;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _callLog = new();
    private readonly StsService _sts;
    private readonly IamService _iam;
    private readonly OrganizationsService _organizations;
    private readonly S3Service _s3;
    private readonly SqsService _sqs;
    private readonly CloudTrailService _cloudTrail;
    private readonly EventBridgeService _events;

    private AwsSimulator(SimulatorState state)
    {
        State = state;
        _quotas = new QuotaBuckets(() => State.Quotas);
        _sts = new StsService(this);
        _iam = new IamService(this);
        _organizations = new OrganizationsService(this);
        _s3 = new S3Service(this);
        _sqs = new SqsService(this);
        _cloudTrail = new CloudTrailService(this);
        _events = new EventBridgeService(this);
    }

    /// <summary>The endpoint every client points at, for example http://127.0.0.1:49152.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    public SimulatorState State { get; private set; }

    /// <summary>
    /// Where a fresh organization comes from for POST /__simulator/reset (unsigned, off while null): one simulator serves a
    /// whole Pester run, and each test file starts from the fixture instead of what the files before it changed.
    /// </summary>
    public Func<SimulatorState>? ResetSource { get; set; }

    public FaultInjector Faults { get; } = new();

    public CloudTrailLog Trail { get; } = new();

    /// <summary>Page size of Organizations lists (AWS allows at most 20 for ListAccounts).</summary>
    public int OrganizationsPageSize { get; set; } = 20;

    /// <summary>Page size of IAM lists (AWS default MaxItems is 100).</summary>
    public int IamPageSize { get; set; } = 100;

    /// <summary>CloudTrail's LookupEvents limit (requests per second); 0 turns the limit off.</summary>
    public int CloudTrailRequestsPerSecond { get; set; } = 2;

    /// <summary>How many LookupEvents requests the rate limit refused.</summary>
    public int CloudTrailThrottled { get; internal set; }

    /// <summary>Serialises changes to <see cref="State"/>.</summary>
    public object Gate { get; } = new();

    /// <summary>Every root session issued so far, secrets included, so tests can prove they never leak.</summary>
    public IReadOnlyCollection<IssuedSession> IssuedSessions => _sessions.Values.ToList();

    /// <summary>Requests refused by a quota, per service.</summary>
    public ConcurrentDictionary<string, int> Throttled { get; } = new(StringComparer.Ordinal);

    /// <summary>What arrived, for the conformance suite (off by default); served unsigned at /__simulator/requests while on.</summary>
    public RequestLog Requests { get; } = new();

    /// <summary>Verify every request's SigV4 signature against the secret of its key (on by default, as in AWS).</summary>
    public bool VerifySignatures { get; set; } = true;

    /// <summary>The SigV4 region every request of a client was signed for, last seen per service.</summary>
    public ConcurrentDictionary<string, string> SigningRegions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<AwsSimulator> StartAsync(SimulatorState? state = null, int port = 0)
    {
        var simulator = new AwsSimulator(state ?? SimulatorState.Sample());
        (simulator._app, simulator.Endpoint) = await LoopbackHost.StartAsync(simulator.HandleAsync, port).ConfigureAwait(false);
        return simulator;
    }

    /// <summary>Every operation called, in order of arrival.</summary>
    public IReadOnlyList<string> CallLog => _callLog.ToArray();

    /// <summary>How many times an operation was called (including calls that faulted).</summary>
    public int CallCount(string operation) => _calls.TryGetValue(operation, out var n) ? n : 0;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    void IServiceContext.CountCloudTrailThrottle() => CloudTrailThrottled++;

    string IServiceContext.SigningRegionOf(string service) => SigningRegions.TryGetValue(service, out var region) ? region : "us-east-1";

    IssuedSession IServiceContext.IssueSession(string accountId, string taskPolicy, int durationSeconds, string callerArn) => IssueSession(accountId, taskPolicy, durationSeconds, callerArn);

    internal IssuedSession IssueSession(string accountId, string taskPolicy, int durationSeconds, string callerArn)
    {
        var session = new IssuedSession(
            "ASIA" + RandomToken(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            RandomToken(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            "IQoJb3JpZ2luX2VjE" + RandomToken(180, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            accountId,
            taskPolicy,
            DateTime.UtcNow.AddSeconds(durationSeconds),
            callerArn);
        _sessions[session.AccessKeyId] = session;
        return session;
    }

    private static string RandomToken(int length, string alphabet)
    {
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[bytes[i] % alphabet.Length];
        }

        return new string(chars);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();

        if (Requests.Enabled && request.Path == "/__simulator/requests")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new System.Text.Json.Nodes.JsonArray(Requests.Entries.Select(e => (System.Text.Json.Nodes.JsonNode)e.DeepClone()).ToArray()).ToJsonString()).ConfigureAwait(false);
            return;
        }

        if (ResetSource is { } fresh && request.Path == "/__simulator/reset" && HttpMethods.IsPost(request.Method))
        {
            State = fresh();
            Faults.Clear();
            context.Response.StatusCode = 204;
            return;
        }

        // For tests out of process (Pester, the AWS CLI): a fault rule as JSON ({"operation":"AssumeRoot","kind":"ExpiredToken"}),
        // served only where reset is, and cleared by it.
        if (ResetSource is not null && request.Path == "/__simulator/faults" && HttpMethods.IsPost(request.Method))
        {
            var rule = System.Text.Json.JsonSerializer.Deserialize<FaultRule>(body, new System.Text.Json.JsonSerializerOptions { PropertyNameCaseInsensitive = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
            if (rule is null)
            {
                context.Response.StatusCode = 400;
                return;
            }

            Faults.Add(rule);
            context.Response.StatusCode = 204;
            return;
        }

        var scope = CredentialScope.Match(request.Headers.Authorization.ToString());
        if (!scope.Success)
        {
            await WireFormat.WriteQueryErrorAsync(context, new ServiceError(403, "MissingAuthenticationToken", "Request is missing Authentication Token"), "sts").ConfigureAwait(false);
            return;
        }

        var accessKeyId = scope.Groups[1].Value;
        var service = scope.Groups[4].Value.ToLowerInvariant();
        SigningRegions[service] = scope.Groups[3].Value;
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString);
        var queryAt = raw.IndexOf('?');
        var signed = new SignedRequest(
            request.Method,
            queryAt < 0 ? raw : raw.Substring(0, queryAt),
            queryAt < 0 ? string.Empty : raw.Substring(queryAt),
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value.ToArray()), StringComparer.Ordinal),
            body);
        var call = new SimCall(service, accessKeyId, request.Headers["x-amz-security-token"].ToString(), request.Headers["X-Amz-Target"].ToString(), body, context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1", signed, scope.Groups[3].Value);

        try
        {
            switch (service)
            {
                case "sts":
                case "iam":
                    await HandleQueryAsync(context, call).ConfigureAwait(false);
                    break;
                case "organizations":
                case "cloudtrail":
                case "events":
                case "sqs":
                    await HandleJsonAsync(context, call).ConfigureAwait(false);
                    break;
                case "s3":
                    await HandleRestAsync(context, call).ConfigureAwait(false);
                    break;
                default:
                    await WireFormat.WriteQueryErrorAsync(context, new ServiceError(400, "UnknownService", $"The simulator does not serve '{service}'."), service).ConfigureAwait(false);
                    break;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (cancelled or timed out); nothing to answer.
        }
    }

    /// <summary>Counts the call and applies injected faults; false when the fault already answered (or dropped) the request.</summary>
    private async Task<bool> ApplyFaultsAsync(HttpContext context, string operation, string? accountId, string service, SimPrincipal principal, SimCall call)
    {
        _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
        _callLog.Enqueue(operation);
        var shape = ErrorShape.Of(service);
        if (!_quotas.Allow(service, principal, call.Request.Headers))
        {
            Throttled.AddOrUpdate(service, 1, (_, n) => n + 1);
            var throttled = shape.QuotaError();
            RecordSessionCall(principal, call, operation, throttled);
            throw throttled;
        }

        var (latency, fault) = Faults.Evaluate(operation, accountId);
        if (latency > 0)
        {
            await Task.Delay(latency, context.RequestAborted).ConfigureAwait(false);
        }

        if (fault is null)
        {
            return true;
        }

        if (fault.Kind == FaultKind.DropConnection)
        {
            context.Abort();
            return false;
        }

        var error = shape.Fault(fault.Kind, service, operation, accountId);
        RecordSessionCall(principal, call, operation, error);
        await shape.WriteAsync(context, error, service).ConfigureAwait(false);
        return false;
    }

    // What a root session did is logged in the member account, as CloudTrail does, keyed by the session's access key.
    private void RecordSessionCall(SimPrincipal principal, SimCall call, string operation, ServiceError? error)
    {
        if (principal.Session is { } session)
        {
            Trail.RecordSessionCall(session, call.Service, operation, call.SourceIp, SigningRegions.TryGetValue(call.Service, out var region) ? region : "us-east-1", error);
        }
    }

    // IAM User Guide, "Perform a privileged task on an AWS Organizations member account": a root session may do only what
    // its task policy allows, on every service; everything else is denied (STS answers AssumeRoot from a session itself).
    private static void Confine(SimPrincipal principal, string service, string operation)
    {
        if (principal.Session is not { } session || (service == "sts" && operation is "AssumeRoot" or "GetCallerIdentity") || TaskPolicyRules.Allows(session.TaskPolicy, service + ":" + operation))
        {
            return;
        }

        throw ErrorShape.Of(service).Confined($"User: arn:aws:iam::{session.AccountId}:root is not authorized to perform: {service}:{operation} because no session policy allows it (root task policy {session.TaskPolicy}).");
    }

    private SimPrincipal Authenticate(SimCall call)
    {
        var caller = State.Callers.FirstOrDefault(c => c.AccessKeyId == call.AccessKeyId);
        if (caller is not null)
        {
            if (VerifySignatures)
            {
                SigV4Verifier.Verify(call.Request, caller.SecretAccessKey, call.Service, DateTime.UtcNow);
            }

            return new SimPrincipal(caller.AccountId, caller.Arn, null);
        }

        if (_sessions.TryGetValue(call.AccessKeyId, out var session))
        {
            if (VerifySignatures)
            {
                SigV4Verifier.Verify(call.Request, session.SecretAccessKey, call.Service, DateTime.UtcNow);
            }

            if (session.SessionToken != call.SecurityToken)
            {
                throw ErrorShape.Of(call.Service).InvalidToken;
            }

            if (session.Expiration <= DateTime.UtcNow)
            {
                throw ErrorShape.Of(call.Service).ExpiredSession;
            }

            return new SimPrincipal(session.AccountId, $"arn:aws:iam::{session.AccountId}:root", session);
        }

        throw ErrorShape.Of(call.Service).UnknownKey;
    }
}

/// <summary>What arrived: the signing service, the caller's key and token, and the body.</summary>
internal sealed record SimCall(string Service, string AccessKeyId, string SecurityToken, string Target, byte[] Body, string SourceIp, SignedRequest Request, string Region);

/// <summary>The authenticated caller: a long-term principal, or a root session in a member account.</summary>
internal sealed record SimPrincipal(string AccountId, string Arn, IssuedSession? Session);

/// <summary>A root session the simulator issued.</summary>
public sealed record IssuedSession(string AccessKeyId, string SecretAccessKey, string SessionToken, string AccountId, string TaskPolicy, DateTime Expiration, string CallerArn);
