using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Audits the root user's credentials in member accounts through IAMAuditRootUserCredentials root sessions: one row per
/// account given (Audited, Skipped or Failed), a failed account also an error record.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RootCredentialStatus", DefaultParameterSetName = AccountSet)]
[OutputType(typeof(RootCredentialStatus))]
public sealed class GetRootCredentialStatusCommand : FanoutCmdlet<GetRootCredentialStatusCommand.Target, RootCredentialStatus>
{
    public const string AccountSet = "Account";

    private RootCredentialAuditor? _auditor;

    /// <summary>Member accounts to audit: ids, principal ARNs, or objects with an AccountId (Get-OrgAccount output).</summary>
    [Parameter(ParameterSetName = AccountSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
    [ArgumentCompleter(typeof(AccountIdCompleter))]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId[] AccountId { get; set; } = new AccountId[0];

    /// <summary>The account's name, carried into the output (bound from Get-OrgAccount's Name).</summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    public string? AccountName { get; set; }

    /// <summary>The account's email, carried into the output (bound from Get-OrgAccount's Email).</summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true)]
    public string? Email { get; set; }

    /// <summary>The account's OU path, carried into the output (bound from Get-OrgAccount's OuPath).</summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true)]
    public string? OuPath { get; set; }

    /// <summary>The account's OU path in names, carried into the output (bound from Get-OrgAccount's OuNames).</summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true)]
    public string? OuNames { get; set; }

    /// <summary>The account's state (bound from Get-OrgAccount's State): an account that is not ACTIVE is a Skipped row, with no AssumeRoot.</summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true)]
    public string? State { get; set; }

    /// <summary>
    /// An open root session (Invoke-AssumeRoot output) to audit with instead of opening one. It shares the
    /// account set so a piped RootSession binds both its AccountId and itself (PowerShell prefers the default set).
    /// </summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipeline = true)]
    public RootSession? Session { get; set; }

    protected override string Activity => "Auditing root credentials";

    protected override string TaskPolicy => TaskPolicies.AuditRootUserCredentials;

    protected override void ProcessRecord()
    {
        _auditor ??= new RootCredentialAuditor(Broker);
        if (Session is not null)
        {
            try
            {
                _auditor.EnsureCanAudit(Session);
                // A piped session binds its own AccountId too; an -AccountId of another account is a mistake, not a choice.
                foreach (var given in AccountId)
                {
                    if (given != Session.Account)
                    {
                        throw new SessionAccountMismatchException(Session, given.Value);
                    }
                }
            }
            catch (RootSessionRefusal ex)
            {
                WriteRefusal(ex, ex.ErrorId, ex.AccountId);
                return;
            }

            Enqueue(new Target(new AuditSubject(Session.Account), Session, null));
            return;
        }

        if (AccountId.Length == 0)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("Pass -AccountId, -Session, or pipe accounts in."), ErrorIds.AccountIdRequired, ErrorCategory.InvalidArgument, null)
            {
                ErrorDetails = new ErrorDetails("Get-RootCredentialStatus needs accounts: pass -AccountId 123456789012, pipe Get-OrgAccount into it, or pass -Session with an Invoke-AssumeRoot session."),
            });
        }

        var managementAccountId = Preflight().ManagementAccountId;
        foreach (var account in AccountId)
        {
            var subject = new AuditSubject(account, AccountName, Email, OuPath, State, OuNames);
            Enqueue(new Target(subject, null, RootCredentialAuditor.SkipReason(subject, managementAccountId)));
        }
    }

    // A skipped account goes through the engine too, so -Ordered keeps it in its place.
    protected override Task<RootCredentialStatus> RunAsync(Target input, CancellationToken cancellationToken)
        => input.SkipReason is { } reason
            ? Task.FromResult(_auditor!.Unaudited(input.Subject, AuditStatus.Skipped, reason))
            : _auditor!.AuditAccountAsync(input.Subject, input.Session, cancellationToken);

    protected override string AccountOf(Target input) => input.Subject.AccountId.Value;

    protected override object? FailedRow(Target input, ErrorRecord error)
        => _auditor!.Unaudited(input.Subject, AuditStatus.Failed, error.ErrorDetails?.Message ?? error.Exception.Message, error.FullyQualifiedErrorId);

    /// <summary>One account to audit, with an optional session to audit with, or why it is skipped.</summary>
    public sealed class Target
    {
        public Target(AuditSubject subject, RootSession? session, string? skipReason)
        {
            Subject = subject;
            Session = session;
            SkipReason = skipReason;
        }

        public AuditSubject Subject { get; }

        public RootSession? Session { get; }

        public string? SkipReason { get; }
    }
}
