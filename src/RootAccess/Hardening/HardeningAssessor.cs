using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Fanout;
using RootAccess.Policy;
using RootAccess.Root;

namespace RootAccess.Hardening;

/// <summary>
/// The hardening guide's controls checked against the live organization, read-only (the only root sessions are audit
/// ones, for the root-credentials control). A read the caller may not make turns its control Unknown, naming the read;
/// the other controls are still evaluated. The management account's IAM is judged by <see cref="ManagementAccountControls"/>.
/// </summary>
public sealed class HardeningAssessor
{
    private static readonly string Foothold = HardeningReport.KillChain[0];
    private static readonly string Escalate = HardeningReport.KillChain[1];
    private static readonly string Persist = HardeningReport.KillChain[2];
    private static readonly string CoverTracks = HardeningReport.KillChain[3];

    /// <summary>The events the guide rates Critical (and AssumeRoot itself), as CloudTrail delivers them to EventBridge.</summary>
    private static readonly (string Source, string EventSource, string EventName)[] AlertedEvents =
    {
        ("aws.sts", "sts.amazonaws.com", "AssumeRoot"),
        ("aws.iam", "iam.amazonaws.com", "PutRolePolicy"),
        ("aws.iam", "iam.amazonaws.com", "AttachRolePolicy"),
        ("aws.iam", "iam.amazonaws.com", "CreateUser"),
        ("aws.iam", "iam.amazonaws.com", "UpdateAssumeRolePolicy"),
        ("aws.cloudtrail", "cloudtrail.amazonaws.com", "StopLogging"),
        ("aws.cloudtrail", "cloudtrail.amazonaws.com", "DeleteTrail"),
        ("aws.cloudtrail", "cloudtrail.amazonaws.com", "UpdateTrail"),
    };

    private readonly AwsContext _context;
    private readonly RootSessionBroker _broker;
    private readonly BreakGlass _breakGlass;
    private readonly AwsContext? _logArchive;

    public HardeningAssessor(AwsContext context, RootSessionBroker broker, IEnumerable<string>? breakGlassPrincipals = null, AwsContext? logArchive = null)
    {
        _context = context;
        _broker = broker;
        _breakGlass = new BreakGlass(breakGlassPrincipals);
        _logArchive = logArchive;
    }

    /// <summary>The organization's id, once the assessment has read it.</summary>
    public string? OrganizationId { get; private set; }

    /// <summary>How many reads <see cref="Step"/> announces in one assessment.</summary>
    public const int Steps = 7;

    /// <summary>Told what is read next (from any thread), for progress.</summary>
    public Action<string>? Step { get; set; }

