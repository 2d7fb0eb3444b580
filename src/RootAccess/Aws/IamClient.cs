using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
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
        try
        {
            var result = await CallAsync("GetLoginProfile", null, cancellationToken).ConfigureAwait(false);
            var profile = result.Child("LoginProfile") ?? result;
            return new IamLoginProfile(profile.Date("CreateDate"), profile.Flag("PasswordResetRequired"));
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "NoSuchEntity" || ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<IReadOnlyList<IamMfaDevice>> ListMfaDevicesAsync(CancellationToken cancellationToken)
        => ListAllAsync("ListMFADevices", "MFADevices", m => new IamMfaDevice(m.Text("SerialNumber") ?? string.Empty, m.Date("EnableDate")), cancellationToken);

    public Task<IReadOnlyList<IamAccessKey>> ListAccessKeysAsync(CancellationToken cancellationToken)
        => ListAllAsync("ListAccessKeys", "AccessKeyMetadata", m => new IamAccessKey(m.Text("AccessKeyId") ?? string.Empty, m.Text("Status") ?? string.Empty, m.Date("CreateDate")), cancellationToken);

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

    private async Task<IReadOnlyList<T>> ListAllAsync<T>(string operation, string listName, Func<System.Xml.Linq.XElement, T> read, CancellationToken cancellationToken)
        => await Pages.AllAsync(async marker =>
        {
            var parameters = marker is null ? null : new Dictionary<string, string> { ["Marker"] = marker };
            var result = await CallAsync(operation, parameters, cancellationToken).ConfigureAwait(false);
            return new Page<T>(result.Members(listName).Select(read).ToList(), result.Flag("IsTruncated") ? result.Text("Marker") : null);
        }).ConfigureAwait(false);

    private async Task<System.Xml.Linq.XElement> CallAsync(string operation, IDictionary<string, string>? parameters, CancellationToken cancellationToken)
    {
        var response = await _client.QueryAsync(operation, parameters, cancellationToken).ConfigureAwait(false);
        return QueryXml.Result(response.BodyText, operation);
    }
}
