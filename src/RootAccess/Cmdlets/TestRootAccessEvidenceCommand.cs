using System.Management.Automation;
using RootAccess.Evidence;

namespace RootAccess.Cmdlets;

/// <summary>
/// Checks an evidence pack against its manifest: $true when every file is there unchanged and nothing was added;
/// otherwise a warning names each file missing, added or changed, and the answer is $false.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "RootAccessEvidence")]
[OutputType(typeof(bool))]
public sealed class TestRootAccessEvidenceCommand : AwsCmdlet
{
    /// <summary>The pack's folder or s3://bucket/prefix/ (Export-RootAccessEvidence output's Path).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The manifest's SHA-256 recorded at export (its ManifestSha256, kept in the change ticket): catches a manifest rewritten to match edited files.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidatePattern("^[0-9a-fA-F]{64}$")]
    public string? ManifestSha256 { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var location = Root.BackupLocation.Parse(LocalOrS3(Path), () => Context);
            var check = EvidenceExporter.Verify(location, ManifestSha256);
            foreach (var name in check.Missing)
            {
                WriteWarning($"Missing from the pack: {name} (the manifest lists it).");
            }

            foreach (var name in check.Added)
            {
                WriteWarning($"Added to the pack: {name} (the manifest does not list it).");
            }

            foreach (var name in check.Changed)
            {
                WriteWarning($"Changed since the pack was written: {name} (its SHA-256 differs from the manifest's).");
            }

            WriteObject(check.Intact);
        }
        catch (EvidenceException ex)
        {
            WriteWarning(ex.Message);
            WriteObject(false);
        }
        catch (Root.PolicyBackupException)
        {
            WriteWarning($"-Path '{Path}' is not a place an evidence pack can be: use a folder, or s3://bucket-name/prefix/.");
            WriteObject(false);
        }
    }
}
