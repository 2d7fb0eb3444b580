using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws.Protocol;

namespace RootAccess.Aws;

public sealed class OrganizationInfo
{
    public OrganizationInfo(string id, string? arn, string managementAccountId, string? featureSet)
    {
        Id = id;
        Arn = arn;
        ManagementAccountId = managementAccountId;
        FeatureSet = featureSet;
    }

    public string Id { get; }

    public string? Arn { get; }

    public string ManagementAccountId { get; }

    public string? FeatureSet { get; }
}

/// <summary>An account as Organizations describes it.</summary>
public sealed class OrganizationsAccount
{
    public string Id { get; set; } = string.Empty;

    public string? Arn { get; set; }

    public string? Email { get; set; }

    public string? Name { get; set; }

    public string? State { get; set; }

    public string? JoinedMethod { get; set; }

    public DateTime? JoinedTimestamp { get; set; }
}

/// <summary>The Organizations operations RootAccess uses (awsJson1_1).</summary>
public sealed class OrganizationsClient : IDisposable
{
    private readonly ProtocolClient _client;

    internal OrganizationsClient(ProtocolClient client) => _client = client;

    public async Task<OrganizationInfo> DescribeOrganizationAsync(CancellationToken cancellationToken)
    {
        using var document = await CallAsync("DescribeOrganization", new Dictionary<string, object?>(), cancellationToken).ConfigureAwait(false);
        var organization = document.RootElement.GetProperty("Organization");
        return new OrganizationInfo(
            organization.GetString("Id") ?? string.Empty,
            organization.GetString("Arn"),
            organization.GetString("MasterAccountId") ?? string.Empty,
            organization.GetString("FeatureSet"));
    }

    public Task<Page<OrganizationsAccount>> ListAccountsAsync(string? nextToken, CancellationToken cancellationToken)
        => ListAsync("ListAccounts", "Accounts", ReadAccount, nextToken, null, cancellationToken);

    public Task<Page<OrganizationsAccount>> ListAccountsForParentAsync(string parentId, string? nextToken, CancellationToken cancellationToken)
        => ListAsync("ListAccountsForParent", "Accounts", ReadAccount, nextToken, new Dictionary<string, object?> { ["ParentId"] = parentId }, cancellationToken);

    public Task<Page<string>> ListRootsAsync(string? nextToken, CancellationToken cancellationToken)
        => ListAsync("ListRoots", "Roots", e => e.GetString("Id") ?? string.Empty, nextToken, null, cancellationToken);

    /// <summary>The roots as (id, name).</summary>
    public Task<Page<(string Id, string Name)>> ListNamedRootsAsync(string? nextToken, CancellationToken cancellationToken)
        => ListAsync("ListRoots", "Roots", e => (e.GetString("Id") ?? string.Empty, e.GetString("Name") ?? string.Empty), nextToken, null, cancellationToken);

    /// <summary>The OUs directly under a parent as (id, name).</summary>
    public Task<Page<(string Id, string Name)>> ListNamedOrganizationalUnitsAsync(string parentId, string? nextToken, CancellationToken cancellationToken)
        => ListAsync("ListOrganizationalUnitsForParent", "OrganizationalUnits", e => (e.GetString("Id") ?? string.Empty, e.GetString("Name") ?? string.Empty), nextToken, new Dictionary<string, object?> { ["ParentId"] = parentId }, cancellationToken);

    /// <summary>The parent (root or OU) of an account or OU.</summary>
    public Task<Page<string>> ListParentsAsync(string childId, string? nextToken, CancellationToken cancellationToken)
        => ListAsync("ListParents", "Parents", e => e.GetString("Id") ?? string.Empty, nextToken, new Dictionary<string, object?> { ["ChildId"] = childId }, cancellationToken);

    public Task<Page<string>> ListAwsServiceAccessAsync(string? nextToken, CancellationToken cancellationToken)
        => ListAsync("ListAWSServiceAccessForOrganization", "EnabledServicePrincipals", e => e.GetString("ServicePrincipal") ?? string.Empty, nextToken, null, cancellationToken);

    public Task<Page<OrganizationsAccount>> ListDelegatedAdministratorsAsync(string servicePrincipal, string? nextToken, CancellationToken cancellationToken)
        => ListAsync("ListDelegatedAdministrators", "DelegatedAdministrators", ReadAccount, nextToken, new Dictionary<string, object?> { ["ServicePrincipal"] = servicePrincipal }, cancellationToken);

    public async Task SetAwsServiceAccessAsync(string servicePrincipal, bool enabled, CancellationToken cancellationToken)
    {
        using var _ = await CallAsync(enabled ? "EnableAWSServiceAccess" : "DisableAWSServiceAccess", new Dictionary<string, object?> { ["ServicePrincipal"] = servicePrincipal }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The service control policies attached directly to a root, OU or account: (id, name).</summary>
    public Task<Page<(string Id, string Name)>> ListPoliciesForTargetAsync(string targetId, string? nextToken, CancellationToken cancellationToken)
        => ListAsync("ListPoliciesForTarget", "Policies", e => (e.GetString("Id") ?? string.Empty, e.GetString("Name") ?? string.Empty), nextToken, new Dictionary<string, object?> { ["TargetId"] = targetId, ["Filter"] = "SERVICE_CONTROL_POLICY" }, cancellationToken);

    /// <summary>A policy's document.</summary>
    public async Task<string> DescribePolicyContentAsync(string policyId, CancellationToken cancellationToken)
    {
        using var document = await CallAsync("DescribePolicy", new Dictionary<string, object?> { ["PolicyId"] = policyId }, cancellationToken).ConfigureAwait(false);
        return document.RootElement.TryGetProperty("Policy", out var policy) ? policy.GetString("Content") ?? "{}" : "{}";
    }

    public void Dispose() => _client.Dispose();

    internal static OrganizationsAccount ReadAccount(JsonElement e) => new()
    {
        Id = e.GetString("Id") ?? string.Empty,
        Arn = e.GetString("Arn"),
        Email = e.GetString("Email"),
        Name = e.GetString("Name"),
        // Organizations retired Status for State in September 2026; older payloads only carry Status.
        State = e.GetString("State") ?? e.GetString("Status"),
        JoinedMethod = e.GetString("JoinedMethod"),
        JoinedTimestamp = e.TryGetProperty("JoinedTimestamp", out var joined) && joined.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(joined.GetDouble() * 1000)).UtcDateTime
            : null,
    };

    private async Task<Page<T>> ListAsync<T>(string operation, string listName, Func<JsonElement, T> read, string? nextToken, Dictionary<string, object?>? arguments, CancellationToken cancellationToken)
    {
        arguments ??= new Dictionary<string, object?>();
        if (!string.IsNullOrEmpty(nextToken))
        {
            arguments["NextToken"] = nextToken;
        }

        using var document = await CallAsync(operation, arguments, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var items = root.TryGetProperty(listName, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(read).ToList()
            : new List<T>();
        return new Page<T>(items, root.GetString("NextToken"));
    }

    private Task<JsonDocument> CallAsync(string operation, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
        => _client.JsonDocumentAsync(operation, arguments, cancellationToken);
}

internal static class JsonElementExtensions
{
    public static string? GetString(this JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool GetFlag(this JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
