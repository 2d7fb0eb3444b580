using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using static RootAccess.Simulator.WireFormat;

namespace RootAccess.Simulator;

/// <summary>IAM as a root session sees it: the root user's credentials, scoped by the session's task policy.</summary>
internal sealed class IamService
{
    private readonly AwsSimulator _simulator;

    public IamService(AwsSimulator simulator) => _simulator = simulator;

    private static readonly HashSet<string> OrganizationOperations = new(StringComparer.Ordinal)
    {
        "ListOrganizationsFeatures",
        "EnableOrganizationsRootCredentialsManagement",
        "DisableOrganizationsRootCredentialsManagement",
        "EnableOrganizationsRootSessions",
        "DisableOrganizationsRootSessions",
    };

    public IEnumerable<XElement>? Handle(string operation, IReadOnlyDictionary<string, string> parameters, SimPrincipal principal)
    {
        if (OrganizationOperations.Contains(operation))
        {
            return OrganizationFeatures(operation, principal);
        }

        var session = principal.Session
            ?? throw ServiceError.AccessDenied($"User: {principal.Arn} is not authorized to perform: iam:{operation} (the simulator serves IAM root-user operations inside root sessions).");
        if (!TaskPolicyRules.Allows(session.TaskPolicy, "iam:" + operation))
        {
            throw ServiceError.AccessDenied($"User: arn:aws:iam::{session.AccountId}:root is not authorized to perform: iam:{operation} on resource: arn:aws:iam::{session.AccountId}:root with an explicit deny in a service control policy: arn:aws:iam::aws:policy/root-task/{session.TaskPolicy}");
        }

        if (parameters.TryGetValue("UserName", out var userName) && !string.IsNullOrEmpty(userName))
        {
            throw ServiceError.Validation($"A root session acts on the root user; omit UserName (got '{userName}').");
        }

        lock (_simulator.Gate)
        {
            var account = _simulator.State.FindAccount(session.AccountId)
                ?? throw new ServiceError(404, "NoSuchEntity", $"Account {session.AccountId} no longer exists.");
            var root = account.RootUser;
            switch (operation)
            {
                case "GetLoginProfile":
                    if (root.Password is null)
                    {
                        throw new ServiceError(404, "NoSuchEntity", $"Login Profile for User root cannot be found.");
                    }

                    return new[] { E("LoginProfile", new object[] { E("UserName", "root"), E("CreateDate", Iso(root.Password.CreateDate)), E("PasswordResetRequired", "false") }) };
                case "ListMFADevices":
                    return Page(parameters, "MFADevices", root.MfaDevices.Where(m => m.Active), m => new object[] { E("UserName", "root"), E("SerialNumber", m.SerialNumber), E("EnableDate", Iso(m.EnableDate)) });
                case "ListAccessKeys":
                    return Page(parameters, "AccessKeyMetadata", root.AccessKeys, k => new object[] { E("UserName", "root"), E("AccessKeyId", k.AccessKeyId), E("Status", k.Status), E("CreateDate", Iso(k.CreateDate)) });
                case "ListSigningCertificates":
                    return Page(parameters, "Certificates", root.SigningCertificates, c => new object[] { E("UserName", "root"), E("CertificateId", c.CertificateId), E("CertificateBody", "-----BEGIN CERTIFICATE-----\nMIIsimulated\n-----END CERTIFICATE-----"), E("Status", c.Status), E("UploadDate", Iso(c.UploadDate)) });
                case "GetAccessKeyLastUsed":
                    var key = root.AccessKeys.FirstOrDefault(k => parameters.TryGetValue("AccessKeyId", out var id) && k.AccessKeyId == id)
                        ?? throw new ServiceError(404, "NoSuchEntity", "The Access Key with id " + (parameters.TryGetValue("AccessKeyId", out var missing) ? missing : "(none)") + " cannot be found.");
                    var used = new List<object>();
                    if (key.LastUsedDate is { } date)
                    {
                        used.Add(E("LastUsedDate", Iso(date)));
                    }

                    used.Add(E("ServiceName", key.LastUsedService ?? "N/A"));
                    used.Add(E("Region", key.LastUsedRegion ?? "N/A"));
                    return new[] { E("UserName", "root"), E("AccessKeyLastUsed", used.ToArray()) };
                case "GetAccountSummary":
                    var summary = new Dictionary<string, int>
                    {
                        ["AccountMFAEnabled"] = root.MfaDevices.Any(m => m.Active) ? 1 : 0,
                        ["AccountAccessKeysPresent"] = root.AccessKeys.Count > 0 ? 1 : 0,
                        ["AccountSigningCertificatesPresent"] = root.SigningCertificates.Count > 0 ? 1 : 0,
                        ["AccountPasswordPresent"] = root.Password is null ? 0 : 1,
                    };
                    return new[] { E("SummaryMap", summary.Select(p => E("entry", new object[] { E("key", p.Key), E("value", p.Value) })).ToArray()) };
                case "GetUser":
                    var user = new List<object> { E("Path", "/"), E("UserName", "root"), E("UserId", session.AccountId), E("Arn", $"arn:aws:iam::{session.AccountId}:root"), E("CreateDate", Iso(account.JoinedTimestamp)) };
                    if (root.Password?.LastUsed is { } lastUsed)
                    {
                        user.Add(E("PasswordLastUsed", Iso(lastUsed)));
                    }

                    return new[] { E("User", user.ToArray()) };
                case "CreateLoginProfile":
                    if (root.Password is not null)
                    {
                        throw new ServiceError(409, "EntityAlreadyExists", "Login Profile for user root already exists.");
                    }

                    root.Password = new SimPassword { CreateDate = DateTime.UtcNow };
                    return new[] { E("LoginProfile", new object[] { E("UserName", "root"), E("CreateDate", Iso(root.Password.CreateDate)), E("PasswordResetRequired", "false") }) };
                case "DeleteLoginProfile":
                    if (root.Password is null)
                    {
                        throw new ServiceError(404, "NoSuchEntity", "Login Profile for User root cannot be found.");
                    }

                    root.Password = null;
                    return null;
                case "DeleteAccessKey":
                    Remove(root.AccessKeys, k => k.AccessKeyId == Required(parameters, "AccessKeyId"), $"The Access Key with id {Required(parameters, "AccessKeyId")} cannot be found.");
                    return null;
                case "DeleteSigningCertificate":
                    Remove(root.SigningCertificates, c => c.CertificateId == Required(parameters, "CertificateId"), $"The Certificate with id {Required(parameters, "CertificateId")} cannot be found.");
                    return null;
                case "DeactivateMFADevice":
                    var device = root.MfaDevices.FirstOrDefault(m => m.Active && m.SerialNumber == Required(parameters, "SerialNumber"))
                        ?? throw new ServiceError(404, "NoSuchEntity", $"MFA Device with serial number {Required(parameters, "SerialNumber")} does not exist.");
                    device.Active = false;
                    return null;
                default:
                    throw new ServiceError(400, "InvalidAction", $"Could not find operation {operation} for version 2010-05-08");
            }
        }
    }

