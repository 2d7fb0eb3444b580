using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace RootAccess.Simulator;

/// <summary>Organizations (awsJson1_1): the organization, its roots, OUs and accounts, with AWS's pagination.</summary>
internal sealed class OrganizationsService
{
    private readonly IServiceContext _context;

    public OrganizationsService(IServiceContext context) => _context = context;

    public JsonObject Handle(string operation, JsonObject arguments, SimPrincipal principal)
    {
        var state = _context.State;
        if (principal.Session is not null)
        {
            throw new ServiceError(403, "AccessDeniedException", "You don't have permissions to access this resource.");
        }

        lock (_context.Gate)
        {
            if (operation != "DescribeOrganization" && principal.AccountId != state.ManagementAccountId && !state.DelegatedAdministrators.Contains(principal.AccountId))
            {
                throw new ServiceError(403, "AccessDeniedException", "You don't have permissions to access this resource.");
            }

            switch (operation)
            {
                case "DescribeOrganization":
                    if (principal.AccountId != state.ManagementAccountId && state.FindAccount(principal.AccountId) is null)
                    {
                        throw new ServiceError(400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
                    }

                    return new JsonObject
                    {
                        ["Organization"] = new JsonObject
                        {
                            ["Id"] = state.OrganizationId,
                            ["Arn"] = $"arn:aws:organizations::{state.ManagementAccountId}:organization/{state.OrganizationId}",
                            ["FeatureSet"] = state.FeatureSet,
                            ["MasterAccountArn"] = $"arn:aws:organizations::{state.ManagementAccountId}:account/{state.OrganizationId}/{state.ManagementAccountId}",
                            ["MasterAccountId"] = state.ManagementAccountId,
                            ["MasterAccountEmail"] = state.FindAccount(state.ManagementAccountId)?.Email ?? "management@example.com",
                        },
                    };
                case "ListAccounts":
                    return Page(arguments, "Accounts", state.Accounts, Account);
                case "ListAccountsForParent":
                    var parent = RequireParent(arguments);
                    return Page(arguments, "Accounts", state.Accounts.Where(a => (string.IsNullOrEmpty(a.ParentId) ? state.Roots[0].Id : a.ParentId) == parent), Account);
                case "ListRoots":
                    return Page(arguments, "Roots", state.Roots, r => new JsonObject
                    {
                        ["Id"] = r.Id,
                        ["Arn"] = $"arn:aws:organizations::{state.ManagementAccountId}:root/{state.OrganizationId}/{r.Id}",
                        ["Name"] = r.Name,
                        ["PolicyTypes"] = new JsonArray(),
                    });
                case "ListOrganizationalUnitsForParent":
                    var ouParent = RequireParent(arguments);
                    return Page(arguments, "OrganizationalUnits", state.OrganizationalUnits.Where(o => o.ParentId == ouParent), o => new JsonObject
                    {
                        ["Id"] = o.Id,
                        ["Arn"] = $"arn:aws:organizations::{state.ManagementAccountId}:ou/{state.OrganizationId}/{o.Id}",
                        ["Name"] = o.Name,
                    });
                // Organizations API Reference: ListPolicies, DescribePolicy, ListTargetsForPolicy, ListPoliciesForTarget
                // (service control policies only; an unknown id is PolicyNotFoundException / TargetNotFoundException, 400).
                case "ListPolicies":
                    RequireScpFilter(arguments);
                    return Page(arguments, "Policies", state.EffectivePolicies(), p => Summary(p));
                case "DescribePolicy":
                    var described = FindPolicy(arguments);
                    return new JsonObject { ["Policy"] = new JsonObject { ["PolicySummary"] = Summary(described), ["Content"] = described.Content } };
                case "ListTargetsForPolicy":
                    return Page(arguments, "Targets", FindPolicy(arguments).Targets, t => Target(t));
                case "ListPoliciesForTarget":
                    RequireScpFilter(arguments);
                    var targetId = arguments["TargetId"]?.GetValue<string>() ?? string.Empty;
                    if (!state.IsParent(targetId) && state.FindAccount(targetId) is null)
                    {
                        throw new ServiceError(400, "TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.");
                    }

                    return Page(arguments, "Policies", state.EffectivePolicies().Where(p => p.Targets.Contains(targetId)), p => Summary(p));
                // Organizations API Reference: CreatePolicy (management account only; Content at most 5,120 characters and
                // valid policy JSON, else MalformedPolicyDocumentException; a taken name is DuplicatePolicyException) and
                // AttachPolicy (DuplicatePolicyAttachmentException when already attached, TargetNotFoundException).
                case "CreatePolicy":
                    RequireManagement(principal);
                    if (arguments["Type"]?.GetValue<string>() != "SERVICE_CONTROL_POLICY")
                    {
                        throw new ServiceError(400, "InvalidInputException", "The simulator creates service control policies only: pass Type SERVICE_CONTROL_POLICY.");
                    }

                    var name = arguments["Name"]?.GetValue<string>() ?? string.Empty;
                    var content = arguments["Content"]?.GetValue<string>() ?? string.Empty;
                    if (name.Length == 0 || name.Length > 128)
                    {
                        throw new ServiceError(400, "InvalidInputException", "You provided a value that does not match the required pattern: Name must be 1 to 128 characters.");
                    }

                    if (content.Count(c => !char.IsWhiteSpace(c)) > 5120 || !IsPolicyJson(content))
                    {
                        throw new ServiceError(400, "MalformedPolicyDocumentException", "The provided policy document doesn't meet the requirements of the specified policy type.");
                    }

                    if (state.EffectivePolicies().Any(p => p.Name == name))
                    {
                        throw new ServiceError(400, "DuplicatePolicyException", "A policy with the same name already exists.");
                    }

                    var created = new SimPolicy { Id = "p-" + Guid.NewGuid().ToString("N").Substring(0, 8), Name = name, Description = arguments["Description"]?.GetValue<string>() ?? string.Empty, Content = content };
                    state.EffectivePolicies().Add(created);
                    return new JsonObject { ["Policy"] = new JsonObject { ["PolicySummary"] = Summary(created), ["Content"] = created.Content } };
                case "AttachPolicy":
                    RequireManagement(principal);
                    var policy = FindPolicy(arguments);
                    var attachTo = arguments["TargetId"]?.GetValue<string>() ?? string.Empty;
                    if (!state.IsParent(attachTo) && state.FindAccount(attachTo) is null)
                    {
                        throw new ServiceError(400, "TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.");
                    }

                    if (policy.Targets.Contains(attachTo))
                    {
                        throw new ServiceError(400, "DuplicatePolicyAttachmentException", "The selected policy is already attached to the specified target.");
                    }

                    policy.Targets.Add(attachTo);
                    return new JsonObject();
                case "ListParents":
                    var child = arguments["ChildId"]?.GetValue<string>() ?? string.Empty;
                    if (state.FindAccount(child) is null && state.OrganizationalUnits.All(o => o.Id != child))
                    {
                        throw new ServiceError(404, "ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
                    }

                    var parentId = state.ParentOf(child);
                    return new JsonObject
                    {
                        ["Parents"] = new JsonArray(new JsonObject { ["Id"] = parentId, ["Type"] = parentId.StartsWith("r-", StringComparison.Ordinal) ? "ROOT" : "ORGANIZATIONAL_UNIT" }),
                    };
                case "EnableAWSServiceAccess":
                case "DisableAWSServiceAccess":
                    RequireManagement(principal);
                    var principalName = arguments["ServicePrincipal"]?.GetValue<string>() ?? throw new ServiceError(400, "InvalidInputException", "You must specify ServicePrincipal.");
                    var enable = operation == "EnableAWSServiceAccess";
                    if (principalName == "iam.amazonaws.com")
                    {
                        state.Features.TrustedAccessForIam = enable;
                    }
                    else if (enable && !state.Features.OtherTrustedServices.Contains(principalName))
                    {
                        state.Features.OtherTrustedServices.Add(principalName);
                    }
                    else if (!enable)
                    {
                        state.Features.OtherTrustedServices.Remove(principalName);
                    }

                    return new JsonObject();
                case "ListAWSServiceAccessForOrganization":
                    var services = (state.Features.TrustedAccessForIam ? new[] { "iam.amazonaws.com" } : Array.Empty<string>()).Concat(state.Features.OtherTrustedServices);
                    return Page(arguments, "EnabledServicePrincipals", services, p => new JsonObject { ["ServicePrincipal"] = p, ["DateEnabled"] = WireFormat.Epoch(new DateTime(2024, 11, 20, 0, 0, 0, DateTimeKind.Utc)) });
                case "ListDelegatedAdministrators":
                    var service = arguments["ServicePrincipal"]?.GetValue<string>();
                    var admins = service is null || service == "iam.amazonaws.com" ? state.DelegatedAdministrators : new List<string>();
                    return Page(arguments, "DelegatedAdministrators", admins.Select(id => state.FindAccount(id)).Where(a => a is not null), a =>
                    {
                        var node = (JsonObject)Account(a!);
                        node["DelegationEnabledDate"] = WireFormat.Epoch(new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc));
                        return node;
                    });
                case "RegisterDelegatedAdministrator":
                    RequireManagement(principal);
                    var adminId = arguments["AccountId"]?.GetValue<string>() ?? string.Empty;
                    if (state.FindAccount(adminId) is null)
                    {
                        throw new ServiceError(404, "AccountNotFoundException", "We can't find an AWS account with the AccountId that you specified.");
                    }

                    if (adminId == state.ManagementAccountId)
                    {
                        throw new ServiceError(409, "ConstraintViolationException", "You cannot register the management account as a delegated administrator.");
                    }

                    if (state.DelegatedAdministrators.Contains(adminId))
                    {
                        throw new ServiceError(409, "AccountAlreadyRegisteredException", "The provided account is already a delegated administrator for your organization.");
                    }

                    state.DelegatedAdministrators.Add(adminId);
                    return new JsonObject();
                default:
                    throw new ServiceError(400, "UnknownOperationException", $"Unknown operation {operation}.");
            }
        }
    }

    private static bool IsPolicyJson(string content)
    {
        try
        {
            return JsonNode.Parse(content) is JsonObject policy && policy["Statement"] is JsonArray or JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static void RequireScpFilter(JsonObject arguments)
    {
        var filter = arguments["Filter"]?.GetValue<string>();
        if (filter != "SERVICE_CONTROL_POLICY")
        {
            throw new ServiceError(400, "InvalidInputException", $"The simulator serves service control policies only: pass Filter SERVICE_CONTROL_POLICY (got '{filter}').");
        }
    }

    private SimPolicy FindPolicy(JsonObject arguments)
    {
        var id = arguments["PolicyId"]?.GetValue<string>() ?? string.Empty;
        return _context.State.EffectivePolicies().FirstOrDefault(p => p.Id == id)
            ?? throw new ServiceError(400, "PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.");
    }

    private JsonObject Summary(SimPolicy p) => new()
    {
        ["Id"] = p.Id,
        ["Arn"] = p.AwsManaged
            ? $"arn:aws:organizations::aws:policy/service_control_policy/{p.Id}"
            : $"arn:aws:organizations::{_context.State.ManagementAccountId}:policy/{_context.State.OrganizationId}/service_control_policy/{p.Id}",
        ["Name"] = p.Name,
        ["Description"] = p.Description,
        ["Type"] = "SERVICE_CONTROL_POLICY",
        ["AwsManaged"] = p.AwsManaged,
    };

    private JsonNode Target(string id)
    {
        var state = _context.State;
        var (type, name) = state.Roots.FirstOrDefault(r => r.Id == id) is { } root ? ("ROOT", root.Name)
            : state.OrganizationalUnits.FirstOrDefault(o => o.Id == id) is { } ou ? ("ORGANIZATIONAL_UNIT", ou.Name)
            : ("ACCOUNT", state.FindAccount(id)?.Name ?? id);
        return new JsonObject
        {
            ["TargetId"] = id,
            ["Arn"] = $"arn:aws:organizations::{state.ManagementAccountId}:{(type == "ACCOUNT" ? "account" : type == "ROOT" ? "root" : "ou")}/{state.OrganizationId}/{id}",
            ["Name"] = name,
            ["Type"] = type,
        };
    }

    private void RequireManagement(SimPrincipal principal)
    {
        if (principal.AccountId != _context.State.ManagementAccountId)
        {
            throw new ServiceError(403, "AccessDeniedException", "You don't have permissions to access this resource: only the management account can do this.");
        }
    }

    private string RequireParent(JsonObject arguments)
    {
        var parent = arguments["ParentId"]?.GetValue<string>() ?? string.Empty;
        if (!_context.State.IsParent(parent))
        {
            throw new ServiceError(404, "ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
        }

        return parent;
    }

    private JsonNode Account(SimAccount a) => new JsonObject
    {
        ["Id"] = a.Id,
        ["Arn"] = $"arn:aws:organizations::{_context.State.ManagementAccountId}:account/{_context.State.OrganizationId}/{a.Id}",
        ["Email"] = a.Email,
        ["Name"] = a.Name,
        ["State"] = a.State,
        ["JoinedMethod"] = a.JoinedMethod,
        ["JoinedTimestamp"] = WireFormat.Epoch(a.JoinedTimestamp),
    };

    private JsonObject Page<T>(JsonObject arguments, string listName, IEnumerable<T> items, Func<T, JsonNode> render)
    {
        var all = items.ToList();
        var start = 0;
        if (arguments["NextToken"]?.GetValue<string>() is { } token && !int.TryParse(token, out start))
        {
            throw new ServiceError(400, "InvalidInputException", "You provided an invalid NextToken.");
        }

        var size = arguments["MaxResults"] is { } max ? Math.Min(max.GetValue<int>(), _context.OrganizationsPageSize) : _context.OrganizationsPageSize;
        var page = all.Skip(start).Take(size).ToList();
        var result = new JsonObject { [listName] = new JsonArray(page.Select(render).ToArray()) };
        if (start + page.Count < all.Count)
        {
            result["NextToken"] = (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }
}
