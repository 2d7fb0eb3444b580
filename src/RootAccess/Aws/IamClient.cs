using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws.Protocol;

namespace RootAccess.Aws;

/// <summary>
/// The IAM operations RootAccess uses (awsQuery). In a root session every call omits UserName and acts on the root user.
/// </summary>
public sealed class IamClient : IDisposable
{
    private readonly ProtocolClient _client;

    internal IamClient(ProtocolClient client) => _client = client;

    /// <summary>The root user's login profile, or null when it has no password (IAM answers NoSuchEntity).</summary>
    public async Task<IamLoginProfile?> GetLoginProfileAsync(CancellationToken cancellationToken)
    {
        // NoSuchEntity is IAM's answer for a root user without a password: an ordinary result, so it is not thrown.
        var response = await _client.QueryAllowingAsync("GetLoginProfile", null, "NoSuchEntity", cancellationToken).ConfigureAwait(false);
        if (response.Error is not null)
        {
            return null;
        }

        var result = QueryXml.Result(response.BodyText, "GetLoginProfile");
        var profile = result.Child("LoginProfile") ?? result;
        return new IamLoginProfile(profile.Date("CreateDate"), profile.Flag("PasswordResetRequired"));
    }

    public Task<IReadOnlyList<IamMfaDevice>> ListMfaDevicesAsync(CancellationToken cancellationToken)
        => ListAllAsync("ListMFADevices", "MFADevices", m => new IamMfaDevice(m.Text("SerialNumber") ?? string.Empty, m.Date("EnableDate")), cancellationToken);

    /// <summary>The access keys of the root user (in a root session) or, with <paramref name="userName"/>, of that IAM user.</summary>
    public Task<IReadOnlyList<IamAccessKey>> ListAccessKeysAsync(CancellationToken cancellationToken, string? userName = null)
        => ListAllAsync("ListAccessKeys", "AccessKeyMetadata", m => new IamAccessKey(m.Text("AccessKeyId") ?? string.Empty, m.Text("Status") ?? string.Empty, m.Date("CreateDate")), cancellationToken,
            userName is null ? null : new Dictionary<string, string> { ["UserName"] = userName });

    /// <summary>The IAM users of the calling account.</summary>
    public Task<IReadOnlyList<IamUserSummary>> ListUsersAsync(CancellationToken cancellationToken)
        => ListAllAsync("ListUsers", "Users", m => new IamUserSummary(m.Text("UserName") ?? string.Empty, m.Text("Arn") ?? string.Empty, m.Date("CreateDate")), cancellationToken);

    /// <summary>
    /// The calling account's GetAccountAuthorizationDetails, every page merged into the JSON the AWS CLI writes for it
    /// (the shape <see cref="Policy.AssumeRootReachability"/> reads; documents stay URL-encoded strings, as the API sends them).
    /// </summary>
    public async Task<string> GetAccountAuthorizationDetailsAsync(CancellationToken cancellationToken)
    {
        var lists = AuthorizationLists.ToDictionary(l => l, _ => new System.Text.Json.Nodes.JsonArray(), StringComparer.Ordinal);
        string? marker = null;
        do
        {
            var parameters = marker is null ? null : new Dictionary<string, string> { ["Marker"] = marker };
            var result = await CallAsync("GetAccountAuthorizationDetails", parameters, cancellationToken).ConfigureAwait(false);
            foreach (var list in AuthorizationLists)
            {
                foreach (var member in result.Members(list))
                {
                    lists[list].Add(ToJson(member));
                }
            }

            marker = result.Flag("IsTruncated") ? result.Text("Marker") : null;
        }
        while (!string.IsNullOrEmpty(marker));

        var json = new System.Text.Json.Nodes.JsonObject();
        foreach (var list in AuthorizationLists)
        {
            json[list] = lists[list];
        }

        return json.ToJsonString();
    }

    private static readonly string[] AuthorizationLists = { "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies" };

    // Lists of GetAccountAuthorizationDetails' model (empty ones arrive as empty elements, so they are named, not inferred).
    private static readonly HashSet<string> NestedLists = new(StringComparer.Ordinal)
    {
        "UserPolicyList", "GroupPolicyList", "RolePolicyList", "AttachedManagedPolicies", "GroupList", "PolicyVersionList", "InstanceProfileList", "Tags", "Roles",
    };

    private static readonly HashSet<string> Booleans = new(StringComparer.Ordinal) { "IsDefaultVersion", "IsAttachable" };

    private static System.Text.Json.Nodes.JsonNode? ToJson(System.Xml.Linq.XElement element)
    {
        if (NestedLists.Contains(element.Name.LocalName))
        {
            return new System.Text.Json.Nodes.JsonArray(element.Elements().Where(e => e.Name.LocalName == "member").Select(ToJson).ToArray());
        }

        if (!element.HasElements)
        {
            return Booleans.Contains(element.Name.LocalName) ? System.Text.Json.Nodes.JsonValue.Create(string.Equals(element.Value, "true", StringComparison.OrdinalIgnoreCase)) : System.Text.Json.Nodes.JsonValue.Create(element.Value);
        }

        var node = new System.Text.Json.Nodes.JsonObject();
        foreach (var child in element.Elements())
        {
            node[child.Name.LocalName] = ToJson(child);
        }

        return node;
    }

