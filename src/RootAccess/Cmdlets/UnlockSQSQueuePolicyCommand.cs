using System.Management.Automation;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Removes an SQS queue policy that locked everyone out, as the owner account's root (SQSUnlockQueuePolicy),
/// after backing it up.
/// </summary>
[Cmdlet(VerbsCommon.Unlock, "SQSQueuePolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = UrlSet)]
[OutputType(typeof(PolicyUnlockResult))]
public sealed class UnlockSQSQueuePolicyCommand : PolicyUnlockCmdlet
{
    public const string UrlSet = "Url";
    public const string NameSet = "Name";

    /// <summary>The queue URL; its path names the owner account.</summary>
    [Parameter(ParameterSetName = UrlSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateQueueUrl]
    public string QueueUrl { get; set; } = string.Empty;

    /// <summary>The account that owns the queue.</summary>
    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
    [ArgumentCompleter(typeof(AccountIdCompleter))]
    [ValidateAccountId]
    public string AccountId { get; set; } = string.Empty;

    /// <summary>The queue's name in that account.</summary>
    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateQueueName]
    public string QueueName { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        string accountId, name;
        string? url = null;
        if (ParameterSetName == UrlSet)
        {
            ResourceNames.TryParseQueueUrl(QueueUrl, out accountId, out name, out _);
            url = QueueUrl;
        }
        else
        {
            accountId = AccountIds.Parse(AccountId);
            name = QueueName;
        }

        if (TryRead(url ?? name, ct => Unlocker.ReadQueueAsync(accountId, name, url, ct)) is { } snapshot)
        {
            Unlock(snapshot);
        }
    }
}
