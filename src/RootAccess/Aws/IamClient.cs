using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws.Protocol;

namespace RootAccess.Aws;

public sealed class IamLoginProfile
{
    public IamLoginProfile(DateTime? createDate, bool passwordResetRequired)
    {
        CreateDate = createDate;
        PasswordResetRequired = passwordResetRequired;
    }

    public DateTime? CreateDate { get; }

    public bool PasswordResetRequired { get; }
}

public sealed class IamMfaDevice
{
    public IamMfaDevice(string serialNumber, DateTime? enableDate)
    {
        SerialNumber = serialNumber;
        EnableDate = enableDate;
    }

    public string SerialNumber { get; }

    public DateTime? EnableDate { get; }
}

public sealed class IamAccessKey
{
    public IamAccessKey(string accessKeyId, string status, DateTime? createDate)
    {
        AccessKeyId = accessKeyId;
        Status = status;
        CreateDate = createDate;
    }

    public string AccessKeyId { get; }

    public string Status { get; }

    public DateTime? CreateDate { get; }

    public bool IsActive => string.Equals(Status, "Active", StringComparison.OrdinalIgnoreCase);
}

public sealed class IamAccessKeyLastUsed
{
    public IamAccessKeyLastUsed(DateTime? lastUsedDate, string? serviceName, string? region)
    {
        LastUsedDate = lastUsedDate;
        ServiceName = serviceName;
        Region = region;
    }

    public DateTime? LastUsedDate { get; }

    public string? ServiceName { get; }

    public string? Region { get; }
}

public sealed class IamSigningCertificate
{
    public IamSigningCertificate(string certificateId, string status, DateTime? uploadDate)
    {
        CertificateId = certificateId;
        Status = status;
        UploadDate = uploadDate;
    }

    public string CertificateId { get; }

    public string Status { get; }

    public DateTime? UploadDate { get; }
}

public sealed class IamUser
{
    public IamUser(string? userId, string? arn, DateTime? createDate, DateTime? passwordLastUsed)
    {
        UserId = userId;
        Arn = arn;
        CreateDate = createDate;
        PasswordLastUsed = passwordLastUsed;
    }

    public string? UserId { get; }

    public string? Arn { get; }

    public DateTime? CreateDate { get; }

    public DateTime? PasswordLastUsed { get; }
}

/// <summary>The organization's centralized root access features as IAM reports them.</summary>
public sealed class OrganizationFeatures
{
    public const string RootCredentialsManagement = "RootCredentialsManagement";
    public const string RootSessions = "RootSessions";

    public OrganizationFeatures(string? organizationId, IReadOnlyList<string> enabled)
    {
        OrganizationId = organizationId;
        Enabled = enabled;
    }

    public string? OrganizationId { get; }

    public IReadOnlyList<string> Enabled { get; }

    public bool Has(string feature) => Enabled.Contains(feature);
}

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

    /// <summary>ListOrganizationsFeatures, or one of the Enable/Disable switches (they answer the same shape).</summary>
    public async Task<OrganizationFeatures> OrganizationFeaturesAsync(string operation, CancellationToken cancellationToken)
    {
        var result = await CallAsync(operation, null, cancellationToken).ConfigureAwait(false);
        return new OrganizationFeatures(result.Text("OrganizationId"), result.Members("EnabledFeatures").Select(m => m.Value).ToList());
    }

    public void Dispose() => _client.Dispose();

    private async Task<IReadOnlyList<T>> ListAllAsync<T>(string operation, string listName, Func<System.Xml.Linq.XElement, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? marker = null;
        do
        {
            var parameters = marker is null ? null : new Dictionary<string, string> { ["Marker"] = marker };
            var result = await CallAsync(operation, parameters, cancellationToken).ConfigureAwait(false);
            items.AddRange(result.Members(listName).Select(read));
            marker = result.Flag("IsTruncated") ? result.Text("Marker") : null;
        }
        while (!string.IsNullOrEmpty(marker));

        return items;
    }

    private async Task<System.Xml.Linq.XElement> CallAsync(string operation, IDictionary<string, string>? parameters, CancellationToken cancellationToken)
    {
        var response = await _client.QueryAsync(operation, parameters, cancellationToken).ConfigureAwait(false);
        return QueryXml.Result(response.BodyText, operation);
    }
}
