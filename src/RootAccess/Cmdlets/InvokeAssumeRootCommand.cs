using System;
using System.Management.Automation;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Opens a short-lived root session in a member account with sts:AssumeRoot and an AWS task policy.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "AssumeRoot", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(RootSession), ParameterSetName = new[] { DefaultSet })]
[OutputType(typeof(object), ParameterSetName = new[] { ScriptBlockSet })]
[OutputType(typeof(string), ParameterSetName = new[] { CommandSet })]
public sealed class InvokeAssumeRootCommand : AwsCmdlet
{
    public const string DefaultSet = "Default";
    public const string ScriptBlockSet = "ScriptBlock";
    public const string CommandSet = "Command";
    public const string CredentialProcessSet = "CredentialProcess";

    /// <summary>The member account: 12 digits or arn:aws:iam::123456789012:root.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
    [ArgumentCompleter(typeof(AccountIdCompleter))]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId AccountId { get; set; }

    /// <summary>The AWS task policy that scopes the session, by short name or ARN.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("TaskPolicyArn")]
    [ArgumentCompleter(typeof(TaskPolicyCompleter))]
    [ValidateTaskPolicy]
    public string TaskPolicy { get; set; } = string.Empty;

    /// <summary>Session length in seconds, 1 to 900 (the AWS maximum).</summary>
    [Parameter]
    [ValidateRange(1, RootSessionBroker.MaxDurationSeconds)]
    public int DurationSeconds { get; set; } = RootSessionBroker.MaxDurationSeconds;

    /// <summary>Runs this block with $RootSession, $StoredAWSCredentials and $StoredAWSRegion set in its own scope only; the process environment is never changed.</summary>
    [Parameter(ParameterSetName = ScriptBlockSet, Mandatory = true)]
    public ScriptBlock? ScriptBlock { get; set; }

    /// <summary>Runs this program (for example aws) with the session in its environment only.</summary>
    [Parameter(ParameterSetName = CommandSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? Command { get; set; }

    /// <summary>Arguments for -Command, as a list (-ArgumentList sts, get-caller-identity); a misspelled parameter of this command is an error, never an argument.</summary>
    [Parameter(ParameterSetName = CommandSet)]
    [Alias("Args")]
    public string[] ArgumentList { get; set; } = new string[0];

    /// <summary>
    /// Print the session as the JSON document an AWS credential_process prints (Version 1, AccessKeyId, SecretAccessKey,
    /// SessionToken, Expiration) for the program that called pwsh, and nothing else: the one place the module hands out
    /// a secret as text. Refused on a console, with -Verbose or -Debug, and for IAMCreateRootUserPassword.
    /// </summary>
    [Parameter(ParameterSetName = CredentialProcessSet, Mandatory = true)]
    public SwitchParameter AsCredentialProcess { get; set; }

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

        var policy = TaskPolicies.Resolve(TaskPolicy);
        if (ParameterSetName == CredentialProcessSet
            && CredentialProcess.Refusal(policy, System.Console.IsOutputRedirected, MyInvocation.BoundParameters.ContainsKey("Verbose") || MyInvocation.BoundParameters.ContainsKey("Debug")) is { } refusal)
        {
            ThrowTerminatingError(new ErrorRecord(new PSInvalidOperationException(refusal), ErrorIds.CredentialProcessRefused, ErrorCategory.InvalidOperation, accountId) { ErrorDetails = new ErrorDetails(refusal) });
        }

        if (policy == TaskPolicies.CreateRootUserPassword)
        {
            WriteWarning(Text.Format(Messages.CreateRootUserPasswordWarning, policy, accountId));
        }

        RootSession session;
        try
        {
            session = Await(ct => Broker.OpenAsync(account, TaskPolicy, DurationSeconds, ct));
        }
        catch (RootSessionRefusal ex)
        {
            WriteRefusal(ex, ex.ErrorId, accountId);
            return;
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            WriteAwsError(ex, ErrorIds.AssumeRootFailed, accountId, $"Account {accountId}: AssumeRoot with {policy} failed");
            return;
        }

        WriteVerbose($"Opened {policy} root session {session.AccessKeyId} in {accountId}, expiring {session.Expiration:u}.");
        switch (ParameterSetName)
        {
            case ScriptBlockSet:
                new RootSessionBlockRunner(this).Run(session, ScriptBlock!);
                break;
            case CommandSet:
                new RootSessionProcessRunner(this, Cancellation).Run(session, Command!, ArgumentList);
                break;
            case CredentialProcessSet:
                // Straight to the process's standard output, never into the pipeline (no formatting, no transcript of objects).
                System.Console.Out.Write(CredentialProcess.Document(session));
                System.Console.Out.Flush();
                break;
            default:
                WriteObject(session);
                break;
        }
    }
}
