using System.Linq;
using System.Management.Automation;
using RootAccess.Hardening;

namespace RootAccess.Cmdlets;

/// <summary>
/// Checks the live organization against the hardening guide's priority table, read-only, one row per control
/// (Pass, Fail, Unknown with the read that was refused); -Quiet answers one boolean for CI and runbooks.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "RootAccessHardening")]
[OutputType(typeof(HardeningCheck), typeof(bool))]
public sealed class TestRootAccessHardeningCommand : AwsCmdlet
{
    /// <summary>With -Quiet, the lowest priority that counts (default P2: every control).</summary>
    [Parameter]
    [ValidateSet("P0", "P1", "P2", IgnoreCase = true)]
    public string MinimumPriority { get; set; } = "P2";

    /// <summary>Return only $true (every counted control passes) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>Also write the report as one self-contained HTML file (no external assets, works offline).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReportPath { get; set; }

    protected override void EndProcessing()
    {
        var progress = new ProgressRecord(GetHashCode() & 0x7fffffff, "Checking root access hardening", "Reading the organization, its policies and its member accounts");
        WriteProgress(progress);
        var assessor = new HardeningAssessor(Context, Broker);
        var checks = Await(ct => assessor.AssessAsync(ct));
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
        if (ReportPath is not null)
        {
            WriteReport(HardeningReport.Render(checks, assessor.OrganizationId ?? "the organization", System.DateTime.UtcNow));
        }

        if (Quiet.IsPresent)
        {
            var counted = checks.Where(c => string.CompareOrdinal(c.Priority.ToUpperInvariant(), MinimumPriority.ToUpperInvariant()) <= 0);
            WriteObject(counted.All(c => c.Status == CheckStatus.Pass));
        }
        else
        {
            foreach (var check in checks.OrderBy(c => c.Priority).ThenBy(c => c.ControlId))
            {
                WriteObject(check);
            }
        }

        base.EndProcessing();
    }

    private void WriteReport(string html)
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ReportPath);
        try
        {
            System.IO.File.WriteAllText(path, html, new System.Text.UTF8Encoding(false));
            WriteVerbose($"Report written to {path}.");
        }
        catch (System.Exception ex) when (ex is System.IO.IOException || ex is System.UnauthorizedAccessException || ex is System.ArgumentException || ex is System.NotSupportedException)
        {
            WriteError(new ErrorRecord(ex, Core.ErrorIds.ReportWriteFailed, ErrorCategory.WriteError, path) { ErrorDetails = new ErrorDetails($"-ReportPath '{path}': the report cannot be written ({ex.Message}). Pass a writable file path.") });
        }
    }
}
