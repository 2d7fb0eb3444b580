using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Root;

namespace RootAccess.Hardening;

/// <summary>RA-H01 (centralized root access on) and RA-H12 (an IAM delegated administrator), from the organization's root access status.</summary>
public sealed class OrganizationStatusRead : IHardeningRead
{
    public string Step(Assessment assessment) => "Reading the organization's root access status";

    public async Task RunAsync(Assessment assessment, CancellationToken cancellationToken)
    {
        using (var manager = new OrgRootAccessManager(assessment.Context))
        {
            await assessment.CheckAsync("RA-H01", "organizations:DescribeOrganization, ListAWSServiceAccessForOrganization, ListDelegatedAdministrators; iam:ListOrganizationsFeatures", async check =>
            {
                var status = await manager.GetStatusAsync(cancellationToken).ConfigureAwait(false);
                assessment.Status = status;
                assessment.ManagementAccountId = status.ManagementAccountId;
                var off = new[] { (status.TrustedAccessEnabled, "trusted access for iam.amazonaws.com"), (status.RootCredentialsManagement, "RootCredentialsManagement"), (status.RootSessions, "RootSessions") }.Where(f => !f.Item1).Select(f => f.Item2).ToList();
                check.Status = off.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
                check.Evidence = off.Count == 0 ? $"Organization {status.OrganizationId}: trusted access, RootCredentialsManagement and RootSessions are on." : $"Organization {status.OrganizationId}: off: {string.Join(", ", off)}.";
            }).ConfigureAwait(false);
        }

        var delegated = ControlCatalogue.New("RA-H12");
        assessment.Checks.Add(delegated);
        if (assessment.Status is not { } known)
        {
            delegated.Status = CheckStatus.Unknown;
            delegated.Evidence = "Not evaluated: the organization's root access status could not be read (see RA-H01).";
        }
        else
        {
            delegated.Status = known.DelegatedAdministrators.Length > 0 ? CheckStatus.Pass : CheckStatus.Fail;
            delegated.Evidence = known.DelegatedAdministrators.Length > 0 ? $"IAM delegated administrator: {known.DelegatedAdministrators}." : "No delegated administrator is registered for iam.amazonaws.com.";
        }
    }
}
