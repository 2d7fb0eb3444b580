using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Audits the root user's credentials in member accounts through IAMAuditRootUserCredentials root sessions.</summary>
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
    [ValidateAccountId]
    public string[] AccountId { get; set; } = new string[0];

    /// <summary>The account's name, carried into the output (bound from Get-OrgAccount's Name).</summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    public string? AccountName { get; set; }

    /// <summary>
    /// An open root session (Invoke-AssumeRoot output) to audit with instead of opening one. It shares the
    /// account set so a piped RootSession binds both its AccountId and itself (PowerShell prefers the default set).
    /// </summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipeline = true)]
    public RootSession? Session { get; set; }

    protected override string Activity => "Auditing root credentials";

    protected override void ProcessRecord()
    {
        _auditor ??= new RootCredentialAuditor(Broker);
        if (Session is not null)
        {
            try
            {
                _auditor.EnsureCanAudit(Session);
            }
            catch (TaskPolicyMismatchException ex)
            {
                WriteRefusal(ex, ex.ErrorId, Session.AccountId);
                return;
            }
            catch (RootSessionExpiredException ex)
            {
                WriteRefusal(ex, ex.ErrorId, Session.AccountId);
                return;
            }

            Enqueue(new Target(Core.AccountId.Parse(Session.AccountId), null, Session));
            return;
        }

        if (AccountId.Length == 0)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("Pass -AccountId, -Session, or pipe accounts in."), ErrorIds.AccountIdRequired, ErrorCategory.InvalidArgument, null)
            {
                ErrorDetails = new ErrorDetails("Get-RootCredentialStatus needs accounts: pass -AccountId 123456789012, pipe Get-OrgAccount into it, or pass -Session with an Invoke-AssumeRoot session."),
            });
        }

        foreach (var value in AccountId)
        {
            var accountId = Core.AccountId.Parse(value);
            if (SkipManagementAccount(accountId))
            {
                continue;
            }

            Enqueue(new Target(accountId, AccountName, null));
        }
    }

    protected override Task<RootCredentialStatus> RunAsync(Target input, CancellationToken cancellationToken)
        => _auditor!.AuditAccountAsync(input.AccountId, input.AccountName, input.Session, cancellationToken);

    protected override string AccountOf(Target input) => input.AccountId.Value;

    /// <summary>One account to audit, with its name and an optional session to audit with.</summary>
    public sealed class Target
    {
        public Target(Core.AccountId accountId, string? accountName, RootSession? session)
        {
            AccountId = accountId;
            AccountName = accountName;
            Session = session;
        }

        public Core.AccountId AccountId { get; }

        public string? AccountName { get; }

        public RootSession? Session { get; }
    }
}
