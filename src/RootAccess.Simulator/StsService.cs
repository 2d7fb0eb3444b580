using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using static RootAccess.Simulator.WireFormat;

namespace RootAccess.Simulator;

/// <summary>STS: AssumeRoot with AWS's preconditions, and GetCallerIdentity.</summary>
internal sealed class StsService
{
    private static readonly Regex RootArn = new("^arn:aws(-[a-z]+)*:iam::([0-9]{12}):root$", RegexOptions.CultureInvariant);
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
                    E("UserId", principal.Session is null ? "AIDA" + principal.AccountId : principal.AccountId),
                    E("Account", principal.AccountId),
                    E("Arn", principal.Arn),
                };
            case "AssumeRoot":
                return AssumeRoot(parameters, principal, call);
            default:
                throw new ServiceError(400, "InvalidAction", $"Could not find operation {operation} for version 2011-06-15");
        }
    }

    private IEnumerable<XElement> AssumeRoot(IReadOnlyDictionary<string, string> parameters, SimPrincipal principal, SimCall call)
    {
        parameters.TryGetValue("TargetPrincipal", out var targetPrincipal);
        parameters.TryGetValue("TaskPolicyArn.arn", out var taskPolicyArn);
        int? duration = parameters.TryGetValue("DurationSeconds", out var d) && int.TryParse(d, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var region = _context.SigningRegionOf("sts");
        try
        {
            var (session, policy) = Authorize(targetPrincipal, taskPolicyArn, duration, principal);
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

    private (IssuedSession Session, string Policy) Authorize(string? targetPrincipal, string? taskPolicyArn, int? duration, SimPrincipal principal)
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

            return (_context.IssueSession(accountId, policy, duration ?? 900, principal.Arn), policy);
        }
    }
}
