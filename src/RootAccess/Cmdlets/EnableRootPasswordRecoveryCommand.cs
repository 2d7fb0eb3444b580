using System;
using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Creates a member account's root login profile (IAMCreateRootUserPassword) so its root email can run password
/// recovery. The most dangerous task: whoever controls that email gains persistent root. The current state is read
/// through a read-only audit session; the IAMCreateRootUserPassword session is opened only after confirmation.
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "RootPasswordRecovery", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = AccountSet)]
[OutputType(typeof(PasswordRecoveryResult))]
public sealed class EnableRootPasswordRecoveryCommand : AwsCmdlet
{
    public const string AccountSet = "Account";

    private PasswordRecoveryEnabler? _enabler;

    /// <summary>The member account: 12 digits or arn:aws:iam::123456789012:root.</summary>
    [Parameter(ParameterSetName = AccountSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
    [ArgumentCompleter(typeof(AccountIdCompleter))]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId AccountId { get; set; }

    /// <summary>Proceed without confirmation, and accept an account that already has a root password.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The account's state (bound from Get-OrgAccount's State): an account that is not ACTIVE is skipped with a warning, with no AssumeRoot.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? State { get; set; }

    protected override void ProcessRecord()
    {
        var account = AccountId;
        var accountId = account.Value;
        if (SkipInactive(account, State))
        {
            return;
        }

        _enabler ??= new PasswordRecoveryEnabler(Broker);

        try
        {
            var existing = Await(ct => _enabler.InspectAsync(account, ct));
            if (existing is not null)
            {
                ReportExisting(accountId, existing.CreateDate);
                return;
            }

            if (!Approved($"Create a root login profile (enable root password recovery) in account {accountId}", "Enable root password recovery", Force.IsPresent, (consent, message) => new PasswordRecoveryResult { AccountId = accountId, Action = consent == Consent.WhatIf ? PasswordRecoveryAction.WouldEnable : PasswordRecoveryAction.Skipped, Message = message }))
            {
                return;
            }

            // Said when it is about to happen, not when the command then refuses or only previews.
            WriteWarning(Text.Format(Messages.PasswordRecoveryWarning, accountId));
            var (created, isNew) = Await(ct => _enabler.EnableAsync(account, ct));
            if (!isNew)
            {
                ReportExisting(accountId, created.CreateDate);
                return;
            }

            WriteObject(new PasswordRecoveryResult { AccountId = accountId, Action = PasswordRecoveryAction.Enabled, PasswordCreated = created.CreateDate, Message = "Root login profile created: the root email can now run 'Forgot password' on the AWS sign-in page." });
        }
        catch (AccountStepException ex)
        {
            WriteStepError(ex);
        }
    }

    private void ReportExisting(string accountId, DateTime? created)
    {
        if (!Force.IsPresent)
        {
            WriteError(new ErrorRecord(new InvalidOperationException($"Account {accountId} already has a root password."), ErrorIds.RootPasswordAlreadyPresent, ErrorCategory.ResourceExists, accountId)
            {
                ErrorDetails = new ErrorDetails(Text.Format(Messages.RootPasswordAlreadyPresent, accountId, created)),
            });
            return;
        }

        WriteObject(new PasswordRecoveryResult { AccountId = accountId, Action = PasswordRecoveryAction.AlreadyPresent, PasswordCreated = created, Message = "The root user already has a password; nothing was changed." });
    }
}
