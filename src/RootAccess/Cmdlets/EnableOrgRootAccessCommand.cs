using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Turns on centralized root access: trusted access for IAM, then root credentials management (the IAM task policies)
/// and root sessions (the S3 and SQS unlocks), each confirmed and skipped when already on.
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "OrgRootAccess", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(OrgRootAccessStatus))]
public sealed class EnableOrgRootAccessCommand : OrgRootAccessCmdlet
{
    /// <summary>Which features to turn on (default: both, as AWS's console enables them). Trusted access for IAM is turned on first either way.</summary>
    [Parameter]
    [ValidateSet(TaskPolicies.RootCredentialsManagementFeature, TaskPolicies.RootSessionsFeature, IgnoreCase = true)]
    public string[] Feature { get; set; } = { TaskPolicies.RootCredentialsManagementFeature, TaskPolicies.RootSessionsFeature };

    protected override string Verb => "Enable";

    protected override string FailedErrorId => ErrorIds.EnableOrgRootAccessFailed;

    protected override IReadOnlyList<OrgRootAccessStep> Steps(OrgRootAccessManager manager, OrgRootAccessStatus status)
        => manager.EnableSteps(status, Wants(TaskPolicies.RootCredentialsManagementFeature), Wants(TaskPolicies.RootSessionsFeature));

    protected override bool AlreadyDone(OrgRootAccessStep step) => step.IsOn;

    private bool Wants(string feature) => Feature.Any(f => string.Equals(f, feature, StringComparison.OrdinalIgnoreCase));
}
