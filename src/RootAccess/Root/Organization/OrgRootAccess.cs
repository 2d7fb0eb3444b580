using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Aws.Protocol;

namespace RootAccess.Root;

/// <summary>The organization's centralized root access, as one row.</summary>
public sealed class OrgRootAccessStatus
{
    public string OrganizationId { get; set; } = string.Empty;

    public string ManagementAccountId { get; set; } = string.Empty;

    /// <summary>Trusted access for iam.amazonaws.com in Organizations.</summary>
    public bool TrustedAccessEnabled { get; set; }

    public bool RootCredentialsManagement { get; set; }

    public bool RootSessions { get; set; }

    /// <summary>IAM delegated administrator account ids, joined with '; '.</summary>
    public string DelegatedAdministrators { get; set; } = string.Empty;

    /// <summary>What Enable-/Disable-OrgRootAccess changed (or would change), joined with '; '; empty from Get-OrgRootAccessStatus.</summary>
    public string Changes { get; set; } = string.Empty;

    public override string ToString() => $"{OrganizationId}: root credentials management {(RootCredentialsManagement ? "on" : "off")}, root sessions {(RootSessions ? "on" : "off")}";
}

/// <summary>One switch of centralized root access, in the order they are turned on.</summary>
public sealed class OrgRootAccessStep
{
    public OrgRootAccessStep(string name, bool isOn, Func<CancellationToken, Task> apply)
    {
        Name = name;
        IsOn = isOn;
        Apply = apply;
    }

    /// <summary>For example "trusted access for iam.amazonaws.com".</summary>
    public string Name { get; }

    public bool IsOn { get; }

    public Func<CancellationToken, Task> Apply { get; }
}

/// <summary>Reads and switches the organization's centralized root access (Organizations trusted access + IAM features).</summary>
public sealed class OrgRootAccessManager : IDisposable
{
    public const string IamServicePrincipal = "iam.amazonaws.com";

    private readonly OrganizationsClient _organizations;
    private readonly IamClient _iam;

    public OrgRootAccessManager(AwsContext context)
    {
        _organizations = AwsClientFactory.CreateOrganizations(context);
        _iam = AwsClientFactory.CreateIam(context);
    }

    public async Task<OrgRootAccessStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var organization = await _organizations.DescribeOrganizationAsync(cancellationToken).ConfigureAwait(false);
        var trusted = (await Pages.AllAsync(t => _organizations.ListAwsServiceAccessAsync(t, cancellationToken)).ConfigureAwait(false)).Contains(IamServicePrincipal);
        var admins = await Pages.AllAsync(t => _organizations.ListDelegatedAdministratorsAsync(IamServicePrincipal, t, cancellationToken)).ConfigureAwait(false);
        OrganizationFeatures features;
        try
        {
            features = await _iam.ListOrganizationsFeaturesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (!trusted && ex.ErrorCode.StartsWith("ServiceAccessNotEnabled", StringComparison.Ordinal))
        {
            // Without trusted access IAM cannot read the features: they are off.
            features = new OrganizationFeatures(organization.Id, Array.Empty<string>());
        }

        return new OrgRootAccessStatus
        {
            OrganizationId = organization.Id,
            ManagementAccountId = organization.ManagementAccountId,
            TrustedAccessEnabled = trusted,
            RootCredentialsManagement = features.Has(OrganizationFeatures.RootCredentialsManagement),
            RootSessions = features.Has(OrganizationFeatures.RootSessions),
            DelegatedAdministrators = string.Join("; ", admins.Select(a => a.Id)),
        };
    }

    /// <summary>The steps that turn centralized root access on, each knowing whether it already is.</summary>
    public IReadOnlyList<OrgRootAccessStep> EnableSteps(OrgRootAccessStatus status, bool rootCredentialsManagement, bool rootSessions)
    {
        // Both features need trusted access for IAM first (IAM API reference, EnableOrganizationsRootCredentialsManagement).
        var steps = new List<OrgRootAccessStep>
        {
            new("trusted access for iam.amazonaws.com", status.TrustedAccessEnabled, ct => _organizations.SetAwsServiceAccessAsync(IamServicePrincipal, true, ct)),
        };
        if (rootCredentialsManagement)
        {
            steps.Add(new("root credentials management", status.RootCredentialsManagement, ct => _iam.SetRootCredentialsManagementAsync(true, ct)));
        }

        if (rootSessions)
        {
            steps.Add(new("root sessions", status.RootSessions, ct => _iam.SetRootSessionsAsync(true, ct)));
        }

        return steps;
    }

    /// <summary>The steps that turn it off; IsOn false means the step has nothing to do.</summary>
    public IReadOnlyList<OrgRootAccessStep> DisableSteps(OrgRootAccessStatus status, bool rootSessions, bool rootCredentialsManagement, bool trustedAccess)
    {
        var steps = new List<OrgRootAccessStep>();
        if (rootSessions)
        {
            steps.Add(new("root sessions", status.RootSessions, ct => _iam.SetRootSessionsAsync(false, ct)));
        }

        if (rootCredentialsManagement)
        {
            steps.Add(new("root credentials management", status.RootCredentialsManagement, ct => _iam.SetRootCredentialsManagementAsync(false, ct)));
        }

        if (trustedAccess)
        {
            steps.Add(new("trusted access for iam.amazonaws.com", status.TrustedAccessEnabled, ct => _organizations.SetAwsServiceAccessAsync(IamServicePrincipal, false, ct)));
        }

        return steps;
    }

    public void Dispose()
    {
        _organizations.Dispose();
        _iam.Dispose();
    }
}
