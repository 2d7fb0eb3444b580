using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Policy;
using RootAccess.Root;

namespace RootAccess.Hardening;

/// <summary>
/// The hardening guide's controls checked against the live organization, read-only (the only root sessions are audit
/// ones, for the root-credentials control). A read the caller may not make turns its control Unknown, naming the read;
/// the other controls are still evaluated. This first set covers the controls the organization's own APIs can answer.
/// </summary>
public sealed class HardeningAssessor
{
    private static readonly string Foothold = HardeningReport.KillChain[0];
    private static readonly string Escalate = HardeningReport.KillChain[1];
    private static readonly string Persist = HardeningReport.KillChain[2];

    private readonly AwsContext _context;
    private readonly RootSessionBroker _broker;

    public HardeningAssessor(AwsContext context, RootSessionBroker broker)
    {
        _context = context;
        _broker = broker;
    }

    /// <summary>The organization's id, once the assessment has read it.</summary>
    public string? OrganizationId { get; private set; }

    /// <summary>Runs every control.</summary>
    public async Task<IReadOnlyList<HardeningCheck>> AssessAsync(CancellationToken cancellationToken)
    {
        var checks = new List<HardeningCheck>();
        OrgRootAccessStatus? status = null;
        using (var manager = new OrgRootAccessManager(_context))
        {
            checks.Add(await Guard(Control("P0", "RA-H01", "Centralized root access enabled", Persist,
                "Enable-OrgRootAccess -Force (trusted access for iam.amazonaws.com, RootCredentialsManagement, RootSessions)."), "organizations:DescribeOrganization, ListAWSServiceAccessForOrganization, ListDelegatedAdministrators; iam:ListOrganizationsFeatures", async check =>
            {
                status = await manager.GetStatusAsync(cancellationToken).ConfigureAwait(false);
                OrganizationId = status.OrganizationId;
                var off = new[] { (status.TrustedAccessEnabled, "trusted access for iam.amazonaws.com"), (status.RootCredentialsManagement, "RootCredentialsManagement"), (status.RootSessions, "RootSessions") }.Where(f => !f.Item1).Select(f => f.Item2).ToList();
                check.Status = off.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
                check.Evidence = off.Count == 0 ? $"Organization {status.OrganizationId}: trusted access, RootCredentialsManagement and RootSessions are on." : $"Organization {status.OrganizationId}: off: {string.Join(", ", off)}.";
            }).ConfigureAwait(false));
        }

        checks.Add(Control("P2", "RA-H12", "A delegated administrator for IAM is registered and used for day-to-day work", Foothold,
            "Register a member account as IAM delegated administrator (aws organizations register-delegated-administrator --service-principal iam.amazonaws.com) and run root tasks from there: SCPs apply to it, never to the management account."));
        var delegated = checks[checks.Count - 1];
        if (status is null)
        {
            delegated.Status = CheckStatus.Unknown;
            delegated.Evidence = "Not evaluated: the organization's root access status could not be read (see RA-H01).";
        }
        else
        {
            delegated.Status = status.DelegatedAdministrators.Length > 0 ? CheckStatus.Pass : CheckStatus.Fail;
            delegated.Evidence = status.DelegatedAdministrators.Length > 0 ? $"IAM delegated administrator: {status.DelegatedAdministrators}." : "No delegated administrator is registered for iam.amazonaws.com.";
        }

        var members = new List<OrgAccount>();
        var listed = false;
        checks.Add(await Guard(Control("P1", "RA-H07", "An SCP denies sts:AssumeRoot to every member account", Escalate,
            "Attach an SCP with {\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\"} to the organization's root, so that it reaches every OU and account."), "organizations:ListRoots, ListAccountsForParent, ListOrganizationalUnitsForParent, ListPoliciesForTarget, DescribePolicy", async check =>
        {
            using var directory = new OrganizationDirectory(_context);
            using var organizations = AwsClientFactory.CreateOrganizations(_context);
            // RA-H01 already read the organization; describe it again only if that read was refused.
            var management = status?.ManagementAccountId ?? (await directory.DescribeAsync(cancellationToken).ConfigureAwait(false)).ManagementAccountId;
            foreach (var root in await directory.ListRootIdsAsync(cancellationToken).ConfigureAwait(false))
            {
                await foreach (var account in directory.ListAccountsAsync(new AccountQuery { ParentId = root, Recurse = true }, cancellationToken).ConfigureAwait(false))
                {
                    if (account.AccountId != management)
                    {
                        members.Add(account);
                    }
                }
            }

            listed = true;
            var exposed = new List<string>();
            var documents = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal);
            var levels = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                // SCPs bind level by level: AssumeRoot is denied when any level on the path (root, OUs, account) denies it.
                var path = (member.OuPath ?? string.Empty).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Append(member.AccountId);
                var denied = false;
                foreach (var level in path)
                {
                    if (!levels.TryGetValue(level, out var allows))
                    {
                        var attached = await Pages.AllAsync(t => organizations.ListPoliciesForTargetAsync(level, t, cancellationToken)).ConfigureAwait(false);
                        var docs = new List<PolicyDocument>();
                        foreach (var (id, name) in attached)
                        {
                            if (!documents.TryGetValue(id, out var document))
                            {
                                document = PolicyParser.Parse(await organizations.DescribePolicyContentAsync(id, cancellationToken).ConfigureAwait(false), $"SCP {name} ({id})");
                                documents[id] = document;
                            }

                            docs.Add(document);
                        }

                        allows = docs.Count == 0 || PolicyEvaluator.Evaluate(AssumeRootRules.Request(TaskPolicies.AuditRootUserCredentials, true, 60, "10.20.30.40"), new[] { AllowAll }, docs) == Decision.Allow;
                        levels[level] = allows;
                    }

                    denied |= !allows;
                }

                if (!denied)
                {
                    exposed.Add($"{member.AccountId} ({member.Name}, {member.OuPath})");
                }
            }

            check.Status = exposed.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
            check.Evidence = exposed.Count == 0
                ? $"sts:AssumeRoot is denied on the path of all {members.Count} member accounts ({documents.Count} SCPs read)."
                : $"{exposed.Count} of {members.Count} member accounts can still call sts:AssumeRoot: {string.Join("; ", exposed)}.";
        }).ConfigureAwait(false));

        checks.Add(await Guard(Control("P1", "RA-H09", "Root credentials removed from all member accounts", Persist,
            "Get-OrgAccounts | Get-RootCredentialStatus | Where-Object HasRootCredentials | Remove-RootCredential"), "sts:AssumeRoot (IAMAuditRootUserCredentials)", async check =>
        {
            if (!listed)
            {
                throw new InvalidOperationException("the member accounts could not be listed (see RA-H07)");
            }

            var auditor = new RootCredentialAuditor(_broker);
            var active = members.Where(m => string.Equals(m.State, "ACTIVE", StringComparison.OrdinalIgnoreCase)).ToList();
            var rows = await Task.WhenAll(active.Select(async m =>
            {
                try
                {
                    return await auditor.AuditAccountAsync(new AuditSubject(AccountId.Parse(m.AccountId), m.Name), null, cancellationToken).ConfigureAwait(false);
                }
                catch (AccountStepException ex)
                {
                    return auditor.Unaudited(new AuditSubject(AccountId.Parse(m.AccountId), m.Name), AuditStatus.Failed, ex.Message);
                }
            })).ConfigureAwait(false);
            var holding = rows.Where(r => r.HasRootCredentials == true).Select(r => $"{r.AccountId} ({r.AccountName})").ToList();
            var failed = rows.Where(r => r.Status == AuditStatus.Failed).Select(r => r.AccountId).ToList();
            check.Status = holding.Count > 0 ? CheckStatus.Fail : failed.Count > 0 ? CheckStatus.Unknown : CheckStatus.Pass;
            check.Evidence = $"{rows.Length} active member accounts audited: {holding.Count} with root credentials{(holding.Count > 0 ? ": " + string.Join("; ", holding) : string.Empty)}{(failed.Count > 0 ? $"; {failed.Count} could not be audited: {string.Join(", ", failed)}" : string.Empty)}.";
        }).ConfigureAwait(false));

        return checks;
    }

    private static readonly PolicyDocument AllowAll = PolicyParser.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}", "identity");

    private static HardeningCheck Control(string priority, string id, string title, string link, string remediation)
        => new() { Priority = priority, ControlId = id, Title = title, KillChainLink = link, Remediation = remediation };

    // A read the caller may not make (or that fails) makes the control Unknown, naming the permissions it needs.
    private static async Task<HardeningCheck> Guard(HardeningCheck check, string needs, Func<HardeningCheck, Task> evaluate)
    {
        try
        {
            await evaluate(check).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) || ex is InvalidOperationException || ex is PolicyParseException)
        {
            check.Status = CheckStatus.Unknown;
            check.Evidence = $"Not evaluated: {ex.Message} (needs {needs}).";
        }

        return check;
    }
}
