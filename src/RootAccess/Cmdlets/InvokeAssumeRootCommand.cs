using System;
using System.Management.Automation;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Opens a short-lived root session in a member account with sts:AssumeRoot and an AWS task policy.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "AssumeRoot", DefaultParameterSetName = DefaultSet)]
[OutputType(typeof(RootSession))]
public sealed class InvokeAssumeRootCommand : AwsCmdlet
{
    public const string DefaultSet = "Default";

    private RootSessionBroker? _broker;

    /// <summary>The member account: 12 digits or arn:aws:iam::123456789012:root.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
    [ValidateAccountId]
    public string AccountId { get; set; } = string.Empty;

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

    protected override void ProcessRecord()
    {
        var accountId = AccountIds.Parse(AccountId);
        var policy = TaskPolicies.Resolve(TaskPolicy);
        if (policy == TaskPolicies.CreateRootUserPassword)
        {
            WriteWarning($"A {policy} session can give account {accountId} a root password: whoever holds it can sign in as root and add their own MFA, which outlives this session (the persistence path in the hardening guide).");
        }

        _broker ??= new RootSessionBroker(Context);
        try
        {
            var session = Await(ct => _broker.OpenAsync(accountId, policy, DurationSeconds, ct));
            WriteVerbose($"Opened {policy} root session {session.AccessKeyId} in {accountId}, expiring {session.Expiration:u}.");
            WriteObject(session);
        }
        catch (Exception ex) when (AwsErrorRecords.IsAwsFailure(ex))
        {
            WriteAwsError(ex, "AssumeRootFailed", accountId, $"Account {accountId}: AssumeRoot with {policy} failed");
        }
    }

    protected override void EndProcessing()
    {
        _broker?.Dispose();
        base.EndProcessing();
    }
}
