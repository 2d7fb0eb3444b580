using System;
using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Aws;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Shows whether the organization's centralized root access is on: trusted access, the two IAM features, delegated admins.</summary>
[Cmdlet(VerbsCommon.Get, "OrgRootAccessStatus")]
[OutputType(typeof(OrgRootAccessStatus))]
public sealed class GetOrgRootAccessStatusCommand : AwsCmdlet
{
    protected override void ProcessRecord()
    {
        using var manager = new OrgRootAccessManager(Context);
        try
        {
            WriteObject(Await(manager.GetStatusAsync));
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            ThrowTerminatingError(AwsErrorRecords.Create(ex, ErrorIds.OrgRootAccessStatusFailed, "organization", "Reading the organization's root access status failed", Context));
        }
    }
}
