using System;
using System.Linq;
using System.Management.Automation;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Hardening;
using RootAccess.Policy;

namespace RootAccess.Cmdlets;

/// <summary>
/// Writes the hardening guide's fixes as deployable documents (SCPs, identity-side denies of the management account,
/// EventBridge rules), proven with the policy evaluator before anything is written; -OutputPath adds one CloudFormation
/// template. Reads the organization only for what it is not told, and changes nothing in AWS.
/// </summary>
[Cmdlet(VerbsCommon.New, "RootAccessGuardrail", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(Guardrail), typeof(GuardrailProofCase))]
public sealed class NewRootAccessGuardrailCommand : AwsCmdlet
{
    /// <summary>The break-glass roles or users of the management account: the only ones left IAMCreateRootUserPassword, IAM writes and CloudTrail changes.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ValidateBreakGlassPrincipal]
    public string[] BreakGlassPrincipal { get; set; } = Array.Empty<string>();

    /// <summary>The approved admin role that opens root sessions day to day (required with -DelegatedAdminAccountId, and in that account).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RootAccessRoleArn { get; set; }

    /// <summary>The IAM delegated administrator: its own SCP lets only -RootAccessRoleArn open root sessions, with -TaskPolicy.</summary>
    [Parameter]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId? DelegatedAdminAccountId { get; set; }

    /// <summary>The task policies root sessions may use outside break-glass (default: all but IAMCreateRootUserPassword).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(TaskPolicyCompleter))]
    [ValidateNotNullOrEmpty]
    [ValidateTaskPolicy]
    public string[]? TaskPolicy { get; set; }

    /// <summary>The admin networks (CIDR) sts:AssumeRoot may come from; without it, RA-H13 is left to you.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateIpRange]
    public string[]? AdminSourceIp { get; set; }

    /// <summary>Roles only a platform identity can take (runbooks): exempt from the MFA and source-IP denies, judged by their trust.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? UnattendedRoleArn { get; set; }

    /// <summary>Where alerts go (an SNS topic, SQS queue or Lambda function ARN): one EventBridge rule per row of the guide's monitoring table.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AlertTarget { get; set; }

    /// <summary>The root or OU the members' SCP is attached to (default: the organization's root).</summary>
    [Parameter]
    [ValidateParentId]
    public string? TargetId { get; set; }

    /// <summary>The member accounts sts:AssumeRoot may target (default: every member that is not closed).</summary>
    [Parameter]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId[]? MemberAccountId { get; set; }

    /// <summary>The management account's users and roles (ARNs) to attach the identity-side denies to (default: all of them, read).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ManagementPrincipal { get; set; }

    /// <summary>The management account (default: read from the organization).</summary>
    [Parameter]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId? ManagementAccountId { get; set; }

    /// <summary>A folder to write each document (Name.json) and RootAccess-Guardrails.template.json into.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutputPath { get; set; }

    /// <summary>Replace files of an earlier run in -OutputPath.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Output the proof matrix (every case, expected and actual) instead of the guardrails.</summary>
    [Parameter]
    public SwitchParameter Proof { get; set; }

