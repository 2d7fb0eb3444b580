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
    private readonly ConcurrentDictionary<string, IssuedRoleSession> _roleSessions = new(StringComparer.Ordinal);
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

    /// <summary>Every role session issued so far (AssumeRole, AssumeRoleWithWebIdentity), secrets included, for leak checks.</summary>
    public IReadOnlyCollection<IssuedRoleSession> IssuedRoleSessions => _roleSessions.Values.ToList();

    /// <summary>The stand-in for Azure Automation's managed-identity endpoint (tests only; served while reset is).</summary>
    public ManagedIdentityStandIn ManagedIdentity { get; } = new();

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
        var (key, secret, token) = NewCredentials();
        var session = new IssuedSession(
            key,
            secret,
            token,
            accountId,
            taskPolicy,
            DateTime.UtcNow.AddSeconds(durationSeconds),
            callerArn);
        _sessions[session.AccessKeyId] = session;
        return session;
    }

    IssuedRoleSession IServiceContext.IssueRoleSession(string accountId, string roleArn, SimIamRole role, string sessionName, int durationSeconds)
    {
        var roleId = role.RoleId ?? "AROA" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(roleArn))).Substring(0, 17);
        var (key, secret, token) = NewCredentials();
        var session = new IssuedRoleSession(
            key,
            secret,
            token,
            accountId,
            roleArn,
            $"arn:aws:sts::{accountId}:assumed-role/{role.RoleName}/{sessionName}",
            roleId + ":" + sessionName,
            DateTime.UtcNow.AddSeconds(durationSeconds));
        _roleSessions[session.AccessKeyId] = session;
        return session;
    }

    // Temporary credentials shaped as STS issues them: an ASIA key id, a 40-character secret, a long session token.
    private static (string AccessKeyId, string SecretAccessKey, string SessionToken) NewCredentials()
        => ("ASIA" + RandomToken(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            RandomToken(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            "IQoJb3JpZ2luX2VjE" + RandomToken(180, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));

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
            ManagedIdentity.Reset();
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

        if (ResetSource is not null && await TestSurfaceAsync(context, body).ConfigureAwait(false))
        {
            return;
        }

        var scope = CredentialScope.Match(request.Headers.Authorization.ToString());
        if (!scope.Success && request.Headers.Authorization.Count == 0 && HttpMethods.IsPost(request.Method) && request.Path == "/")
        {
            // STS's unsigned operation: the web identity token is the credential.
            await HandleUnsignedStsAsync(context, body).ConfigureAwait(false);
            return;
        }

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

    /// <summary>A role session for a service principal, as SSM Automation takes a document's assume role (tests only).</summary>
    internal IssuedRoleSession AssumeRoleAsService(string roleArn, string service, string sourceAccount, string sessionName) => _sts.AssumeRoleAsService(roleArn, service, sourceAccount, sessionName);

    // STS's unsigned AssumeRoleWithWebIdentity, answered in STS's shape; anything else unsigned is refused as AWS does.
    private async Task HandleUnsignedStsAsync(HttpContext context, byte[] body)
    {
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
        var parameters = form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var operation = parameters.TryGetValue("Action", out var action) ? action : string.Empty;
        var anonymous = new SimPrincipal(string.Empty, string.Empty, null);
        var call = new SimCall("sts", string.Empty, string.Empty, string.Empty, body, context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1", new SignedRequest(context.Request.Method, "/", string.Empty, new Dictionary<string, string>(), body), "us-east-1");
        Requests.Add(call, operation);
        try
        {
            if (operation != "AssumeRoleWithWebIdentity")
            {
                throw new ServiceError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
            }

            if (!await ApplyFaultsAsync(context, operation, null, "sts", anonymous, call).ConfigureAwait(false))
            {
                return;
            }

            await WireFormat.WriteQueryResultAsync(context, operation, WireFormat.StsNamespace, _sts.AssumeRoleWithWebIdentity(parameters)).ConfigureAwait(false);
        }
        catch (ServiceError error)
        {
            await ErrorShape.Of("sts").WriteAsync(context, error, "sts").ConfigureAwait(false);
        }
    }

    // The test surface beside reset and faults: the managed-identity stand-in, its settings, and a service taking a role.
    private async Task<bool> TestSurfaceAsync(HttpContext context, byte[] body)
    {
        var request = context.Request;
        var json = new System.Text.Json.JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        if (request.Path == ManagedIdentityStandIn.Path && HttpMethods.IsGet(request.Method))
        {
            var resource = request.Query["resource"].ToString();
            var issuer = State.IdentityIssuers.FirstOrDefault();
            var (status, answer) = request.Headers["X-IDENTITY-HEADER"].ToString() != ManagedIdentity.Header
                ? (401, (object)new { error = "invalid_request", error_description = "The X-IDENTITY-HEADER header is missing or wrong." })
                : resource.Length == 0 || request.Query["api-version"].ToString().Length == 0
                    ? (400, new { error = "invalid_request", error_description = "Required query parameters: resource and api-version." })
                    : issuer is null
                        ? (400, new { error = "invalid_request", error_description = "The fixture declares no identity issuer." })
                        : (200, (object)new
                        {
                            access_token = Issued(WebIdentity.Issue(issuer, resource, ManagedIdentity.Lifetime, DateTime.UtcNow)),
                            expires_on = DateTimeOffset.UtcNow.Add(ManagedIdentity.Lifetime).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                            resource,
                            token_type = "Bearer",
                            client_id = issuer.Subject,
                        });
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(answer)).ConfigureAwait(false);
            return true;
        }

        if (request.Path == "/__simulator/identity" && HttpMethods.IsPost(request.Method))
        {
            var settings = System.Text.Json.JsonSerializer.Deserialize<IdentitySettings>(body, json);
            ManagedIdentity.Lifetime = TimeSpan.FromSeconds(settings?.LifetimeSeconds ?? 86400);
            context.Response.StatusCode = 204;
            return true;
        }

        if (request.Path == "/__simulator/assume-role" && HttpMethods.IsPost(request.Method))
        {
            var ask = System.Text.Json.JsonSerializer.Deserialize<ServiceAssumeRole>(body, json) ?? new ServiceAssumeRole();
            context.Response.ContentType = "application/json";
            try
            {
                var session = _sts.AssumeRoleAsService(ask.RoleArn, ask.Service, ask.SourceAccount, ask.SessionName);
                await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { session.AccessKeyId, session.SecretAccessKey, session.SessionToken, Expiration = session.Expiration.ToString("o", System.Globalization.CultureInfo.InvariantCulture) })).ConfigureAwait(false);
            }
            catch (ServiceError error)
            {
                context.Response.StatusCode = error.Status;
                await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { error.Code, error.Message })).ConfigureAwait(false);
            }

            return true;
        }

        return false;
    }

    private string Issued(string token)
    {
        ManagedIdentity.Issued.Enqueue(token);
        return token;
    }

    private sealed class IdentitySettings
    {
        public double? LifetimeSeconds { get; set; }
    }

    private sealed class ServiceAssumeRole
    {
        public string RoleArn { get; set; } = string.Empty;

        public string Service { get; set; } = "ssm.amazonaws.com";

        public string SourceAccount { get; set; } = string.Empty;

        public string SessionName { get; set; } = "automation";
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
    // SCPs on the member's path still apply inside the session (ServiceControl).
    private void Confine(SimPrincipal principal, SimCall call, string operation)
    {
        var service = call.Service;
        if (principal.Session is not { } session || (service == "sts" && operation is "AssumeRoot" or "GetCallerIdentity"))
        {
            return;
        }

        var action = service + ":" + operation;
        if (!TaskPolicyRules.Allows(session.TaskPolicy, action))
        {
            throw ErrorShape.Of(service).Confined($"User: arn:aws:iam::{session.AccountId}:root is not authorized to perform: {action} because no session policy allows it (root task policy {session.TaskPolicy}).");
        }

        ServiceControl.Require(this, session.AccountId, $"arn:aws:iam::{session.AccountId}:root", action, ServiceControl.RootSessionContext(session.AccountId, call.SourceIp), ErrorShape.Of(service).Confined);
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
            VerifySession(call, session.SecretAccessKey, session.SessionToken, session.Expiration);
            return new SimPrincipal(session.AccountId, $"arn:aws:iam::{session.AccountId}:root", session);
        }

        if (_roleSessions.TryGetValue(call.AccessKeyId, out var role))
        {
            VerifySession(call, role.SecretAccessKey, role.SessionToken, role.Expiration);
            return new SimPrincipal(role.AccountId, role.AssumedRoleArn, null, role.RoleArn, role.AssumedRoleId);
        }

        throw ErrorShape.Of(call.Service).UnknownKey;
    }

    // A temporary credential (a root or a role session): its signature, its token, and that it has not expired.
    private void VerifySession(SimCall call, string secretAccessKey, string sessionToken, DateTime expiration)
    {
        if (VerifySignatures)
        {
            SigV4Verifier.Verify(call.Request, secretAccessKey, call.Service, DateTime.UtcNow);
        }

        if (sessionToken != call.SecurityToken)
        {
            throw ErrorShape.Of(call.Service).InvalidToken;
        }

        if (expiration <= DateTime.UtcNow)
        {
            throw ErrorShape.Of(call.Service).ExpiredSession;
        }
    }
}

/// <summary>What arrived: the signing service, the caller's key and token, and the body.</summary>
internal sealed record SimCall(string Service, string AccessKeyId, string SecurityToken, string Target, byte[] Body, string SourceIp, SignedRequest Request, string Region);

/// <summary>The authenticated caller: a long-term principal, a role session (its role and AROA id), or a root session in a member account.</summary>
internal sealed record SimPrincipal(string AccountId, string Arn, IssuedSession? Session, string? RoleArn = null, string? UserId = null);

/// <summary>A role session the simulator issued (AssumeRole, AssumeRoleWithWebIdentity).</summary>
public sealed record IssuedRoleSession(string AccessKeyId, string SecretAccessKey, string SessionToken, string AccountId, string RoleArn, string AssumedRoleArn, string AssumedRoleId, DateTime Expiration);

/// <summary>A root session the simulator issued.</summary>
public sealed record IssuedSession(string AccessKeyId, string SecretAccessKey, string SessionToken, string AccountId, string TaskPolicy, DateTime Expiration, string CallerArn);
