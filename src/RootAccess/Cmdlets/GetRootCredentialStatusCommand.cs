using System;
using System.Management.Automation;
using Amazon.Runtime;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Audits the root user's credentials in member accounts through IAMAuditRootUserCredentials root sessions.</summary>
[Cmdlet(VerbsCommon.Get, "RootCredentialStatus", DefaultParameterSetName = AccountSet)]
[OutputType(typeof(RootCredentialStatus))]
public sealed class GetRootCredentialStatusCommand : AwsCmdlet
{
    public const string AccountSet = "Account";

    // Long enough for the handful of reads an audit makes, short enough that an idle session is soon useless.
    private const int AuditSessionSeconds = 300;

    private RootSessionBroker? _broker;
    private RootCredentialAuditor? _auditor;
    private string? _managementAccountId;
    private bool _managementAccountKnown;

    /// <summary>Member accounts to audit: ids, principal ARNs, or objects with an AccountId (Get-OrgAccount output).</summary>
    [Parameter(ParameterSetName = AccountSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
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

    protected override void ProcessRecord()
    {
        _auditor ??= new RootCredentialAuditor(Context);
        if (Session is not null)
        {
            Audit(Session.AccountId, null, Session);
            return;
        }

        if (AccountId.Length == 0)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("Pass -AccountId, -Session, or pipe accounts in."), "AccountIdRequired", ErrorCategory.InvalidArgument, null)
            {
                ErrorDetails = new ErrorDetails("Get-RootCredentialStatus needs accounts: pass -AccountId 123456789012, pipe Get-OrgAccount into it, or pass -Session with an Invoke-AssumeRoot session."),
            });
        }

        foreach (var value in AccountId)
        {
            var accountId = AccountIds.Parse(value);
            if (accountId == ManagementAccountId())
            {
                WriteWarning($"Skipping {accountId}: it is the organization's management account, which cannot be the target of AssumeRoot. Audit its root user from the account itself.");
                continue;
            }

            Audit(accountId, AccountName, null);
        }
    }

    protected override void EndProcessing()
    {
        _broker?.Dispose();
        base.EndProcessing();
    }

    private void Audit(string accountId, string? accountName, RootSession? session)
    {
        if (session is not null && session.Expiration <= DateTime.UtcNow)
        {
            WriteError(new ErrorRecord(new InvalidOperationException($"The {session.TaskPolicy} root session for {accountId} expired at {session.Expiration:u}."), "RootSessionExpired", ErrorCategory.InvalidArgument, accountId)
            {
                ErrorDetails = new ErrorDetails($"Account {accountId}: the root session expired at {session.Expiration:u}. Open a new one with Invoke-AssumeRoot, or pass the account id to let this command open its own."),
            });
            return;
        }

        if (session is null)
        {
            _broker ??= new RootSessionBroker(Context);
            try
            {
                session = Await(ct => _broker.OpenAsync(accountId, TaskPolicies.AuditRootUserCredentials, AuditSessionSeconds, ct));
            }
            catch (Exception ex) when (AwsErrorRecords.IsAwsFailure(ex))
            {
                WriteAwsError(ex, "AssumeRootFailed", accountId, $"Account {accountId}: could not open an {TaskPolicies.AuditRootUserCredentials} root session");
                return;
            }
        }

        try
        {
            WriteObject(Await(ct => _auditor!.AuditAsync(session, accountName, ct)));
        }
        catch (Exception ex) when (AwsErrorRecords.IsAwsFailure(ex))
        {
            WriteAwsError(ex, "RootCredentialAuditFailed", accountId, $"Account {accountId}: reading the root user's credentials failed");
        }
    }

    // The management account is learned once per command; callers without organizations:DescribeOrganization still audit.
    private string? ManagementAccountId()
    {
        if (!_managementAccountKnown)
        {
            _managementAccountKnown = true;
            try
            {
                using var directory = new OrganizationDirectory(Context);
                _managementAccountId = Await(ct => directory.DescribeAsync(ct)).ManagementAccountId;
            }
            catch (Exception ex) when (AwsErrorRecords.IsAwsFailure(ex))
            {
                if (AwsErrorRecords.IsEndpointUnreachable(ex))
                {
                    WriteAwsError(ex, "DescribeOrganizationFailed", "organization", "Describing the organization failed");
                }

                WriteVerbose($"Could not describe the organization ({ex.Message}); the management account will not be recognised.");
            }
        }

        return _managementAccountId;
    }
}