    // The org-level switches of centralized root access, with IAM's documented errors.
    private IEnumerable<XElement> OrganizationFeatures(string operation, SimPrincipal principal)
    {
        lock (_simulator.Gate)
        {
            var state = _simulator.State;
            var features = state.Features;
            if (principal.Session is not null || state.FindAccount(principal.AccountId) is null)
            {
                throw new ServiceError(400, "OrganizationNotFoundException", "The request was rejected because no organization is associated with your account.");
            }

            if (state.FeatureSet != "ALL")
            {
                throw new ServiceError(400, "OrganizationNotInAllFeaturesModeException", "The request was rejected because your organization does not have All features enabled.");
            }

            var isManagement = principal.AccountId == state.ManagementAccountId;
            if (!isManagement && !state.DelegatedAdministrators.Contains(principal.AccountId))
            {
                throw new ServiceError(400, "AccountNotManagementOrDelegatedAdministratorException", "The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.");
            }

            if (!features.TrustedAccessForIam)
            {
                throw new ServiceError(400, "ServiceAccessNotEnabledException", "The request was rejected because trusted access is not enabled for IAM in AWS Organizations.");
            }

            if (operation.StartsWith("Enable", StringComparison.Ordinal) && !isManagement)
            {
                throw new ServiceError(400, "CallerIsNotManagementAccountException", "The request was rejected because the account making the request is not the management account for the organization.");
            }

            switch (operation)
            {
                case "EnableOrganizationsRootCredentialsManagement": features.RootCredentialsManagement = true; break;
                case "DisableOrganizationsRootCredentialsManagement": features.RootCredentialsManagement = false; break;
                case "EnableOrganizationsRootSessions": features.RootSessions = true; break;
                case "DisableOrganizationsRootSessions": features.RootSessions = false; break;
            }

            var enabled = new List<object>();
            if (features.RootCredentialsManagement)
            {
                enabled.Add(E("member", "RootCredentialsManagement"));
            }

            if (features.RootSessions)
            {
                enabled.Add(E("member", "RootSessions"));
            }

            return new[] { E("OrganizationId", state.OrganizationId), E("EnabledFeatures", enabled.ToArray()) };
        }
    }

    private static string Required(IReadOnlyDictionary<string, string> parameters, string name)
        => parameters.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw ServiceError.Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0]) + name.Substring(1)}' failed to satisfy constraint: Member must not be null");

    private static void Remove<T>(List<T> items, Func<T, bool> match, string notFound)
    {
        var index = items.FindIndex(i => match(i));
        if (index < 0)
        {
            throw new ServiceError(404, "NoSuchEntity", notFound);
        }

        items.RemoveAt(index);
    }

    private IEnumerable<XElement> Page<T>(IReadOnlyDictionary<string, string> parameters, string listName, IEnumerable<T> items, Func<T, object[]> member)
    {
        var all = items.ToList();
        var start = parameters.TryGetValue("Marker", out var marker) && int.TryParse(marker, out var m) ? m : 0;
        var size = parameters.TryGetValue("MaxItems", out var max) && int.TryParse(max, out var n) ? Math.Min(n, _simulator.IamPageSize) : _simulator.IamPageSize;
        var page = all.Skip(start).Take(size).ToList();
        var truncated = start + page.Count < all.Count;
        var result = new List<XElement> { E(listName, page.Select(i => E("member", member(i))).ToArray()), E("IsTruncated", truncated ? "true" : "false") };
        if (truncated)
        {
            result.Add(E("Marker", (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return result;
    }
}
