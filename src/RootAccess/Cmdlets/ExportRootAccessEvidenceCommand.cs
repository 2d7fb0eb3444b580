using System.Collections.Generic;
using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Evidence;
using RootAccess.Hardening;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Writes an evidence pack to a folder or an S3 prefix, never over another. For a rollout: accounts before and after, the
/// compliance mapping, the AssumeRoot events, the organization's status, the hardening check, a summary page and a
/// SHA-256 manifest. For an audit (Get-RootCredentialStatus rows piped in): the rows as CSV and JSON, the organization's
/// status, the hardening check and the manifest.
/// </summary>
[Cmdlet(VerbsData.Export, "RootAccessEvidence", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = AuditSet)]
[OutputType(typeof(EvidenceResult))]
public sealed class ExportRootAccessEvidenceCommand : AwsCmdlet
{
    private const string RolloutSet = "Rollout";
    private const string AuditSet = "Audit";
    private readonly List<RootCredentialStatus> _rows = new();

    /// <summary>The rollout's state (a file or s3://bucket/key), as Invoke-RootCredentialRollout wrote it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = RolloutSet)]
    [ValidateNotNullOrEmpty]
    public string StatePath { get; set; } = string.Empty;

    /// <summary>Audit rows from Get-RootCredentialStatus: the pack records them as they are, failed accounts included.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AuditSet)]
    public RootCredentialStatus[] InputObject { get; set; } = System.Array.Empty<RootCredentialStatus>();

    /// <summary>A new folder (created) or s3://bucket/prefix/ for the pack; a location that holds a pack already is refused.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The hardening check to record (Test-RootAccessHardening's output) instead of running it again.</summary>
    [Parameter(ParameterSetName = AuditSet)]
    public HardeningCheck[]? Hardening { get; set; }

    /// <summary>The change or ticket this audit belongs to, recorded in the manifest.</summary>
    [Parameter(ParameterSetName = AuditSet)]
    public string? ChangeReference { get; set; }

    /// <summary>Leave the hardening check out of the pack (it reads the organization's policies, trails and alerting).</summary>
    [Parameter]
    public SwitchParameter SkipHardening { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == AuditSet)
        {
            _rows.AddRange(InputObject);
            return;
        }

        try
        {
            using var store = RolloutStore.Parse(LocalOrS3(StatePath), () => Context);
            var (document, _) = RolloutRun.Load(store);
            if (document is null)
            {
                throw new RolloutStateException(ErrorIds.RolloutStateNotFound, $"No rollout state at '{store.Where}'. Pass the -StatePath an Invoke-RootCredentialRollout run wrote.");
            }

            WritePack($"Write the evidence pack of rollout {document.RolloutId}", location => EvidenceExporter.Write(location, Await(ct => new EvidenceExporter(Context, Broker).GatherAsync(document, !SkipHardening.IsPresent, ct))));
        }
        catch (RolloutStateException ex)
        {
            WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidData, StatePath) { ErrorDetails = new ErrorDetails(ex.Message) });
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != AuditSet)
        {
            return;
        }

        if (_rows.Count == 0)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("No audit rows arrived."), ErrorIds.EvidenceWriteFailed, ErrorCategory.InvalidArgument, null) { ErrorDetails = new ErrorDetails("-InputObject: no audit rows arrived, so there is no audit to record. Pipe Get-RootCredentialStatus into Export-RootAccessEvidence, or pass -StatePath for a rollout's pack.") });
        }

        WritePack($"Write the evidence pack of an audit of {_rows.Count} accounts", location =>
        {
            var inputs = Await(ct => new EvidenceExporter(Context, Broker).GatherAuditAsync(_rows, Hardening, !SkipHardening.IsPresent, ct));
            inputs.ChangeReference = ChangeReference;
            return EvidenceExporter.WriteAudit(location, inputs);
        });
    }

    private void WritePack(string action, System.Func<BackupLocation, EvidenceResult> write)
    {
        try
        {
            var location = BackupLocation.Parse(LocalOrS3(Path), () => Context);
            if (ShouldProcess(location.Where, action))
            {
                WriteObject(write(location));
            }
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
