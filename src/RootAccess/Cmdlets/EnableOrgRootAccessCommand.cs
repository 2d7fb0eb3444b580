using System.Collections.Generic;
using System.Management.Automation;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Turns on centralized root access: trusted access for IAM, root credentials management, and root sessions.</summary>
[Cmdlet(VerbsLifecycle.Enable, "OrgRootAccess", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(OrgRootAccessStatus))]
public sealed class EnableOrgRootAccessCommand : OrgRootAccessCmdlet
{
    /// <summary>Also enable root sessions (sts:AssumeRoot); on by default, -RootSessions:$false leaves them off.</summary>
    [Parameter]
    public SwitchParameter RootSessions { get; set; } = new(true);

    protected override string Verb => "Enable";

    protected override IReadOnlyList<OrgRootAccessStep> Steps(OrgRootAccessManager manager, OrgRootAccessStatus status) => manager.EnableSteps(status, RootSessions.IsPresent);

    protected override bool AlreadyDone(OrgRootAccessStep step) => step.IsOn;
}
