using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Turns centralized root access off: root sessions, root credentials management, and (with -TrustedAccess) IAM's trusted access.</summary>
[Cmdlet(VerbsLifecycle.Disable, "OrgRootAccess", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(OrgRootAccessStatus))]
public sealed class DisableOrgRootAccessCommand : OrgRootAccessCmdlet
{
    /// <summary>Which features to turn off (default: both).</summary>
    [Parameter]
    [ValidateSet("RootSessions", "RootCredentialsManagement", IgnoreCase = true)]
    public string[] Feature { get; set; } = { "RootSessions", "RootCredentialsManagement" };

    /// <summary>Also disable trusted access for iam.amazonaws.com in Organizations.</summary>
    [Parameter]
    public SwitchParameter TrustedAccess { get; set; }

    protected override string Verb => "Disable";

    protected override string FailedErrorId => ErrorIds.DisableOrgRootAccessFailed;

    protected override IReadOnlyList<OrgRootAccessStep> Steps(OrgRootAccessManager manager, OrgRootAccessStatus status)
        => manager.DisableSteps(
            status,
            Feature.Any(f => string.Equals(f, "RootSessions", System.StringComparison.OrdinalIgnoreCase)),
            Feature.Any(f => string.Equals(f, "RootCredentialsManagement", System.StringComparison.OrdinalIgnoreCase)),
            TrustedAccess.IsPresent);

    protected override bool AlreadyDone(OrgRootAccessStep step) => !step.IsOn;
}
