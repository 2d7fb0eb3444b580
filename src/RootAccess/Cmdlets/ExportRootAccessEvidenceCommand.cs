using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Evidence;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Writes the evidence pack of a rollout to a folder or an S3 prefix: accounts before and after, the compliance mapping,
/// the AssumeRoot events, the organization's status, the hardening check, a summary page and a SHA-256 manifest.
/// </summary>
[Cmdlet(VerbsData.Export, "RootAccessEvidence", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(EvidenceResult))]
public sealed class ExportRootAccessEvidenceCommand : AwsCmdlet
{
    /// <summary>The rollout's state (a file or s3://bucket/key), as Invoke-RootCredentialRollout wrote it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string StatePath { get; set; } = string.Empty;

    /// <summary>A new folder (created) or s3://bucket/prefix/ for the pack; a location that holds a pack already is refused.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Leave the hardening check out of the pack (it reads the organization's policies, trails and alerting).</summary>
    [Parameter]
    public SwitchParameter SkipHardening { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            using var store = RolloutStore.Parse(LocalOrS3(StatePath), () => Context);
            var (document, _) = RolloutRun.Load(store);
            if (document is null)
            {
                throw new RolloutStateException(ErrorIds.RolloutStateNotFound, $"No rollout state at '{store.Where}'. Pass the -StatePath an Invoke-RootCredentialRollout run wrote.");
            }

            var location = BackupLocation.Parse(LocalOrS3(Path), () => Context);
            if (ShouldProcess(location.Where, $"Write the evidence pack of rollout {document.RolloutId}"))
            {
                var inputs = Await(ct => new EvidenceExporter(Context, Broker).GatherAsync(document, !SkipHardening.IsPresent, ct));
                WriteObject(EvidenceExporter.Write(location, inputs));
            }
        }
        catch (RolloutStateException ex)
        {
            WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidData, StatePath) { ErrorDetails = new ErrorDetails(ex.Message) });
        }
        catch (EvidenceException ex)
        {
            WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.WriteError, Path) { ErrorDetails = new ErrorDetails(ex.Message) });
        }
        catch (PolicyBackupException ex)
        {
            WriteError(new ErrorRecord(ex, ErrorIds.EvidenceWriteFailed, ErrorCategory.InvalidArgument, Path) { ErrorDetails = new ErrorDetails($"-Path '{Path}' is not a place for an evidence pack: use a folder, or s3://bucket-name/prefix/ with a valid bucket name.") });
        }
    }
}