    public Task<IReadOnlyList<IamSigningCertificate>> ListSigningCertificatesAsync(CancellationToken cancellationToken)
        => ListAllAsync("ListSigningCertificates", "Certificates", m => new IamSigningCertificate(m.Text("CertificateId") ?? string.Empty, m.Text("Status") ?? string.Empty, m.Date("UploadDate")), cancellationToken);

    public async Task<IamAccessKeyLastUsed> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var result = await CallAsync("GetAccessKeyLastUsed", new Dictionary<string, string> { ["AccessKeyId"] = accessKeyId }, cancellationToken).ConfigureAwait(false);
        var used = result.Child("AccessKeyLastUsed") ?? result;
        var service = used.Text("ServiceName");
        var region = used.Text("Region");
        return new IamAccessKeyLastUsed(used.Date("LastUsedDate"), service == "N/A" ? null : service, region == "N/A" ? null : region);
    }

    public async Task<IReadOnlyDictionary<string, int>> GetAccountSummaryAsync(CancellationToken cancellationToken)
    {
        var result = await CallAsync("GetAccountSummary", null, cancellationToken).ConfigureAwait(false);
        var map = result.Child("SummaryMap");
        var summary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in map?.Elements() ?? Enumerable.Empty<System.Xml.Linq.XElement>())
        {
            if (entry.Text("key") is { } key && int.TryParse(entry.Text("value"), out var value))
            {
                summary[key] = value;
            }
        }

        return summary;
    }

    public async Task<IamUser> GetUserAsync(CancellationToken cancellationToken)
    {
        var result = await CallAsync("GetUser", null, cancellationToken).ConfigureAwait(false);
        var user = result.Child("User") ?? result;
        return new IamUser(user.Text("UserId"), user.Text("Arn"), user.Date("CreateDate"), user.Date("PasswordLastUsed"));
    }

    /// <summary>Creates the root user's login profile (a root session omits the password: the root email then runs password recovery).</summary>
    public async Task<IamLoginProfile> CreateLoginProfileAsync(CancellationToken cancellationToken)
    {
        var result = await CallAsync("CreateLoginProfile", null, cancellationToken).ConfigureAwait(false);
        var profile = result.Child("LoginProfile") ?? result;
        return new IamLoginProfile(profile.Date("CreateDate"), profile.Flag("PasswordResetRequired"));
    }

    public Task DeleteLoginProfileAsync(CancellationToken cancellationToken)
        => CallAsync("DeleteLoginProfile", null, cancellationToken);

    public Task DeleteAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
        => CallAsync("DeleteAccessKey", new Dictionary<string, string> { ["AccessKeyId"] = accessKeyId }, cancellationToken);

    public Task DeleteSigningCertificateAsync(string certificateId, CancellationToken cancellationToken)
        => CallAsync("DeleteSigningCertificate", new Dictionary<string, string> { ["CertificateId"] = certificateId }, cancellationToken);

    public Task DeactivateMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken)
        => CallAsync("DeactivateMFADevice", new Dictionary<string, string> { ["SerialNumber"] = serialNumber }, cancellationToken);

    public Task<OrganizationFeatures> ListOrganizationsFeaturesAsync(CancellationToken cancellationToken)
        => OrganizationFeaturesAsync("ListOrganizationsFeatures", cancellationToken);

    public Task<OrganizationFeatures> SetRootCredentialsManagementAsync(bool enabled, CancellationToken cancellationToken)
        => OrganizationFeaturesAsync(enabled ? "EnableOrganizationsRootCredentialsManagement" : "DisableOrganizationsRootCredentialsManagement", cancellationToken);

    public Task<OrganizationFeatures> SetRootSessionsAsync(bool enabled, CancellationToken cancellationToken)
        => OrganizationFeaturesAsync(enabled ? "EnableOrganizationsRootSessions" : "DisableOrganizationsRootSessions", cancellationToken);

    public void Dispose() => _client.Dispose();

    // The list and the switches answer the same shape.
    private async Task<OrganizationFeatures> OrganizationFeaturesAsync(string operation, CancellationToken cancellationToken)
    {
        var result = await CallAsync(operation, null, cancellationToken).ConfigureAwait(false);
        return new OrganizationFeatures(result.Text("OrganizationId"), result.Members("EnabledFeatures").Select(m => m.Value).ToList());
    }

    private async Task<IReadOnlyList<T>> ListAllAsync<T>(string operation, string listName, Func<System.Xml.Linq.XElement, T> read, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? fixedParameters = null)
        => await Pages.AllAsync(async marker =>
        {
            var parameters = new Dictionary<string, string>();
            foreach (var fixedParameter in fixedParameters ?? new Dictionary<string, string>())
            {
                parameters[fixedParameter.Key] = fixedParameter.Value;
            }

            if (marker is not null)
            {
                parameters["Marker"] = marker;
            }

            var result = await CallAsync(operation, parameters, cancellationToken).ConfigureAwait(false);
            return new Page<T>(result.Members(listName).Select(read).ToList(), result.Flag("IsTruncated") ? result.Text("Marker") : null);
        }).ConfigureAwait(false);

    private async Task<System.Xml.Linq.XElement> CallAsync(string operation, IDictionary<string, string>? parameters, CancellationToken cancellationToken)
    {
        var response = await _client.QueryAsync(operation, parameters, cancellationToken).ConfigureAwait(false);
        return QueryXml.Result(response.BodyText, operation);
    }
}
