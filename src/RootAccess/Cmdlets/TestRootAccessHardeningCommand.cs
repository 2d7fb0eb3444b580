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

    protected override void EndProcessing()
    {
        var progress = new ProgressRecord(GetHashCode() & 0x7fffffff, "Checking root access hardening", "Reading the organization, its policies and its member accounts");
        WriteProgress(progress);
        var checks = Await(ct => new HardeningAssessor(Context, Broker).AssessAsync(null, ct));
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);

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
}
