using System;
using System.Management.Automation;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Creates a member account's root login profile (IAMCreateRootUserPassword) so its root email can run password
/// recovery. The most dangerous task: whoever controls that email gains persistent root.
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "RootPasswordRecovery", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = AccountSet)]
[OutputType(typeof(PasswordRecoveryResult))]
public sealed class EnableRootPasswordRecoveryCommand : AwsCmdlet
{
    public const string AccountSet = "Account";

    private RootSessionBroker? _broker;
    private PasswordRecoveryEnabler? _enabler;

    /// <summary>The member account: 12 digits or arn:aws:iam::123456789012:root.</summary>
    [Parameter(ParameterSetName = AccountSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
    [ArgumentCompleter(typeof(AccountIdCompleter))]
    [ValidateAccountId]
    public string AccountId { get; set; } = string.Empty;

    /// <summary>Proceed without confirmation, and accept an account that already has a root password.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var accountId = AccountIds.Parse(AccountId);
        _broker ??= new RootSessionBroker(Context);
        _enabler ??= new PasswordRecoveryEnabler(Context, _broker);
        WriteWarning($"Account {accountId}: a root login profile lets whoever controls the root email reset the password, sign in as root and add their own MFA: access that outlives every session and IAM change. Remove it again with Remove-RootCredential -CredentialType LoginProfile when the recovery is done.");

        try
        {
            var (session, existing) = Await(ct => _enabler.InspectAsync(accountId, ct));
            if (existing is not null)
            {
                if (!Force.IsPresent)
                {
                    WriteError(new ErrorRecord(new InvalidOperationException($"Account {accountId} already has a root password."), "RootPasswordAlreadyPresent", ErrorCategory.ResourceExists, accountId)
                    {
                        ErrorDetails = new ErrorDetails($"Account {accountId} already has a root password (created {existing.CreateDate:u}); nothing was changed. Password recovery is already possible. If you did not expect a root password here, investigate; pass -Force to report it without this error."),
                    });
                    return;
                }

                WriteObject(new PasswordRecoveryResult { AccountId = accountId, Action = PasswordRecoveryAction.AlreadyPresent, PasswordCreated = existing.CreateDate, Message = "The root user already has a password; nothing was changed." });
                return;
            }

            switch (Ask($"Create a root login profile (enable root password recovery) in account {accountId}", "Enable root password recovery", Force.IsPresent))
            {
                case Consent.WhatIf:
                    WriteObject(new PasswordRecoveryResult { AccountId = accountId, Action = PasswordRecoveryAction.WouldEnable, Message = "-WhatIf: nothing was changed." });
                    return;
                case Consent.Declined:
                    WriteObject(new PasswordRecoveryResult { AccountId = accountId, Action = PasswordRecoveryAction.Skipped, Message = "Not confirmed; nothing was changed." });
                    return;
            }

            var created = Await(ct => _enabler.EnableAsync(accountId, session, ct));
            WriteObject(new PasswordRecoveryResult { AccountId = accountId, Action = PasswordRecoveryAction.Enabled, PasswordCreated = created.CreateDate, Message = "Root login profile created: the root email can now run 'Forgot password' on the AWS sign-in page." });
        }
        catch (AccountStepException ex)
        {
            WriteAwsError(ex.InnerException ?? ex, ex.Step, accountId, $"Account {accountId}: {ex.Description}");
        }
    }

    protected override void EndProcessing()
    {
        _broker?.Dispose();
        base.EndProcessing();
    }
}
