using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Aws.Protocol;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>What one check before an org-wide run found: the management account, and whether the feature is on.</summary>
public sealed class PreflightResult
{
    /// <summary>The organization's management account, or null when the caller may not describe the organization.</summary>
    public string? ManagementAccountId { get; set; }

    /// <summary>Why the run cannot work (the feature or trusted access is off), with the fix; null when it can or is unknown.</summary>
    public string? NotEnabled { get; set; }

    /// <summary>What could not be checked and why, for verbose output.</summary>
    public List<string> Unchecked { get; } = new();
}

/// <summary>
/// Checks once, before an org-wide run, what every account would otherwise fail on alike: the organization
/// (DescribeOrganization: which account is the management account) and the centralized root access feature the task
/// policy needs (IAM ListOrganizationsFeatures). A caller not allowed a check runs without it.
/// </summary>
public static class RootAccessPreflight
{
    public static async Task<PreflightResult> RunAsync(AwsContext context, string taskPolicy, CancellationToken cancellationToken)
    {
        var result = new PreflightResult();
        try
        {
            using var directory = new OrganizationDirectory(context);
            result.ManagementAccountId = (await directory.DescribeAsync(cancellationToken).ConfigureAwait(false)).ManagementAccountId;
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) && !AwsFailures.IsEndpointUnreachable(ex))
        {
            result.Unchecked.Add($"organizations:DescribeOrganization ({ex.Message}): the management account will not be recognised");
        }

        var feature = TaskPolicies.RequiredFeature(taskPolicy);
        try
        {
            using var iam = AwsClientFactory.CreateIam(context);
            var features = await iam.ListOrganizationsFeaturesAsync(cancellationToken).ConfigureAwait(false);
            if (!features.Has(feature))
            {
                result.NotEnabled = $"Centralized root access is not ready for {taskPolicy}: the {feature} feature is off in organization {features.OrganizationId}. "
                    + $"Turn it on with Enable-OrgRootAccess -Feature {feature} (from the management account), then run this again.";
            }
        }
        catch (AwsServiceException ex) when (ex.ErrorCode.StartsWith("ServiceAccessNotEnabled", StringComparison.Ordinal))
        {
            result.NotEnabled = $"Centralized root access is not enabled: trusted access for iam.amazonaws.com is off in this organization ({ex.ErrorCode}). "
                + $"Turn it on with Enable-OrgRootAccess (from the management account), then run this again.";
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) && !AwsFailures.IsEndpointUnreachable(ex))
        {
            result.Unchecked.Add($"iam:ListOrganizationsFeatures ({ex.Message}): whether {feature} is on was not checked");
        }

        return result;
    }
}
