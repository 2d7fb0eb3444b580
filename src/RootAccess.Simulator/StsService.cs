using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using static RootAccess.Simulator.WireFormat;

namespace RootAccess.Simulator;

/// <summary>STS: AssumeRoot with AWS's preconditions, AssumeRole and AssumeRoleWithWebIdentity against a role's trust policy, and GetCallerIdentity.</summary>
internal sealed class StsService
{
    private static readonly Regex RootArn = new("^arn:aws(-[a-z]+)*:iam::([0-9]{12}):root$", RegexOptions.CultureInvariant);
    private static readonly Regex SessionName = new(@"^[\w+=,.@-]{2,64}$", RegexOptions.CultureInvariant);
    private readonly IServiceContext _context;

    public StsService(IServiceContext context) => _context = context;

    /// <summary>The 12-digit account a TargetPrincipal names, if it names one.</summary>
    public static string? TargetAccount(IReadOnlyDictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue("TargetPrincipal", out var target))
        {
            return null;
        }

        if (Regex.IsMatch(target, "^[0-9]{12}$"))
        {
            return target;
        }

        var arn = RootArn.Match(target);
        return arn.Success ? arn.Groups[2].Value : null;
    }

    public IEnumerable<XElement>? Handle(string operation, IReadOnlyDictionary<string, string> parameters, SimPrincipal principal, SimCall call)
    {
        switch (operation)
        {
            case "GetCallerIdentity":
                return new[]
                {
                    E("UserId", principal.UserId ?? (principal.Session is null ? "AIDA" + principal.AccountId : principal.AccountId)),
                    E("Account", principal.AccountId),
                    E("Arn", principal.Arn),
                };
            case "AssumeRoot":
                return AssumeRoot(parameters, principal, call);
            case "AssumeRole":
                return AssumeRole(parameters, principal);
            case "AssumeRoleWithWebIdentity":
                return AssumeRoleWithWebIdentity(parameters);
            default:
                throw new ServiceError(400, "InvalidAction", $"Could not find operation {operation} for version 2011-06-15");
        }
    }

    /// <summary>
    /// AssumeRoleWithWebIdentity, which is not signed: the token is checked (signature by the issuer's keys, expiry, an
    /// IAM OIDC provider for its issuer in the role's account, an audience the provider lists), then the role's trust
    /// policy is evaluated for the provider as the Federated principal with its aud and sub keys.
    /// </summary>
    public IEnumerable<XElement> AssumeRoleWithWebIdentity(IReadOnlyDictionary<string, string> parameters)
    {
        var roleArn = Required(parameters, "RoleArn");
        var sessionName = Required(parameters, "RoleSessionName");
        var token = Required(parameters, "WebIdentityToken");
        var claims = WebIdentity.Verify(token, _context.State.IdentityIssuers, DateTime.UtcNow);
        lock (_context.Gate)
        {
            var (account, role) = _context.State.FindRole(roleArn) is { } found ? found : throw NotTrusted(roleArn);
            var provider = account.Iam.OidcProviders.FirstOrDefault(p => SimOidcProvider.HostAndPath(p.Url) == SimOidcProvider.HostAndPath(claims.Issuer))
                ?? throw new ServiceError(400, "InvalidIdentityToken", $"No OpenIDConnect provider found in your account for {claims.Issuer}");
            if (!provider.ClientIds.Contains(claims.Audience, StringComparer.Ordinal))
            {
                throw new ServiceError(400, "InvalidIdentityToken", "Incorrect token audience");
            }

            var prefix = SimOidcProvider.HostAndPath(provider.Url);
            var context = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [prefix + ":aud"] = claims.Audience, [prefix + ":sub"] = claims.Subject };
            if (!TrustPolicy.Allows(role.TrustPolicy, new TrustRequest("sts:AssumeRoleWithWebIdentity", "Federated", new[] { provider.ArnIn(account.Id) }, context)))
            {
                throw NotTrusted(roleArn);
            }

            var session = _context.IssueRoleSession(account.Id, roleArn, role, ValidSessionName(sessionName), Duration(parameters, role));
            return RoleCredentials(session).Concat(new[]
            {
                E("SubjectFromWebIdentityToken", claims.Subject),
                E("Audience", claims.Audience),
                E("Provider", provider.ArnIn(account.Id)),
            });
        }
    }

    /// <summary>
    /// A role session for a service principal, as SSM Automation takes its assume role (tests only, through the simulator's
    /// unsigned test surface): the trust policy must name the service, with aws:SourceAccount the account it acts for.
    /// </summary>
    public IssuedRoleSession AssumeRoleAsService(string roleArn, string service, string sourceAccount, string sessionName)
    {
        lock (_context.Gate)
        {
            var context = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["aws:SourceAccount"] = sourceAccount };
            if (_context.State.FindRole(roleArn) is not { } found || !TrustPolicy.Allows(found.Role.TrustPolicy, new TrustRequest("sts:AssumeRole", "Service", new[] { service }, context)))
            {
                throw ServiceError.AccessDenied($"{service} is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
            }

            return _context.IssueRoleSession(found.Account.Id, roleArn, found.Role, ValidSessionName(sessionName), 3600);
        }
    }

    private IEnumerable<XElement> AssumeRole(IReadOnlyDictionary<string, string> parameters, SimPrincipal principal)
    {
        var roleArn = Required(parameters, "RoleArn");
        var sessionName = ValidSessionName(Required(parameters, "RoleSessionName"));
        lock (_context.Gate)
        {
            ServiceError Denied() => ServiceError.AccessDenied($"User: {principal.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
            if (principal.Session is not null || _context.State.FindRole(roleArn) is not { } found)
            {
                throw Denied();
            }

            // A trust policy names a role (matching its sessions), a user, the account by its root ARN or its id.
            var names = new[] { principal.Arn, principal.RoleArn ?? principal.Arn, $"arn:aws:iam::{principal.AccountId}:root", principal.AccountId };
            if (!TrustPolicy.Allows(found.Role.TrustPolicy, new TrustRequest("sts:AssumeRole", "AWS", names, new Dictionary<string, string>())))
            {
                throw Denied();
            }

            return RoleCredentials(_context.IssueRoleSession(found.Account.Id, roleArn, found.Role, sessionName, Duration(parameters, found.Role)));
        }
    }

    private static IEnumerable<XElement> RoleCredentials(IssuedRoleSession session) => new[]
    {
        E("Credentials", new object[]
        {
            E("AccessKeyId", session.AccessKeyId),
            E("SecretAccessKey", session.SecretAccessKey),
            E("SessionToken", session.SessionToken),
            E("Expiration", Iso(session.Expiration)),
        }),
        E("AssumedRoleUser", new object[] { E("AssumedRoleId", session.AssumedRoleId), E("Arn", session.AssumedRoleArn) }),
        E("PackedPolicySize", "0"),
    };

    private static ServiceError NotTrusted(string roleArn) => ServiceError.AccessDenied($"Not authorized to perform sts:AssumeRoleWithWebIdentity on {roleArn}");

    private static string Required(IReadOnlyDictionary<string, string> parameters, string name)
        => parameters.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw ServiceError.Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0]) + name.Substring(1)}' failed to satisfy constraint: Member must not be null");

    private static string ValidSessionName(string name)
        => SessionName.IsMatch(name) ? name : throw ServiceError.Validation($"1 validation error detected: Value '{name}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");

    private static int Duration(IReadOnlyDictionary<string, string> parameters, SimIamRole role)
    {
        if (!parameters.TryGetValue("DurationSeconds", out var text))
        {
            return 3600;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds < 900 || seconds > role.MaxSessionDuration)
        {
            throw ServiceError.Validation($"The requested DurationSeconds exceeds the MaxSessionDuration set for this role, or is under 900 seconds: {text}.");
        }

        return seconds;
    }

    private IEnumerable<XElement> AssumeRoot(IReadOnlyDictionary<string, string> parameters, SimPrincipal principal, SimCall call)
    {
        parameters.TryGetValue("TargetPrincipal", out var targetPrincipal);
        parameters.TryGetValue("TaskPolicyArn.arn", out var taskPolicyArn);
        int? duration = parameters.TryGetValue("DurationSeconds", out var d) && int.TryParse(d, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var region = _context.SigningRegionOf("sts");
        try
        {
            var (session, policy) = Authorize(targetPrincipal, taskPolicyArn, duration, principal, call.SourceIp);
            _context.Trail.RecordAssumeRoot(principal.AccountId, principal.Arn, call.AccessKeyId, call.SourceIp, region, targetPrincipal ?? string.Empty, taskPolicyArn ?? string.Empty, duration, session, null);
            return new[]
            {
                E("Credentials", new object[]
                {
                    E("AccessKeyId", session.AccessKeyId),
                    E("SecretAccessKey", session.SecretAccessKey),
                    E("SessionToken", session.SessionToken),
                    E("Expiration", Iso(session.Expiration)),
                }),
                E("SourceIdentity", principal.Arn.Split('/').Last()),
            };
        }
        catch (ServiceError error)
        {
            _context.Trail.RecordAssumeRoot(principal.AccountId, principal.Arn, call.AccessKeyId, call.SourceIp, region, targetPrincipal ?? string.Empty, taskPolicyArn ?? string.Empty, duration, null, error);
            throw;
        }
    }

    private (IssuedSession Session, string Policy) Authorize(string? targetPrincipal, string? taskPolicyArn, int? duration, SimPrincipal principal, string sourceIp)
    {
        var state = _context.State;
        if (string.IsNullOrEmpty(targetPrincipal))
        {
            throw ServiceError.Validation("1 validation error detected: Value null at 'targetPrincipal' failed to satisfy constraint: Member must not be null");
        }

        if (string.IsNullOrEmpty(taskPolicyArn))
        {
            throw ServiceError.Validation("1 validation error detected: Value null at 'taskPolicyArn' failed to satisfy constraint: Member must not be null");
        }

        if (duration is { } seconds && (seconds < 0 || seconds > 900))
        {
            throw ServiceError.Validation($"1 validation error detected: Value '{seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value {(seconds < 0 ? "greater than or equal to 0" : "less than or equal to 900")}");
        }

        var policy = TaskPolicyRules.NameOf(taskPolicyArn)
            ?? throw ServiceError.Validation($"The task policy {taskPolicyArn} is not a root task policy (arn:aws:iam::aws:policy/root-task/...).", "MalformedPolicyDocument");

        if (principal.Session is not null)
        {
            throw ServiceError.AccessDenied("A root session cannot call AssumeRoot.");
        }

        lock (_context.Gate)
        {
            if (principal.AccountId != state.ManagementAccountId && !state.DelegatedAdministrators.Contains(principal.AccountId))
            {
                throw ServiceError.AccessDenied($"User: {principal.Arn} is not authorized to perform: sts:AssumeRoot: account {principal.AccountId} is neither the management account nor a delegated administrator for IAM.");
            }

            // IAM User Guide, "Centralize root access for member accounts" (id_root-enable-root-access) and the IAM API
            // reference: RootCredentialsManagement lets the management account "manage root user credentials" (the three
            // IAM task policies); RootSessions lets it "perform privileged tasks" (the S3 and SQS unlocks). Both need trusted access.
            var feature = TaskPolicyRules.RequiredFeature(policy);
            var featureOn = feature == "RootSessions" ? state.Features.RootSessions : state.Features.RootCredentialsManagement;
            if (!state.Features.TrustedAccessForIam || !featureOn)
            {
                throw ServiceError.AccessDenied($"Centralized root access is not enabled for this organization: {policy} needs trusted access for IAM and the {feature} feature.");
            }

            var accountId = TargetAccount(new Dictionary<string, string> { ["TargetPrincipal"] = targetPrincipal })
                ?? throw ServiceError.Validation($"TargetPrincipal '{targetPrincipal}' is not an account id or account principal ARN.");
            var account = state.FindAccount(accountId);
            if (account is null)
            {
                throw ServiceError.AccessDenied($"The target account {accountId} is not a member of organization {state.OrganizationId}.");
            }

            if (accountId == state.ManagementAccountId)
            {
                throw ServiceError.AccessDenied($"The target account {accountId} is the management account; AssumeRoot targets member accounts only.");
            }

            if (account.State != "ACTIVE")
            {
                throw ServiceError.AccessDenied($"The target account {accountId} is {account.State}; AssumeRoot targets active member accounts only.");
            }

            // A delegated administrator is a member account: the SCPs on its path decide its AssumeRoot (a role session's
            // aws:PrincipalArn is the role's ARN).
            var caller = principal.RoleArn ?? principal.Arn;
            ServiceControl.Require(_context, principal.AccountId, caller, "sts:AssumeRoot", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["aws:PrincipalArn"] = caller,
                ["aws:PrincipalAccount"] = principal.AccountId,
                ["sts:TaskPolicyArn"] = taskPolicyArn,
                ["aws:ResourceAccount"] = accountId,
                ["aws:SourceIp"] = sourceIp,
            }, message => ServiceError.AccessDenied(message));

            return (_context.IssueSession(accountId, policy, duration ?? 900, principal.Arn), policy);
        }
    }
}
