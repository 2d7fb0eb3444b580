using System.Collections.Generic;
using System.Linq;

namespace RootAccess.Aws;

/// <summary>The organization's centralized root access features as IAM reports them.</summary>
public sealed class OrganizationFeatures
{
    public const string RootCredentialsManagement = Core.TaskPolicies.RootCredentialsManagementFeature;
    public const string RootSessions = Core.TaskPolicies.RootSessionsFeature;

    public OrganizationFeatures(string? organizationId, IReadOnlyList<string> enabled)
    {
        OrganizationId = organizationId;
        Enabled = enabled;
    }

    public string? OrganizationId { get; }

    public IReadOnlyList<string> Enabled { get; }

    public bool Has(string feature) => Enabled.Contains(feature);
}
