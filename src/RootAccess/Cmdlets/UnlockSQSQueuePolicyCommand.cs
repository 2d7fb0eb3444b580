using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Removes an SQS queue policy that locked everyone out, as the owner account's root (SQSUnlockQueuePolicy),
/// after backing it up. With -AccountId alone it lists the account's queues that have a policy.
/// </summary>
[Cmdlet(VerbsCommon.Unlock, "SQSQueuePolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = UrlSet)]
[OutputType(typeof(PolicyUnlockResult), ParameterSetName = new[] { UrlSet, NameSet })]
[OutputType(typeof(ResourcePolicyInfo), ParameterSetName = new[] { ListSet })]
public sealed class UnlockSQSQueuePolicyCommand : PolicyUnlockCmdlet
{
    public const string UrlSet = "Url";
    public const string NameSet = "Name";
    public const string ListSet = "List";

    /// <summary>The queue URL; its path names the owner account.</summary>
    [Parameter(ParameterSetName = UrlSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateQueueUrl]
    public string QueueUrl { get; set; } = string.Empty;

    /// <summary>The account that owns the queue (alone: list its queues that have a policy).</summary>
    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ListSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
    [ArgumentCompleter(typeof(AccountIdCompleter))]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId AccountId { get; set; }

    /// <summary>The queue's name in that account.</summary>
    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateQueueName]
    public string QueueName { get; set; } = string.Empty;

    /// <summary>The account's state (bound from Get-OrgAccount's State): an account that is not ACTIVE is skipped with a warning, with no AssumeRoot.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? State { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != UrlSet && SkipInactive(AccountId, State))
        {
            return;
        }

        if (ParameterSetName == ListSet)
        {
            foreach (var info in RunStep(ct => Unlocker.ListQueuePoliciesAsync(AccountId, ct), AccountId.Value) ?? new ResourcePolicyInfo[0])
            {
                WriteObject(info);
            }

            return;
        }

        string? url = null;
        var account = AccountId;
        var name = QueueName;
        if (ParameterSetName == UrlSet)
        {
            ResourceNames.TryParseQueueUrl(QueueUrl, out account, out name, out _);
            url = QueueUrl;
        }

        Unlock(account, ResourceType.SQSQueue, url ?? name, ct => Unlocker.ReadQueueAsync(account, name, url, ct));
    }
}