    /// <summary>Runs every control.</summary>
    public async Task<IReadOnlyList<HardeningCheck>> AssessAsync(CancellationToken cancellationToken)
    {
        var checks = new List<HardeningCheck>();
        OrgRootAccessStatus? status = null;
        Step?.Invoke("Reading the organization's root access status");
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
        string? management = status?.ManagementAccountId;
        Step?.Invoke("Listing the member accounts and the SCPs on their OU paths");
        checks.Add(await Guard(Control("P1", "RA-H07", "An SCP denies sts:AssumeRoot to every member account", Escalate,
            "Attach an SCP with {\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\"} to the organization's root, so that it reaches every OU and account."), "organizations:ListRoots, ListAccountsForParent, ListOrganizationalUnitsForParent, ListPoliciesForTarget, DescribePolicy", async check =>
        {
            using var directory = new OrganizationDirectory(_context);
            // RA-H01 already read the organization; describe it again only if that read was refused.
            management ??= (await directory.DescribeAsync(cancellationToken).ConfigureAwait(false)).ManagementAccountId;
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
            await ServiceControlPoliciesAsync(check, members, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false));

        Step?.Invoke($"Auditing the root credentials of {members.Count} member accounts");
        IReadOnlyList<RootCredentialStatus>? audit = null;
        checks.Add(await Guard(Control("P1", "RA-H09", "Root credentials removed from all member accounts", Persist,
            "Get-OrgAccounts | Get-RootCredentialStatus | Where-Object HasRootCredentials | Remove-RootCredential"), "sts:AssumeRoot (IAMAuditRootUserCredentials)", async check =>
        {
            if (!listed)
            {
                throw new InvalidOperationException("the member accounts could not be listed (see RA-H07)");
            }

            audit = await AuditAsync(members, cancellationToken).ConfigureAwait(false);
            var holding = audit.Where(r => r.HasRootCredentials == true).Select(r => $"{r.AccountId} ({r.AccountName})").ToList();
            var failed = audit.Where(r => r.Status == AuditStatus.Failed).Select(r => r.AccountId).ToList();
            check.Status = holding.Count > 0 ? CheckStatus.Fail : failed.Count > 0 ? CheckStatus.Unknown : CheckStatus.Pass;
            check.Evidence = $"{audit.Count} active member accounts audited: {holding.Count} with root credentials{(holding.Count > 0 ? ": " + string.Join("; ", holding) : string.Empty)}{(failed.Count > 0 ? $"; {failed.Count} could not be audited: {string.Join(", ", failed)}" : string.Empty)}.";
        }).ConfigureAwait(false));

        Step?.Invoke("Reading 90 days of AssumeRoot events");
        checks.Add(await Guard(Control("P1", "RA-H15", "No recovery password left behind in a member account", Persist,
            "Remove the password an IAMCreateRootUserPassword session created once its recovery is done: Remove-RootCredential -AccountId <id> -Force (its IAMDeleteRootUserCredentials session deletes the login profile)."), "cloudtrail:LookupEvents and the RA-H09 audit", async check =>
        {
            if (audit is null)
            {
                throw new InvalidOperationException("the member accounts could not be audited (see RA-H09)");
            }

            await RecoveryPasswordsAsync(check, audit, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false));

        Step?.Invoke("Reading the management account's IAM users, roles and policies");
        await ManagementAccountAsync(checks, management, cancellationToken).ConfigureAwait(false);

        Step?.Invoke("Reading the EventBridge rules and their targets");
        checks.Add(await Guard(Control("P0", "RA-H05", "Real-time alerting on AssumeRoot and the guide's other Critical events", CoverTracks,
            "Create an EventBridge rule on the management account's default bus in us-east-1 (where CloudTrail delivers IAM and STS global events) matching {\"source\":[\"aws.sts\",\"aws.iam\",\"aws.cloudtrail\"],\"detail\":{\"eventName\":[\"AssumeRoot\",\"PutRolePolicy\",\"AttachRolePolicy\",\"CreateUser\",\"UpdateAssumeRolePolicy\",\"StopLogging\",\"DeleteTrail\",\"UpdateTrail\"]}} with an SNS or incident target."), "events:ListRules, events:ListTargetsByRule", async check =>
        {
            using var events = AwsClientFactory.CreateEventBridge(_context);
            var rules = await events.ListRulesWithTargetsAsync(cancellationToken).ConfigureAwait(false);
            var live = rules.Where(r => r.State == "ENABLED" && r.Targets.Count > 0 && r.EventPattern is not null).ToList();
            // Each live rule against each event once.
            var matched = live.Select(r => (Rule: r, Events: AlertedEvents.Where(e => EventPattern.Matches(r.EventPattern!, SampleEvent(e))).Select(e => e.EventName).ToList())).ToList();
            var uncovered = AlertedEvents.Select(e => e.EventName).Where(name => !matched.Any(m => m.Events.Contains(name))).ToList();
            var covering = matched.Where(m => m.Events.Count > 0).Select(m => $"{m.Rule.Name} -> {string.Join(", ", m.Rule.Targets)}").ToList();
            check.Status = uncovered.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
            check.Evidence = $"{rules.Count} EventBridge rules in {_context.Region.SystemName} ({live.Count} enabled with a target){(covering.Count > 0 ? "; alerting: " + string.Join("; ", covering) : string.Empty)}. "
                + (uncovered.Count == 0 ? $"Every one of {string.Join(", ", AlertedEvents.Select(e => e.EventName))} reaches a target." : $"No enabled rule with a target matches: {string.Join(", ", uncovered)}.");
        }).ConfigureAwait(false));

        Step?.Invoke("Reading the organization trail and its bucket's Object Lock");
        checks.Add(await Guard(Control("P0", "RA-H06", "Immutable organization trail in a separate log archive account", CoverTracks,
            "Create an organization trail (multi-region, logging management write events) delivering to a bucket in the log archive account created with S3 Object Lock and a COMPLIANCE default retention."), "cloudtrail:DescribeTrails, GetTrailStatus, GetEventSelectors; s3:ListAllMyBuckets; s3:GetBucketObjectLockConfiguration in the log archive account (-LogArchiveCredential or -LogArchiveProfileName)", async check =>
        {
            await TrailAsync(check, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false));

        return checks;
    }

    // SCPs bind level by level: AssumeRoot is denied when any level on the path (root, OUs, account) denies it.
    private async Task ServiceControlPoliciesAsync(HardeningCheck check, IReadOnlyList<OrgAccount> members, CancellationToken cancellationToken)
    {
        using var organizations = AwsClientFactory.CreateOrganizations(_context);
        var exposed = new List<string>();
        var documents = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal);
        var levels = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var member in members)
        {
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

        // The guide's trap: a root-user deny that also blocks root sessions (RA010) breaks unlocks and credential removal.
        var traps = AssumeRootRules.Analyze(documents.Values.ToList(), PolicyType.ServiceControl).Where(f => f.RuleId == "RA010").Select(f => $"{f.Source} {f.StatementSid}".Trim()).Distinct().ToList();
        check.Status = exposed.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
        check.Evidence = (exposed.Count == 0
            ? $"sts:AssumeRoot is denied on the path of all {members.Count} member accounts ({documents.Count} SCPs read)."
            : $"{exposed.Count} of {members.Count} member accounts can still call sts:AssumeRoot: {string.Join("; ", exposed)}.")
            + (traps.Count == 0 ? string.Empty : $" RA010: {string.Join("; ", traps)} denies the root user without exempting root sessions (add \"Null\": {{\"aws:AssumedRoot\": \"true\"}}), so root-session unlocks and credential removal fail there.");
    }

    // The audit of every member through the fan-out engine, as Get-RootCredentialStatus runs it: adaptive concurrency
    // (slow start, halved on throttling) rather than one AssumeRoot per account all at once, and every account reported.
    private Task<IReadOnlyList<RootCredentialStatus>> AuditAsync(IReadOnlyList<OrgAccount> members, CancellationToken cancellationToken)
        => Task.Run<IReadOnlyList<RootCredentialStatus>>(() =>
        {
            var auditor = new RootCredentialAuditor(_broker);
            var rows = new List<RootCredentialStatus>();
            void Collect(FanoutResult<AuditSubject, RootCredentialStatus> result)
                => rows.Add(result.Output ?? auditor.Unaudited(result.Input, AuditStatus.Failed, result.Error?.Message ?? "the audit failed"));

            using var engine = new FanoutEngine<AuditSubject, RootCredentialStatus>((subject, ct) => auditor.AuditAccountAsync(subject, null, ct), new FanoutOptions { Adaptive = true }, cancellationToken);
            foreach (var member in members.Where(m => string.Equals(m.State, "ACTIVE", StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var result in engine.Post(new AuditSubject(AccountId.Parse(member.AccountId), member.Name)))
                {
                    Collect(result);
                }
            }

            foreach (var result in engine.Complete())
            {
                Collect(result);
            }

            return rows;
        }, cancellationToken);

    // A member whose root password was created in an IAMCreateRootUserPassword session (CloudTrail, 90 days of event
    // history) and still has one: the recovery door the guide's persistence link walks through.
    private async Task RecoveryPasswordsAsync(HardeningCheck check, IReadOnlyList<RootCredentialStatus> audit, CancellationToken cancellationToken)
    {
        using var lookup = new AssumeRootEventLookup(_context);
        var recovered = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        await foreach (var e in lookup.LookupAsync(DateTime.UtcNow.AddDays(-90), null, new EventExpectations(), cancellationToken).ConfigureAwait(false))
        {
            if (e.TaskPolicy == TaskPolicies.CreateRootUserPassword && e.ErrorCode.Length == 0 && (!recovered.TryGetValue(e.TargetAccountId, out var last) || e.EventTime > last))
            {
                recovered[e.TargetAccountId] = e.EventTime;
            }
        }

        var left = audit.Where(r => r.PasswordPresent == true && recovered.ContainsKey(r.AccountId))
            .Select(r => $"{r.AccountId} ({r.AccountName}; IAMCreateRootUserPassword session {Timestamps.Iso(recovered[r.AccountId])}, password created {(r.PasswordCreated is { } created ? Timestamps.Iso(created.UtcDateTime) : "at an unknown time")})").ToList();
        check.Status = left.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
        check.Evidence = left.Count == 0
            ? $"{recovered.Count} member accounts had an IAMCreateRootUserPassword session in the last 90 days; none still has a root password."
            : $"{left.Count} member account(s) still have the root password a recovery session created: {string.Join("; ", left)}.";
    }

    // The controls judged on the management account's own IAM; from the delegated administrator they cannot be seen.
    private async Task ManagementAccountAsync(List<HardeningCheck> checks, string? management, CancellationToken cancellationToken)
    {
        var users = Control("P0", "RA-H02", "No IAM users and no long-lived access keys in the management account", Foothold,
            "Delete the management account's IAM users and their access keys; people sign in through IAM Identity Center and automation uses roles. Move workloads out of the management account (not checked here: EC2, Lambda and other services are beyond IAM).");
        var password = Control("P0", "RA-H03", "IAMCreateRootUserPassword reachable only by break-glass principals, with MFA and a source-IP condition", Persist,
            "Remove sts:AssumeRoot with IAMCreateRootUserPassword (and any wildcard or set of task policies that includes it) from every other principal; give the break-glass role a Bool aws:MultiFactorAuthPresent and an IpAddress aws:SourceIp condition; name it with -BreakGlassPrincipal.");
        var scoped = Control("P0", "RA-H04", "Every principal that can reach sts:AssumeRoot is scoped by target account and task policy", Escalate,
            "Grant sts:AssumeRoot only on named member roots (Resource arn:aws:iam::ACCOUNT:root) with a StringEquals sts:TaskPolicyArn condition naming the task policies; remove Action * and sts:* grants.");
        var mfa = Control("P1", "RA-H08", "MFA required for every sts:AssumeRoot path", Escalate,
            "Add \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"} to every Allow of sts:AssumeRoot (or a Deny with BoolIfExists aws:MultiFactorAuthPresent false).");
        var writes = Control("P1", "RA-H10", "IAM write actions in the management account denied except to break-glass", Escalate,
            "Remove the root-equivalent IAM writes (iam:CreateRole, Put/AttachRolePolicy, CreateUser, Put/AttachUserPolicy, CreatePolicyVersion, SetDefaultPolicyVersion, PassRole, UpdateAssumeRolePolicy) from every principal but the break-glass role.");
        var tampering = Control("P1", "RA-H11", "CloudTrail tampering reachable only by break-glass", CoverTracks,
            "Remove cloudtrail:StopLogging, DeleteTrail, UpdateTrail and PutEventSelectors from every principal of the management account but the break-glass role.");
        var ip = Control("P2", "RA-H13", "sts:AssumeRoot restricted to known admin networks", Escalate,
            "Add an IpAddress aws:SourceIp condition with the admin networks' CIDRs to every Allow of sts:AssumeRoot.");
        var trust = Control("P2", "RA-H14", "No role in the management account trusted by another account", Foothold,
            "Remove other accounts' principals from the management account's role trust policies (member-to-management chains); audit them quarterly.");
        var judged = new[] { password, scoped, mfa, writes, tampering, ip, trust };
        checks.Add(users);
        checks.AddRange(judged);

        string caller;
        try
        {
            caller = await AccountOfAsync(_context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            foreach (var check in judged.Append(users))
            {
                Unknown(check, $"the caller's account could not be read ({ex.Message})", "sts:GetCallerIdentity");
            }

            return;
        }

        if (management is not null && caller != management)
        {
            foreach (var check in judged.Append(users))
            {
                check.Status = CheckStatus.Unknown;
                check.Evidence = $"Not evaluated: this run is from account {caller}, not the management account {management}; its IAM can be read only from there (run Test-RootAccessHardening with management-account credentials).";
            }

            return;
        }

        using var iam = AwsClientFactory.CreateIam(_context);
        await Guard(users, "iam:ListUsers, iam:ListAccessKeys", async check =>
        {
            var listed = await iam.ListUsersAsync(cancellationToken).ConfigureAwait(false);
            var described = new List<string>();
            var keys = 0;
            foreach (var user in listed)
            {
                var active = (await iam.ListAccessKeysAsync(cancellationToken, user.UserName).ConfigureAwait(false)).Where(k => k.IsActive).ToList();
                keys += active.Count;
                described.Add(active.Count == 0 ? user.UserName : $"{user.UserName} ({active.Count} active access key{(active.Count == 1 ? string.Empty : "s")}: {string.Join(", ", active.Select(k => k.AccessKeyId))})");
            }

            check.Status = listed.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
            check.Evidence = (listed.Count == 0 ? $"Management account {caller} has no IAM users, so no long-lived access keys." : $"Management account {caller} has {listed.Count} IAM user(s) and {keys} active access key(s): {string.Join("; ", described)}.")
                + " Workloads beyond IAM are out of scope for this check.";
        }).ConfigureAwait(false);

        IReadOnlyList<IamPrincipal>? principals = null;
        try
        {
            principals = AssumeRootReachability.Principals(await iam.GetAccountAuthorizationDetailsAsync(cancellationToken).ConfigureAwait(false), $"account {caller} authorization details");
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) || ex is PolicyParseException)
        {
            foreach (var check in judged)
            {
                Unknown(check, ex.Message, "iam:GetAccountAuthorizationDetails");
            }

            return;
        }

        var controls = new ManagementAccountControls(principals, _breakGlass, caller);
        controls.CreateRootUserPassword(password);
        controls.Scoped(scoped);
        controls.MfaRequired(mfa);
        controls.IamWritesDenied(writes);
        controls.TrailTamperingDenied(tampering);
        controls.IpRestricted(ip);
        controls.NoCrossAccountTrust(trust);
    }

    private async Task TrailAsync(HardeningCheck check, CancellationToken cancellationToken)
    {
        using var cloudTrail = AwsClientFactory.CreateCloudTrail(_context);
        var trails = await cloudTrail.DescribeTrailsAsync(cancellationToken).ConfigureAwait(false);
        var organizationTrails = trails.Where(t => t.IsOrganizationTrail).ToList();
        if (organizationTrails.Count == 0)
        {
            check.Status = CheckStatus.Fail;
            check.Evidence = $"No organization trail: {(trails.Count == 0 ? "no trail at all" : "trails " + string.Join(", ", trails.Select(t => t.Name)) + " log this account only")} in {_context.Region.SystemName}.";
            return;
        }

        using var s3 = AwsClientFactory.CreateS3(_context);
        var own = new HashSet<string>((await s3.ListBucketsAsync(cancellationToken).ConfigureAwait(false)).Buckets?.Select(b => b.BucketName) ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
        string? archiveAccount = null;
        string? archiveProblem = null;
        if (_logArchive is null)
        {
            archiveProblem = "Object Lock not read: pass -LogArchiveCredential or -LogArchiveProfileName for the log archive account";
        }
        else
        {
            try
            {
                archiveAccount = await AccountOfAsync(_logArchive, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
            {
                archiveProblem = $"the log archive credentials do not work ({ex.Message})";
            }
        }

        var verdicts = new List<(bool? Good, string Text)>();
        foreach (var trail in organizationTrails)
        {
            var faults = new List<string>();
            var unknown = new List<string>();
            if (!trail.IsMultiRegion)
            {
                faults.Add("single-region");
            }

            if (!await cloudTrail.IsLoggingAsync(trail.Arn, cancellationToken).ConfigureAwait(false))
            {
                faults.Add("logging is stopped");
            }

            if (!await cloudTrail.LogsManagementWritesAsync(trail.Arn, cancellationToken).ConfigureAwait(false))
            {
                faults.Add("management write events are not selected");
            }

            var bucket = trail.BucketName ?? string.Empty;
            if (own.Contains(bucket))
            {
                faults.Add($"bucket {bucket} is in the management account");
            }
            else if (archiveAccount is null)
            {
                unknown.Add($"bucket {bucket}: {archiveProblem}");
            }
            else
            {
                using var archive = AwsClientFactory.CreateS3(_logArchive!);
                try
                {
                    var configuration = (await archive.GetObjectLockConfigurationAsync(new Amazon.S3.Model.GetObjectLockConfigurationRequest { BucketName = bucket, ExpectedBucketOwner = archiveAccount }, cancellationToken).ConfigureAwait(false)).ObjectLockConfiguration;
                    var retention = configuration?.Rule?.DefaultRetention;
                    var mode = retention?.Mode?.Value;
                    if (configuration?.ObjectLockEnabled?.Value != "Enabled" || retention is null)
                    {
                        faults.Add($"bucket {bucket} (log archive {archiveAccount}) has Object Lock without a default retention");
                    }
                    else if (mode != "COMPLIANCE")
                    {
                        faults.Add($"bucket {bucket} retains in {mode} mode, which s3:BypassGovernanceRetention can override");
                    }
                }
                catch (Amazon.S3.AmazonS3Exception ex) when (ex.ErrorCode == "ObjectLockConfigurationNotFoundError")
                {
                    faults.Add($"bucket {bucket} (log archive {archiveAccount}) has no Object Lock");
                }
                catch (Amazon.S3.AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
                {
                    unknown.Add($"bucket {bucket}: the log archive account {archiveAccount} may not read its Object Lock configuration or does not own it (needs s3:GetBucketObjectLockConfiguration)");
                }
            }

            var name = $"{trail.Name} ({trail.HomeRegion}, bucket {bucket})";
            verdicts.Add(faults.Count > 0 ? (false, $"{name}: {string.Join(", ", faults.Concat(unknown))}")
                : unknown.Count > 0 ? (null, $"{name}: {string.Join(", ", unknown)}")
                : (true, $"{name}: multi-region, logging, management writes selected, bucket in log archive account {archiveAccount} with COMPLIANCE Object Lock"));
        }

        // One good organization trail suffices.
        check.Status = verdicts.Any(v => v.Good == true) ? CheckStatus.Pass : verdicts.Any(v => v.Good is null) ? CheckStatus.Unknown : CheckStatus.Fail;
        check.Evidence = string.Join("; ", verdicts.Select(v => v.Text)) + ".";
    }

    private static async Task<string> AccountOfAsync(AwsContext context, CancellationToken cancellationToken)
    {
        using var sts = AwsClientFactory.CreateSts(context);
        return (await sts.GetCallerIdentityAsync(new Amazon.SecurityToken.Model.GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false)).Account;
    }

    private static string SampleEvent((string Source, string EventSource, string EventName) e)
        => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["source"] = e.Source,
            ["detail-type"] = "AWS API Call via CloudTrail",
            ["detail"] = new Dictionary<string, object> { ["eventSource"] = e.EventSource, ["eventName"] = e.EventName },
        });

    private static void Unknown(HardeningCheck check, string why, string needs)
    {
        check.Status = CheckStatus.Unknown;
        check.Evidence = $"Not evaluated: {why} (needs {needs}).";
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
            Unknown(check, ex.Message, needs);
        }

        return check;
    }
}
