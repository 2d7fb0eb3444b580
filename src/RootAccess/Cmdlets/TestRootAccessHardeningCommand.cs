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

    /// <summary>
    /// The break-glass principals of the management account (ARNs, role/NAME, user/NAME or names; * and ? match): the only
    /// ones allowed IAMCreateRootUserPassword, IAM writes and CloudTrail changes.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateBreakGlassPrincipal]
    public string[]? BreakGlassPrincipal { get; set; }

    /// <summary>Credentials of the log archive account, to read the trail bucket's S3 Object Lock configuration.</summary>
    [Parameter]
    [ValidateNotNull]
    public Amazon.Runtime.AWSCredentials? LogArchiveCredential { get; set; }

    /// <summary>A profile of the log archive account, to read the trail bucket's S3 Object Lock configuration.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogArchiveProfileName { get; set; }

    protected override void EndProcessing()
    {

        var logArchive = ResolveLogArchive();
        const string Activity = "Checking root access hardening";
        var id = GetHashCode() & 0x7fffffff;
        var steps = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var assessor = new HardeningAssessor(Context, Broker, BreakGlassPrincipal, logArchive) { Step = steps.Enqueue };
        var assessment = assessor.AssessAsync(Cancellation);
        var done = 0;
        // Progress can be written only from the pipeline thread: it waits in short slices and reports each read begun.
        while (true)
        {
            while (steps.TryDequeue(out var step))
            {
                // A record is kept by reference in the progress stream: each step writes its own.
                WriteProgress(new ProgressRecord(id, Activity, step) { PercentComplete = System.Math.Min(99, 100 * done++ / HardeningAssessor.Steps) });
            }

            if (assessment.IsCompleted)
            {
                break;
            }

            System.Threading.Tasks.Task.WhenAny(assessment, System.Threading.Tasks.Task.Delay(200)).GetAwaiter().GetResult();
        }

        var checks = Await(_ => assessment);
        WriteProgress(new ProgressRecord(id, Activity, "Done") { PercentComplete = 100, RecordType = ProgressRecordType.Completed });
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

    // The log archive account is read in the same region and through the same endpoint, with its own credentials.
    private Aws.AwsContext? ResolveLogArchive()
    {
        if (LogArchiveCredential is null && LogArchiveProfileName is null)
        {
            return null;
        }

        if (LogArchiveCredential is not null && LogArchiveProfileName is not null)
        {
            ThrowTerminatingError(new ErrorRecord(new System.ArgumentException("-LogArchiveCredential and -LogArchiveProfileName both name the log archive account's credentials."), Core.ErrorIds.ConflictingParameters, ErrorCategory.InvalidArgument, "LogArchiveProfileName")
            {
                ErrorDetails = new ErrorDetails("-LogArchiveCredential and -LogArchiveProfileName both name the log archive account's credentials; pass one of them."),
            });
        }

        try
        {
            return Aws.AwsContextResolver.Resolve(new Aws.AwsContextRequest
            {
                Region = Context.Region.SystemName,
                EndpointUrl = Context.EndpointUrl,
                Credential = LogArchiveCredential,
                ProfileName = LogArchiveProfileName,
                ProfileLocation = ProfileLocation,
            });
        }
        catch (Aws.AwsContextException ex)
        {
            var message = "-LogArchiveProfileName: " + ex.Message;
            ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidArgument, "LogArchiveProfileName") { ErrorDetails = new ErrorDetails(message) });
            throw;
        }
    }

    private void WriteReport(string html)
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ReportPath);
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                throw new System.IO.IOException("it is a folder; pass a file path such as ./hardening.html");
            }

            if (System.IO.File.Exists(path) && (System.IO.File.GetAttributes(path) & System.IO.FileAttributes.ReadOnly) != 0)
            {
                throw new System.IO.IOException("the file is read-only and is left as it is (as Out-File does without -Force); clear its read-only attribute or pass another path");
            }

            System.IO.File.WriteAllText(path, html, new System.Text.UTF8Encoding(false));
            WriteVerbose($"Report written to {path}.");
        }
        catch (System.Exception ex) when (ex is System.IO.IOException || ex is System.UnauthorizedAccessException || ex is System.ArgumentException || ex is System.NotSupportedException)
        {
            WriteError(new ErrorRecord(ex, Core.ErrorIds.ReportWriteFailed, ErrorCategory.WriteError, path) { ErrorDetails = new ErrorDetails($"-ReportPath '{path}': the report cannot be written: {ex.Message.TrimEnd('.')}. Pass a writable file path.") });
        }
    }
}