    protected override void EndProcessing()
    {
        var options = Options();
        var offline = TargetId is not null && MemberAccountId is not null && ManagementPrincipal is not null && ManagementAccountId is not null;
        if (!offline)
        {
            try
            {
                Await(async t =>
                {
                    await GuardrailReader.ReadAsync(Context, options, TargetId is null, MemberAccountId is null, ManagementPrincipal is null, t).ConfigureAwait(false);
                    return true;
                });
            }
            catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
            {
                ThrowTerminatingError(AwsErrorRecords.Create(ex, ErrorIds.GuardrailReadFailed, "organization", "Reading the organization for the guardrails (organizations:DescribeOrganization, ListRoots, ListAccountsForParent, ListOrganizationalUnitsForParent; iam:GetAccountAuthorizationDetails) failed", Context));
            }
            catch (InvalidOperationException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.GuardrailReadFailed, ErrorCategory.InvalidArgument, "organization") { ErrorDetails = new ErrorDetails(ex.Message) });
            }
        }

        if (offline && options.ManagementPrincipals.FirstOrDefault()?.Split(':') is { Length: > 2 } arn && AwsPartition.IsKnown(arn[1]))
        {
            options.Partition = arn[1];
        }

        Refuse(Check(options));
        WriteVerbose($"-BreakGlassPrincipal resolves to: {string.Join(", ", Guardrails.BreakGlassArns(options))}.");
        foreach (var note in options.Notes)
        {
            WriteWarning(note);
        }

        var guardrails = Guardrails.Build(options);
        System.Collections.Generic.IReadOnlyList<GuardrailProofCase> cases;
        try
        {
            cases = Proof.IsPresent ? GuardrailProof.Prove(guardrails, options) : GuardrailProof.Require(guardrails, options);
        }
        catch (GuardrailProofException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.GuardrailUnproven, ErrorCategory.InvalidArgument, null) { ErrorDetails = new ErrorDetails(ex.Message) });
            return;
        }

        if (options.AdminSourceIps.Count == 0)
        {
            WriteWarning("No -AdminSourceIp: sts:AssumeRoot is not restricted to admin networks (RA-H13 stays as it is).");
        }

        if (options.AlertTarget is null)
        {
            WriteWarning("No -AlertTarget: no EventBridge rules were made (RA-H05 stays as it is).");
        }

        if (OutputPath is not null && !Proof.IsPresent && cases.All(c => c.Holds))
        {
            var folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputPath);
            if (ShouldProcess(folder, $"Write {guardrails.Count} guardrail documents and {GuardrailTemplate.TemplateFileName}"))
            {
                try
                {
                    foreach (var file in GuardrailTemplate.Write(guardrails, options, folder, Force.IsPresent))
                    {
                        WriteVerbose($"Wrote {file}");
                    }
                }
                catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.GuardrailWriteFailed, ErrorCategory.WriteError, folder) { ErrorDetails = new ErrorDetails($"-OutputPath '{folder}': {ex.Message.TrimEnd('.')}.") });
                }
            }
        }

        if (Proof.IsPresent)
        {
            WriteObject(cases, enumerateCollection: true);
        }
        else
        {
            WriteObject(guardrails, enumerateCollection: true);
        }

        base.EndProcessing();
    }

    private GuardrailOptions Options() => new()
    {
        Partition = ManagementAccountId?.Partition ?? AwsPartition.Commercial,
        ManagementAccountId = ManagementAccountId?.Value ?? string.Empty,
        ScpTargetId = TargetId ?? string.Empty,
        MemberAccountIds = (MemberAccountId ?? Array.Empty<AccountId>()).Select(a => a.Value).Distinct().ToList(),
        ManagementPrincipals = (ManagementPrincipal ?? Array.Empty<string>()).Select(p => p.Trim()).Distinct().ToList(),
        BreakGlassPrincipals = BreakGlassPrincipal,
        RootAccessRoleArn = RootAccessRoleArn?.Trim(),
        DelegatedAdminAccountId = DelegatedAdminAccountId?.Value,
        TaskPolicies = TaskPolicy is null ? GuardrailOptions.DefaultTaskPolicies : TaskPolicy.Select(TaskPolicies.Resolve).Distinct().ToList(),
        AdminSourceIps = (AdminSourceIp ?? Array.Empty<string>()).Select(Cidr).Distinct().ToList(),
        UnattendedRoleArns = (UnattendedRoleArn ?? Array.Empty<string>()).Select(r => r.Trim()).Distinct().ToList(),
        AlertTarget = AlertTarget?.Trim(),
    };

    // What the parameters must say before anything is built: (parameter, problem) or null.
    private static (string Parameter, string Problem)? Check(GuardrailOptions o)
    {
        var role = new System.Text.RegularExpressions.Regex("^arn:(aws|aws-us-gov|aws-cn):iam::([0-9]{12}):role/[\\w+=,.@/-]{1,512}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        var principal = new System.Text.RegularExpressions.Regex("^arn:(aws|aws-us-gov|aws-cn):iam::([0-9]{12}):(role|user)/[\\w+=,.@/-]{1,512}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        if (o.RootAccessRoleArn is { } approved && !role.IsMatch(approved))
        {
            return ("RootAccessRoleArn", $"'{approved}' is not an IAM role ARN; use arn:aws:iam::123456789012:role/RootAccessAdmin.");
        }

        if (o.DelegatedAdminAccountId is { } delegated)
        {
            if (o.RootAccessRoleArn is null || role.Match(o.RootAccessRoleArn).Groups[2].Value != delegated)
            {
                return ("RootAccessRoleArn", $"with -DelegatedAdminAccountId {delegated}, name the approved role of that account (arn:aws:iam::{delegated}:role/NAME): only it may open root sessions there.");
            }

            if (delegated == o.ManagementAccountId)
            {
                return ("DelegatedAdminAccountId", $"{delegated} is the management account; the delegated administrator is a member account (SCPs do not apply to the management account).");
            }

            if (!o.MemberAccountIds.Contains(delegated))
            {
                return ("DelegatedAdminAccountId", Text.Format(Messages.GuardrailDelegatedNotMember, delegated, o.MemberAccountIds.Count > 5 ? o.MemberAccountIds.Count + " of them" : string.Join(", ", o.MemberAccountIds)));
            }
        }

        if (o.UnattendedRoleArns.FirstOrDefault(r => !role.IsMatch(r)) is { } notRole)
        {
            return ("UnattendedRoleArn", $"'{notRole}' is not an IAM role ARN; name the runbooks' roles, as arn:aws:iam::123456789012:role/RootAccessAzureAutomation.");
        }

        if (o.ManagementPrincipals.FirstOrDefault(p => !principal.IsMatch(p) || principal.Match(p).Groups[2].Value != o.ManagementAccountId) is { } stranger)
        {
            return ("ManagementPrincipal", $"'{stranger}' is not a user or role of management account {o.ManagementAccountId}; name them as arn:aws:iam::{o.ManagementAccountId}:role/NAME or user/NAME.");
        }

        if (o.ManagementPrincipals.Count == 0)
        {
            return ("ManagementPrincipal", "the management account has no users or roles to attach the identity-side denies to.");
        }

        if (o.ManagementPrincipals.Concat(o.UnattendedRoleArns).Append(o.RootAccessRoleArn ?? string.Empty).Where(a => a.Length > 0).FirstOrDefault(a => a.Split(':')[1] != o.Partition) is { } elsewhere)
        {
            return ("ManagementPrincipal", $"'{elsewhere}' is not in partition {o.Partition}, the organization's; every ARN must be in the same partition.");
        }

        var resolved = Guardrails.BreakGlassArns(o);
        if (o.ManagementPrincipals.Count > 1 && resolved.Length == o.ManagementPrincipals.Count)
        {
            return ("BreakGlassPrincipal", $"{string.Join(", ", o.BreakGlassPrincipals)} matches every one of the {o.ManagementPrincipals.Count} users and roles, which would exempt them all; name the break-glass principals themselves.");
        }

        if (o.AdminSourceIps.FirstOrDefault(r => IpRange.TryParse(r, out _) && int.TryParse(r.Substring(r.IndexOf('/') + 1), out var bits) && bits < (r.Contains(':') ? 32 : 8)) is { } wide)
        {
            return ("AdminSourceIp", $"{wide} is not an admin network (wider than /8 for IPv4 or /32 for IPv6); name the networks admins work from, such as 203.0.113.0/24.");
        }

        var unmatched = new BreakGlass(o.BreakGlassPrincipals).Unmatched(o.ManagementPrincipals);
        if (unmatched.Count > 0)
        {
            return ("BreakGlassPrincipal", $"{string.Join(", ", unmatched)} matches no user or role of management account {o.ManagementAccountId}; the denies would then leave nobody able to recover. Name an existing break-glass principal.");
        }

        if (o.MemberAccountIds.Count == 0)
        {
            return ("MemberAccountId", "no member account to scope sts:AssumeRoot to; the organization has none, or name them with -MemberAccountId.");
        }

        if (o.AlertTarget is { } alert && !System.Text.RegularExpressions.Regex.IsMatch(alert, "^arn:(aws|aws-us-gov|aws-cn):(sns|sqs|lambda|events|states|logs):[a-z0-9-]+:[0-9]{12}:.+$"))
        {
            return ("AlertTarget", $"'{alert}' is not an alert target ARN; use an SNS topic, SQS queue, Lambda function, event bus, state machine or log group ARN, as arn:aws:sns:us-east-1:123456789012:security-alerts.");
        }

        return null;
    }

    private void Refuse((string Parameter, string Problem)? problem)
    {
        if (problem is { } p)
        {
            var message = $"-{p.Parameter}: {p.Problem}";
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException(message, p.Parameter), ErrorIds.GuardrailParameterInvalid, ErrorCategory.InvalidArgument, p.Parameter) { ErrorDetails = new ErrorDetails(message) });
        }
    }

    // IAM's IpAddress operator takes CIDR ranges: a bare address is its own /32 (or /128).
    private static string Cidr(string value)
    {
        var text = value.Trim();
        return text.Contains('/') ? text : text + (text.Contains(':') ? "/128" : "/32");
    }
}
