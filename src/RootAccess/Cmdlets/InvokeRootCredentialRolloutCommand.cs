using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Removes root credentials across the organization (or an OU, or the accounts piped in) as one rollout: planned,
/// in waves, each account audited before, removed and audited after, every step recorded in -StatePath so a run that
/// stops anywhere resumes without repeating a removal.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RootCredentialRollout", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = OrganizationSet)]
[OutputType(typeof(RolloutAccountStatus))]
public sealed class InvokeRootCredentialRolloutCommand : AwsCmdlet
{
    public const string OrganizationSet = "Organization";
    public const string OuSet = "OrganizationalUnit";
    public const string AccountSet = "Account";

    private readonly List<RolloutCandidate> _piped = new();

    /// <summary>The rollout's state: a file, or s3://bucket/key. Rerunning with the same one resumes the rollout.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string StatePath { get; set; } = string.Empty;

    /// <summary>Only the accounts under this OU (and its child OUs), or under this root.</summary>
    [Parameter(ParameterSetName = OuSet, Mandatory = true)]
    [Alias("OuId", "ParentId")]
    [ValidateParentId]
    public string? OrganizationalUnitId { get; set; }

    /// <summary>Only these accounts (piped from Get-OrgAccount or Get-RootCredentialStatus, or given as ids).</summary>
    [Parameter(ParameterSetName = AccountSet, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ArgumentCompleter(typeof(AccountIdCompleter))]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId[] AccountId { get; set; } = new AccountId[0];

    /// <summary>Accounts to leave out, recorded as Excluded with -ExcludeReason (break-glass accounts kept on purpose).</summary>
    [Parameter]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId[] ExcludeAccountId { get; set; } = new AccountId[0];

    /// <summary>Why the -ExcludeAccountId accounts are left out; kept in the state and the evidence.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string ExcludeReason { get; set; } = "Excluded by -ExcludeAccountId.";

    /// <summary>Which credentials to remove (default: all four kinds).</summary>
    [Parameter]
    [CredentialTypeTransformation]
    public RootCredentialType[] CredentialType { get; set; } = RootCredentialRemover.AllTypes.ToArray();

    /// <summary>Deactivate MFA even when the root password stays (by default MFA is kept while a password remains).</summary>
    [Parameter]
    public SwitchParameter AllowPasswordWithoutMfa { get; set; }

    /// <summary>Accounts per wave (default 25). Each wave is audited, removed and audited again before the next starts.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int WaveSize { get; set; } = 25;

    /// <summary>One wave per OU instead of waves of -WaveSize.</summary>
    [Parameter]
    public SwitchParameter WavePerOu { get; set; }

    /// <summary>Stop before the next wave when more than this percentage of a wave's accounts failed (default 10, as an SSM error threshold).</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public double MaxFailurePercent { get; set; } = 10;

    /// <summary>Stop cleanly between accounts before this much time has passed (for runbooks with a job time limit); rerun to resume.</summary>
    [Parameter]
    public TimeSpan? TimeLimit { get; set; }

    /// <summary>How many accounts of a wave run at once (default 8); the state is written after each step of each.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>Only resume: refuse, instead of planning a new rollout, when -StatePath holds no state (a mistyped path).</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Plan the accounts that failed in earlier runs again.</summary>
    [Parameter]
    public SwitchParameter RetryFailed { get; set; }

    /// <summary>A change reference (a ticket id) recorded in the state and the evidence.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ChangeReference { get; set; }

    /// <summary>When a run completes the rollout, write its evidence pack here (a new folder or s3://bucket/prefix/), as Export-RootAccessEvidence does.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EvidencePath { get; set; }

    /// <summary>Remove without asking for confirmation per wave (-WhatIf still only previews).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The account's state, bound from a piped row; the organization's current state wins.</summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? State { get; set; }

    /// <summary>The account's name, bound from a piped row.</summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
    [Alias("AccountName")]
    public string? Name { get; set; }

    /// <summary>The account's OU path in ids, bound from a piped row (-WavePerOu groups by it).</summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? OuPath { get; set; }

    /// <summary>The account's OU path in names, bound from a piped row.</summary>
    [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? OuNames { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var account in AccountId)
        {
            _piped.Add(new RolloutCandidate { AccountId = account.Value, Name = Name, State = State, OuPath = OuPath, OuNames = OuNames });
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            Run();
        }
        catch (RolloutStateException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ex.ErrorId == ErrorIds.RolloutStateInUse ? ErrorCategory.ResourceBusy : ErrorCategory.InvalidData, StatePath)
            {
                ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Check -StatePath, or start a new rollout with a new -StatePath." },
            });
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) || ex is AccountStepException)
        {
            // An AWS failure that stops the whole run (the organization cannot be listed, the endpoint is gone): every step
            // done so far is in the state, and a rerun resumes there.
            ThrowTerminatingError(AwsErrorRecord(ex is AccountStepException step ? step.InnerException ?? ex : ex, ErrorIds.RolloutStopped, StatePath, "The rollout stopped (every step done so far is in -StatePath; rerun to resume)"));
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private void Run()
    {
        using var store = RolloutStore.Parse(LocalOrS3(StatePath), () => Context);
        var evidence = EvidencePath is null ? null : BackupLocation.Parse(LocalOrS3(EvidencePath), () => Context);
        var (document, tag) = RolloutRun.Load(store);
        if (document is null && Resume.IsPresent)
        {
            throw new RolloutStateException(ErrorIds.RolloutStateNotFound, $"No rollout state at '{store.Where}', and -Resume was given, so no new rollout is planned. Check the path (and the current location), or leave out -Resume to start one.");
        }

        var preflight = Await(ct => RootAccessPreflight.RunAsync(Context, TaskPolicies.DeleteRootUserCredentials, ct));
        if (preflight.NotEnabled is { } notEnabled)
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(notEnabled), ErrorIds.RootAccessNotEnabled, ErrorCategory.InvalidOperation, null) { ErrorDetails = new ErrorDetails(notEnabled) });
        }

        using var directory = new OrganizationDirectory(Context);
        var organization = Await(directory.DescribeAsync);
        var members = new Dictionary<string, RolloutCandidate>(StringComparer.Ordinal);
        ForEach(directory.ListAccountsAsync(new AccountQuery()), a => members[a.AccountId] = Candidate(a));
        var excluded = ExcludeAccountId.ToDictionary(a => a.Value, _ => ExcludeReason, StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        var fresh = document is null;
        var options = new RolloutPlanOptions
        {
            CredentialTypes = CredentialType.Distinct().ToArray(),
            AllowPasswordWithoutMfa = AllowPasswordWithoutMfa.IsPresent,
            Excluded = excluded,
            WaveSize = WaveSize,
            WavePerOu = WavePerOu.IsPresent,
            Scope = OrganizationalUnitId ?? (ParameterSetName == AccountSet ? "accounts" : "organization"),
            ChangeReference = ChangeReference,
        };
        if (document is null)
        {
            document = RootCredentialRollout.Plan(Candidates(directory, members), organization, options, now);
            WriteVerbose($"New rollout {document.RolloutId}: {document.Accounts.Count} accounts, {document.WaveCount} waves, state at {store.Where}.");
        }
        else
        {
            RolloutRun.EnsureOrganization(document, organization.Id, store.Where);
            var piped = ParameterSetName == AccountSet ? _piped.Select(p => p.AccountId).Distinct().ToList() : null;
            if (RootCredentialRollout.PlanMismatch(document, options, MyInvocation.BoundParameters.Keys.ToList(), piped) is { } mismatch)
            {
                throw new RolloutStateException(ErrorIds.RolloutPlanMismatch, $"The rollout at '{store.Where}' was planned differently: this run was given {mismatch}. A resume keeps its plan; pass the same parameters (or none), or a new -StatePath for a new rollout.");
            }

            WriteVerbose($"Resuming rollout {document.RolloutId} from {store.Where}; its plan (scope, waves, credential kinds) comes from the state.");
            foreach (var change in RootCredentialRollout.Refresh(document, members, excluded, RetryFailed.IsPresent, now))
            {
                WriteVerbose(change);
            }
        }

        if (IsWhatIf)
        {
            RolloutRun.EnsureOrganization(document, organization.Id, store.Where);
            Preview(document);
            return;
        }

        var wasComplete = document.IsComplete;
        var run = RolloutRun.Begin(store, document, tag, organization.Id);
        string? stoppedBecause = "The run was stopped (Ctrl+C, the host, or an error) part-way; rerun with the same -StatePath to resume.";
        var ended = false;
        try
        {
            if (fresh)
            {
                foreach (var record in document.Accounts.Where(a => a.IsFinal))
                {
                    WriteObject(RolloutAccountStatus.Of(document, record));
                }
            }

            stoppedBecause = RunWaves(run);
            run.End(stoppedBecause);
            ended = true;
            WriteEvidence(document, wasComplete, evidence);
        }
        finally
        {
            if (!ended)
            {
                // Already failing (a stop, a failed write): record the stop if the store still takes it, else keep the first error.
                try
                {
                    run.End(stoppedBecause);
                }
                catch (RolloutStateException)
                {
                }
            }
        }
    }

    // Returns why the run stopped before the end, or null when every wave it could start was done.
    private string? RunWaves(RolloutRun run)
    {
        var document = run.Document;
        var rollout = new RootCredentialRollout(Broker);
        var clock = Stopwatch.StartNew();
        long longest = 0; // the longest account so far (ticks), kept in reserve under -TimeLimit
        var total = document.Accounts.Count(a => a.Wave > 0);
        var done = document.Accounts.Count(a => a.Wave > 0 && a.IsFinal);
        for (var wave = 1; wave <= document.WaveCount; wave++)
        {
            var todo = document.Accounts.Where(a => a.Wave == wave && !a.IsFinal).ToList();
            if (todo.Count > 0)
            {
                var kinds = string.Join(", ", document.CredentialTypes);
                var ids = string.Join(", ", todo.Take(10).Select(a => a.AccountId)) + (todo.Count > 10 ? $" and {todo.Count - 10} more" : string.Empty);
                if (Ask($"Remove the root credentials ({kinds}) of the {todo.Count} accounts of wave {wave} of {document.WaveCount}: {ids}", "Root credential rollout", Force.IsPresent) != Consent.Proceed)
                {
                    return $"Wave {wave} was declined at the confirmation prompt; nothing in it was touched.";
                }
            }

            var timedOut = false;
            bool MayStart()
            {
                timedOut = TimeLimit is { } limit && clock.Elapsed + TimeSpan.FromTicks(Interlocked.Read(ref longest)) >= limit;
                return !timedOut;
            }

            ForEach(rollout.RunWaveAsync(run, todo, ThrottleLimit, MayStart, Cancellation), record =>
            {
                var took = DateTimeOffset.UtcNow - (record.StartedAt ?? DateTimeOffset.UtcNow);
                if (took.Ticks > Interlocked.Read(ref longest) && record.Attempts == 1)
                {
                    Interlocked.Exchange(ref longest, took.Ticks);
                }

                done++;
                WriteProgress(new ProgressRecord(1, "Root credential rollout", $"Wave {wave} of {document.WaveCount}: {record.AccountId} {record.State}")
                {
                    PercentComplete = total == 0 ? 0 : Math.Min(100, 100 * done / total),
                });
                WriteObject(RolloutAccountStatus.Of(document, record));
                if (record.State == RolloutAccountState.Failed)
                {
                    WriteError(new ErrorRecord(new InvalidOperationException(record.Reason), ErrorIds.RolloutAccountFailed, ErrorCategory.InvalidOperation, record.AccountId)
                    {
                        ErrorDetails = new ErrorDetails($"Account {record.AccountId} failed ({record.ErrorId}): {record.Reason}") { RecommendedAction = "Fix the cause, then rerun with the same -StatePath and -RetryFailed." },
                    });
                }
            });

            if (timedOut)
            {
                var left = document.Accounts.Count(a => !a.IsFinal);
                WriteWarning($"Stopped at -TimeLimit {TimeLimit} with {left} accounts to go; the state is saved. Rerun with the same -StatePath to resume.");
                return $"-TimeLimit {TimeLimit} reached with {left} accounts to go.";
            }

            if (RootCredentialRollout.Halt(document, wave, MaxFailurePercent) is { } halted)
            {
                WriteError(new ErrorRecord(new InvalidOperationException(halted), ErrorIds.RolloutHalted, ErrorCategory.LimitsExceeded, StatePath)
                {
                    ErrorDetails = new ErrorDetails(halted) { RecommendedAction = "Rerun with -RetryFailed once the cause is fixed, or raise -MaxFailurePercent." },
                });
                return halted;
            }
        }

        WriteProgress(new ProgressRecord(1, "Root credential rollout", "Done") { RecordType = ProgressRecordType.Completed });
        return null;
    }

    private void WriteEvidence(RolloutDocument document, bool wasComplete, BackupLocation? location)
    {
        if (location is null)
        {
            return;
        }

        if (!document.IsComplete)
        {
            WriteWarning($"The evidence pack was not written: the rollout is not complete ({document.StoppedBecause}). The run that completes it writes it, or run Export-RootAccessEvidence.");
            return;
        }

        try
        {
            if (wasComplete && location.List().Contains(Evidence.EvidenceManifest.FileName))
            {
                // A rerun of a finished rollout (a runbook's schedule): the pack the completing run wrote stands, if it is
                // this rollout's. Another rollout's pack (a reused -EvidencePath) or a changed manifest is no evidence of it.
                var manifest = Evidence.EvidencePack.ReadManifest(location.Load(location.PathOf(Evidence.EvidenceManifest.FileName)));
                if (manifest is null || manifest.RolloutId != document.RolloutId)
                {
                    var held = manifest is null ? "a manifest that is not as RootAccess wrote it" : $"the evidence of another rollout ({manifest.RolloutId})";
                    throw new Evidence.EvidenceException(ErrorIds.EvidenceWriteFailed, Text.Format(Messages.EvidenceOfAnotherRollout, location.Where, held, document.RolloutId));
                }

                WriteVerbose($"The rollout was already complete and {location.Where} holds its pack; nothing written.");
                return;
            }

            var inputs = Await(ct => new Evidence.EvidenceExporter(Context, Broker).GatherAsync(document, true, ct));
            var written = Evidence.EvidenceExporter.Write(location, inputs);
            WriteVerbose($"Evidence pack written to {written.Path}: {written.Files} files, manifest SHA-256 {written.ManifestSha256}.");
        }
        catch (Evidence.EvidenceException ex)
        {
            WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.WriteError, EvidencePath) { ErrorDetails = new ErrorDetails(ex.Message) });
        }
        catch (Exception ex) when (ex is System.IO.IOException or PolicyBackupException || AwsFailures.IsAwsFailure(ex))
        {
            WriteError(new ErrorRecord(ex, ErrorIds.EvidenceWriteFailed, ErrorCategory.WriteError, EvidencePath) { ErrorDetails = new ErrorDetails($"-EvidencePath '{EvidencePath}': the evidence pack was not written: {ex.Message} The rollout itself is recorded; run Export-RootAccessEvidence.") });
        }
    }

    // -WhatIf: the plan and one preview line per wave; no session is opened and the state is not written.
    private void Preview(RolloutDocument document)
    {
        for (var wave = 1; wave <= document.WaveCount; wave++)
        {
            var todo = document.Accounts.Where(a => a.Wave == wave && !a.IsFinal).ToList();
            if (todo.Count > 0)
            {
                Ask($"Remove the root credentials ({string.Join(", ", document.CredentialTypes)}) of the {todo.Count} accounts of wave {wave} of {document.WaveCount}: {string.Join(", ", todo.Select(a => a.AccountId))}", "Root credential rollout");
            }
        }

        foreach (var record in document.Accounts)
        {
            WriteObject(RolloutAccountStatus.Of(document, record));
        }
    }

    private IEnumerable<RolloutCandidate> Candidates(OrganizationDirectory directory, IReadOnlyDictionary<string, RolloutCandidate> members)
    {
        if (ParameterSetName == AccountSet)
        {
            // What the organization says of an account wins over what was piped (its State now, its name).
            return _piped.Select(p => members.TryGetValue(p.AccountId, out var m) ? Merge(m, p) : new RolloutCandidate { AccountId = p.AccountId, Name = p.Name, State = "NOT_IN_ORGANIZATION", OuPath = p.OuPath, OuNames = p.OuNames }).ToList();
        }

        if (OrganizationalUnitId is { } parent)
        {
            var under = new List<RolloutCandidate>();
            ForEach(directory.ListAccountsAsync(new AccountQuery { ParentId = parent, Recurse = true }), a => under.Add(Candidate(a)));
            return under;
        }

        return members.Values;
    }

    private static RolloutCandidate Merge(RolloutCandidate member, RolloutCandidate piped)
        => new() { AccountId = member.AccountId, Name = member.Name ?? piped.Name, State = member.State, OuPath = piped.OuPath ?? member.OuPath, OuNames = piped.OuNames ?? member.OuNames };

    private static RolloutCandidate Candidate(OrgAccount account)
        => new() { AccountId = account.AccountId, Name = account.Name, State = account.State, OuPath = account.OuPath, OuNames = account.OuNames };
}
