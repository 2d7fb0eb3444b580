using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using static RootAccess.Simulator.WireFormat;

namespace RootAccess.Simulator;

/// <summary>IAM as a root session sees it: the root user's credentials, scoped by the session's task policy.</summary>
internal sealed class IamService
{
    private readonly IServiceContext _context;

    public IamService(IServiceContext context) => _context = context;

    private static readonly HashSet<string> OrganizationOperations = new(StringComparer.Ordinal)
    {
        "ListOrganizationsFeatures",
        "EnableOrganizationsRootCredentialsManagement",
        "DisableOrganizationsRootCredentialsManagement",
        "EnableOrganizationsRootSessions",
        "DisableOrganizationsRootSessions",
    };

    // What a long-term principal may read of its own account's IAM (the hardening checks of the management account).
    private static readonly HashSet<string> AccountOperations = new(StringComparer.Ordinal) { "ListUsers", "ListAccessKeys", "GetAccountAuthorizationDetails", "CreatePolicy", "AttachRolePolicy", "AttachUserPolicy" };

    // AWS managed policies the fixtures may attach, by name (IAM's own documents, reduced to what the checks evaluate).
    internal static readonly IReadOnlyDictionary<string, string> AwsManagedPolicies = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AdministratorAccess"] = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
        ["IAMFullAccess"] = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:*\",\"organizations:DescribeAccount\",\"organizations:DescribeOrganization\",\"organizations:DescribeOrganizationalUnit\",\"organizations:DescribePolicy\",\"organizations:ListChildren\",\"organizations:ListParents\",\"organizations:ListPoliciesForTarget\",\"organizations:ListRoots\",\"organizations:ListPolicies\",\"organizations:ListTargetsForPolicy\"],\"Resource\":\"*\"}]}",
        ["ReadOnlyAccess"] = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:Get*\",\"iam:List*\",\"organizations:Describe*\",\"organizations:List*\",\"cloudtrail:Describe*\",\"cloudtrail:Get*\",\"cloudtrail:LookupEvents\",\"events:Describe*\",\"events:List*\",\"s3:Get*\",\"s3:List*\"],\"Resource\":\"*\"}]}",
    };

    public IEnumerable<XElement>? Handle(string operation, IReadOnlyDictionary<string, string> parameters, SimPrincipal principal)
    {
        if (OrganizationOperations.Contains(operation))
        {
            return OrganizationFeatures(operation, principal);
        }

        if (principal.Session is null && AccountOperations.Contains(operation))
        {
            return AccountIam(operation, parameters, principal);
        }

        var session = principal.Session
            ?? throw ServiceError.AccessDenied($"User: {principal.Arn} is not authorized to perform: iam:{operation} (the simulator serves IAM root-user operations inside root sessions, and {string.Join(", ", AccountOperations)} on the caller's own account).");
        if (!TaskPolicyRules.Allows(session.TaskPolicy, "iam:" + operation))
        {
            throw ServiceError.AccessDenied($"User: arn:aws:iam::{session.AccountId}:root is not authorized to perform: iam:{operation} on resource: arn:aws:iam::{session.AccountId}:root with an explicit deny in a service control policy: arn:aws:iam::aws:policy/root-task/{session.TaskPolicy}");
        }

        if (parameters.TryGetValue("UserName", out var userName) && !string.IsNullOrEmpty(userName))
        {
            throw ServiceError.Validation($"A root session acts on the root user; omit UserName (got '{userName}').");
        }

        lock (_context.Gate)
        {
            var account = _context.State.FindAccount(session.AccountId)
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
        lock (_context.Gate)
        {
            var state = _context.State;
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

    // IAM API Reference: ListUsers, ListAccessKeys (UserName, or the signing user), GetAccountAuthorizationDetails (paged
    // across its four lists by Marker/MaxItems, optional Filter.member.N, every policy document URL-encoded as AWS sends it).
    private IEnumerable<XElement>? AccountIam(string operation, IReadOnlyDictionary<string, string> parameters, SimPrincipal principal)
    {
        lock (_context.Gate)
        {
            var account = _context.State.FindAccount(principal.AccountId)
                ?? throw ServiceError.AccessDenied($"User: {principal.Arn} is not authorized to perform: iam:{operation}");
            var iam = account.Iam;
            var id = account.Id;
            switch (operation)
            {
                case "ListUsers":
                    return Page(parameters, "Users", iam.Users, u => UserSummary(id, u));
                case "ListAccessKeys":
                    var name = parameters.TryGetValue("UserName", out var given) && !string.IsNullOrEmpty(given) ? given
                        : principal.Arn.Contains(":user/") ? principal.Arn.Substring(principal.Arn.LastIndexOf('/') + 1)
                        : throw ServiceError.Validation("Must specify userName when calling with non-User credentials");
                    var owner = iam.Users.FirstOrDefault(u => u.UserName == name)
                        ?? throw new ServiceError(404, "NoSuchEntity", $"The user with name {name} cannot be found.");
                    return Page(parameters, "AccessKeyMetadata", owner.AccessKeys, k => new object[] { E("UserName", owner.UserName), E("AccessKeyId", k.AccessKeyId), E("Status", k.Status), E("CreateDate", Iso(k.CreateDate)) });
                // IAM API Reference: CreatePolicy (a taken name is EntityAlreadyExists, 409; a document that is not policy JSON
                // or longer than 6,144 characters is MalformedPolicyDocument, 400), AttachRolePolicy and AttachUserPolicy (an
                // unknown role, user or policy is NoSuchEntity, 404; attaching twice changes nothing).
                case "CreatePolicy":
                    var policyName = Required(parameters, "PolicyName");
                    var text = Required(parameters, "PolicyDocument");
                    System.Text.Json.Nodes.JsonNode? document = null;
                    try
                    {
                        document = System.Text.Json.Nodes.JsonNode.Parse(text);
                    }
                    catch (System.Text.Json.JsonException)
                    {
                    }

                    if (document is not System.Text.Json.Nodes.JsonObject || document["Statement"] is null || text.Count(c => !char.IsWhiteSpace(c)) > 6144)
                    {
                        throw new ServiceError(400, "MalformedPolicyDocument", "The policy document is not valid JSON policy grammar or is longer than 6,144 characters.");
                    }

                    if (iam.Policies.Any(p => p.PolicyName == policyName))
                    {
                        throw new ServiceError(409, "EntityAlreadyExists", $"A policy called {policyName} already exists. Duplicate names are not allowed.");
                    }

                    iam.Policies.Add(new SimManagedPolicy { PolicyName = policyName, Document = document });
                    var arn = $"arn:aws:iam::{id}:policy/{policyName}";
                    return new[] { E("Policy", new object[] { E("PolicyName", policyName), E("PolicyId", "ANPA" + Id(arn)), E("Arn", arn), E("Path", "/"), E("DefaultVersionId", "v1"), E("AttachmentCount", "0"), E("IsAttachable", "true"), E("CreateDate", Iso(DateTime.UtcNow)), E("UpdateDate", Iso(DateTime.UtcNow)) }) };
                case "AttachRolePolicy":
                case "AttachUserPolicy":
                    var policyArn = Required(parameters, "PolicyArn");
                    var known = policyArn.StartsWith("arn:aws:iam::aws:policy/", StringComparison.Ordinal) ? AwsManagedPolicies.ContainsKey(policyArn.Substring(policyArn.LastIndexOf('/') + 1))
                        : iam.Policies.Any(p => $"arn:aws:iam::{id}:policy/{p.PolicyName}" == policyArn);
                    if (!known)
                    {
                        throw new ServiceError(404, "NoSuchEntity", $"Policy {policyArn} does not exist or is not attachable.");
                    }

                    var attached = operation == "AttachRolePolicy"
                        ? (iam.Roles.FirstOrDefault(r => r.RoleName == Required(parameters, "RoleName")) ?? throw new ServiceError(404, "NoSuchEntity", $"The role with name {Required(parameters, "RoleName")} cannot be found.")).AttachedPolicies
                        : (iam.Users.FirstOrDefault(u => u.UserName == Required(parameters, "UserName")) ?? throw new ServiceError(404, "NoSuchEntity", $"The user with name {Required(parameters, "UserName")} cannot be found.")).AttachedPolicies;
                    if (!attached.Contains(policyArn))
                    {
                        attached.Add(policyArn);
                    }

                    return null;
                default:
                    return AuthorizationDetails(parameters, id, iam);
            }
        }
    }

    private IEnumerable<XElement> AuthorizationDetails(IReadOnlyDictionary<string, string> parameters, string accountId, SimIam iam)
    {
        var filter = parameters.Where(p => p.Key.StartsWith("Filter.member.", StringComparison.Ordinal)).Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in filter.Where(f => f is not ("User" or "Role" or "Group" or "LocalManagedPolicy" or "AWSManagedPolicy")))
        {
            throw ServiceError.Validation($"1 validation error detected: Value '[{unknown}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]]");
        }

        bool Wants(string kind) => filter.Count == 0 || filter.Contains(kind);
        var attached = iam.Users.SelectMany(u => u.AttachedPolicies).Concat(iam.Groups.SelectMany(g => g.AttachedPolicies)).Concat(iam.Roles.SelectMany(r => r.AttachedPolicies)).ToList();
        var items = new List<(string List, XElement Member)>();
        if (Wants("User"))
        {
            items.AddRange(iam.Users.Select(u => ("UserDetailList", E("member", UserSummary(accountId, u).Concat(new object[]
            {
                InlineList("UserPolicyList", u.InlinePolicies),
                E("GroupList", u.Groups.Select(g => E("member", g)).ToArray()),
                Attached(u.AttachedPolicies),
            }).ToArray()))));
        }

        if (Wants("Group"))
        {
            items.AddRange(iam.Groups.Select(g => ("GroupDetailList", E("member", new object[]
            {
                E("Path", "/"), E("GroupName", g.GroupName), E("GroupId", "AGPA" + Id(g.GroupName)), E("Arn", $"arn:aws:iam::{accountId}:group/{g.GroupName}"), E("CreateDate", Iso(FixtureDate)),
                InlineList("GroupPolicyList", g.InlinePolicies),
                Attached(g.AttachedPolicies),
            }))));
        }

        if (Wants("Role"))
        {
            items.AddRange(iam.Roles.Select(r => ("RoleDetailList", E("member", new object[]
            {
                E("Path", r.Path), E("RoleName", r.RoleName), E("RoleId", "AROA" + Id(r.RoleName)), E("Arn", $"arn:aws:iam::{accountId}:role{r.Path}{r.RoleName}"), E("CreateDate", Iso(r.CreateDate)),
                E("AssumeRolePolicyDocument", Encode(r.TrustPolicy?.ToJsonString() ?? "{\"Version\":\"2012-10-17\",\"Statement\":[]}")),
                E("InstanceProfileList", Array.Empty<object>()),
                InlineList("RolePolicyList", r.InlinePolicies),
                Attached(r.AttachedPolicies),
            }))));
        }

        var managed = new List<(string Arn, string Name, string Document)>();
        if (Wants("LocalManagedPolicy"))
        {
            managed.AddRange(iam.Policies.Select(p => ($"arn:aws:iam::{accountId}:policy/{p.PolicyName}", p.PolicyName, p.Document?.ToJsonString() ?? "{}")));
        }

        if (Wants("AWSManagedPolicy"))
        {
            managed.AddRange(attached.Where(a => a.StartsWith("arn:aws:iam::aws:policy/", StringComparison.Ordinal)).Distinct().Select(a => a.Substring(a.LastIndexOf('/') + 1))
                .Where(AwsManagedPolicies.ContainsKey).Select(n => ($"arn:aws:iam::aws:policy/{n}", n, AwsManagedPolicies[n])));
        }

        items.AddRange(managed.Select(m => ("Policies", E("member", new object[]
        {
            E("PolicyName", m.Name), E("PolicyId", "ANPA" + Id(m.Arn)), E("Arn", m.Arn), E("Path", "/"), E("DefaultVersionId", "v1"), E("AttachmentCount", attached.Count(a => a == m.Arn).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            E("IsAttachable", "true"), E("CreateDate", Iso(FixtureDate)), E("UpdateDate", Iso(FixtureDate)),
            E("PolicyVersionList", new object[] { E("member", new object[] { E("Document", Encode(m.Document)), E("VersionId", "v1"), E("IsDefaultVersion", "true"), E("CreateDate", Iso(FixtureDate)) }) }),
        }))));

        var start = parameters.TryGetValue("Marker", out var marker) && !string.IsNullOrEmpty(marker)
            ? int.TryParse(marker, out var m) && m >= 0 && m <= items.Count ? m : throw ServiceError.Validation("Invalid Marker.")
            : 0;
        var size = parameters.TryGetValue("MaxItems", out var max) && int.TryParse(max, out var n) ? Math.Min(n, _context.IamPageSize) : _context.IamPageSize;
        var page = items.Skip(start).Take(size).ToList();
        var truncated = start + page.Count < items.Count;
        var result = new List<XElement>();
        foreach (var list in new[] { "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies" })
        {
            result.Add(E(list, page.Where(i => i.List == list).Select(i => (object)i.Member).ToArray()));
        }

        result.Add(E("IsTruncated", truncated ? "true" : "false"));
        if (truncated)
        {
            result.Add(E("Marker", (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return result;
    }

    // Groups and managed policies carry no date in the fixture: one fixed date stands for theirs.
    private static readonly DateTime FixtureDate = new(2023, 1, 10, 0, 0, 0, DateTimeKind.Utc);

    private static XElement InlineList(string listName, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode> policies)
        => E(listName, policies.Select(p => E("member", new object[] { E("PolicyName", p.Key), E("PolicyDocument", Encode(p.Value.ToJsonString())) })).ToArray());

    private static object[] UserSummary(string accountId, SimIamUser u)
        => new object[] { E("Path", u.Path), E("UserName", u.UserName), E("UserId", "AIDA" + Id(u.UserName)), E("Arn", $"arn:aws:iam::{accountId}:user{u.Path}{u.UserName}"), E("CreateDate", Iso(u.CreateDate)) };

    private static XElement Attached(IEnumerable<string> arns)
        => E("AttachedManagedPolicies", arns.Select(a => E("member", new object[] { E("PolicyName", a.Substring(a.LastIndexOf('/') + 1)), E("PolicyArn", a) })).ToArray());

    // IAM returns policy documents URL-encoded (RFC 3986), as the API reference says of every *PolicyDocument member.
    private static string Encode(string document) => Uri.EscapeDataString(document);

    private static string Id(string name) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name))).Substring(0, 17);

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
        var size = parameters.TryGetValue("MaxItems", out var max) && int.TryParse(max, out var n) ? Math.Min(n, _context.IamPageSize) : _context.IamPageSize;
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
