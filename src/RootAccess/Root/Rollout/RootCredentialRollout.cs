using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>An account a rollout may plan, with what the listing said of it.</summary>
public sealed class RolloutCandidate
{
    public string AccountId { get; set; } = string.Empty;

    public string? Name { get; set; }

    public string? State { get; set; }

    public string? OuPath { get; set; }

    public string? OuNames { get; set; }
}

/// <summary>What a rollout is asked to do: which credentials, which accounts to leave out, how to cut waves.</summary>
public sealed class RolloutPlanOptions
{
    public IReadOnlyCollection<RootCredentialType> CredentialTypes { get; set; } = RootCredentialRemover.AllTypes;

    public bool AllowPasswordWithoutMfa { get; set; }

    /// <summary>Account id to the reason it is left out.</summary>
    public IReadOnlyDictionary<string, string> Excluded { get; set; } = new Dictionary<string, string>();

    public int WaveSize { get; set; } = 25;

    /// <summary>One wave per OU (by OuPath) instead of waves of <see cref="WaveSize"/>.</summary>
    public bool WavePerOu { get; set; }

    public string Scope { get; set; } = "organization";

    public string? ChangeReference { get; set; }
}

/// <summary>
/// Removes root credentials account by account, wave by wave, recording each step in the state before the next: the
/// audit before (read-only session), the removal (written ahead, then its outcome), and the audit after. A run that
/// stops anywhere resumes from the state without repeating a recorded removal. Per account the order, consent and
/// safety are <see cref="RootCredentialRemover"/>'s: keys and certificates, then the password, MFA last and kept while
/// a password remains.
/// </summary>
public sealed class RootCredentialRollout
{
    private readonly RootCredentialAuditor _auditor;
    private readonly RootCredentialRemover _remover;
    private readonly Func<DateTimeOffset> _clock;

    public RootCredentialRollout(RootSessionBroker broker, Func<DateTimeOffset>? clock = null)
    {
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        _auditor = new RootCredentialAuditor(broker, () => _clock().UtcDateTime);
        _remover = new RootCredentialRemover(broker);
    }

    /// <summary>A new plan: management, inactive and excluded accounts are recorded as such; the rest cut into waves.</summary>
    public static RolloutDocument Plan(IEnumerable<RolloutCandidate> candidates, OrganizationInfo organization, RolloutPlanOptions options, DateTimeOffset now)
    {
        var document = new RolloutDocument
        {
            OrganizationId = organization.Id,
            ManagementAccountId = organization.ManagementAccountId,
            CreatedAt = now,
            CredentialTypes = options.CredentialTypes.Distinct().OrderBy(t => t).ToList(),
            AllowPasswordWithoutMfa = options.AllowPasswordWithoutMfa,
            Scope = options.Scope,
            ChangeReference = options.ChangeReference,
            WaveSize = options.WavePerOu ? 0 : options.WaveSize,
            WavePerOu = options.WavePerOu,
        };
        var planned = new List<RolloutAccountRecord>();
        foreach (var candidate in candidates.GroupBy(c => c.AccountId).Select(g => g.First()).OrderBy(c => c.OuPath ?? string.Empty, StringComparer.Ordinal).ThenBy(c => c.AccountId, StringComparer.Ordinal))
        {
            var record = new RolloutAccountRecord { AccountId = candidate.AccountId, Name = candidate.Name, OuPath = candidate.OuPath, OuNames = candidate.OuNames };
            if (candidate.AccountId == organization.ManagementAccountId)
            {
                Finish(record, RolloutAccountState.Skipped, "The organization's management account: AssumeRoot cannot target it. Remove its root credentials from the account itself.", now);
            }
            else if (options.Excluded.TryGetValue(candidate.AccountId, out var why))
            {
                Finish(record, RolloutAccountState.Excluded, why, now);
            }
            else if (AccountStates.InactiveReason(candidate.State) is { } inactive)
            {
                Finish(record, RolloutAccountState.Skipped, inactive, now);
            }
            else
            {
                planned.Add(record);
            }

            document.Accounts.Add(record);
        }

        var waves = options.WavePerOu
            ? planned.GroupBy(r => r.OuPath ?? string.Empty).Select(g => g.ToList()).ToList()
            : planned.Select((r, i) => (r, i)).GroupBy(x => x.i / Math.Max(1, options.WaveSize)).Select(g => g.Select(x => x.r).ToList()).ToList();
        for (var w = 0; w < waves.Count; w++)
        {
            waves[w].ForEach(r => r.Wave = w + 1);
        }

        return document;
    }

    /// <summary>
    /// Why the plan parameters given to a resumed run cannot go with the plan in the state (null when they can): a resume
    /// never silently narrows, widens or changes what the first run planned.
    /// </summary>
    public static string? PlanMismatch(RolloutDocument document, RolloutPlanOptions given, IReadOnlyCollection<string> bound, IReadOnlyCollection<string>? accounts)
    {
        if (bound.Contains("CredentialType") && !given.CredentialTypes.Distinct().OrderBy(t => t).SequenceEqual(document.CredentialTypes.OrderBy(t => t)))
        {
            return $"-CredentialType {string.Join(",", given.CredentialTypes.Distinct())}; the rollout removes {string.Join(",", document.CredentialTypes)}";
        }

        if (bound.Contains("AllowPasswordWithoutMfa") && given.AllowPasswordWithoutMfa != document.AllowPasswordWithoutMfa)
        {
            return $"-AllowPasswordWithoutMfa:{given.AllowPasswordWithoutMfa}; the rollout was planned with {document.AllowPasswordWithoutMfa}";
        }

        if ((bound.Contains("WaveSize") && (document.WavePerOu || given.WaveSize != document.WaveSize)) || (bound.Contains("WavePerOu") && given.WavePerOu != document.WavePerOu))
        {
            return document.WavePerOu ? "a wave size; the rollout has one wave per OU" : $"waves other than the plan's {document.WaveSize} accounts each";
        }

        if (bound.Contains("OrganizationalUnitId") && given.Scope != document.Scope)
        {
            return $"-OrganizationalUnitId {given.Scope}; the rollout covers {document.Scope}";
        }

        if (accounts is not null && (document.Scope != "accounts" || !new HashSet<string>(accounts).SetEquals(document.Accounts.Select(a => a.AccountId))))
        {
            return $"{accounts.Count} accounts piped or given; the rollout covers {document.Scope} ({document.Accounts.Count} accounts)";
        }

        return null;
    }

    /// <summary>
    /// Brings a resumed plan up to date before a run: accounts that left the organization or stopped being ACTIVE are
    /// skipped, exclusions given now are honoured for accounts not yet started, and with <paramref name="retryFailed"/>
    /// failed accounts are planned again. Returns what changed, in words.
    /// </summary>
    public static IReadOnlyList<string> Refresh(RolloutDocument document, IReadOnlyDictionary<string, RolloutCandidate>? members, IReadOnlyDictionary<string, string> excluded, bool retryFailed, DateTimeOffset now)
    {
        var changes = new List<string>();
        foreach (var record in document.Accounts)
        {
            if (retryFailed && record.State == RolloutAccountState.Failed && record.Wave > 0)
            {
                record.State = RolloutAccountState.Planned;
                record.ErrorId = null;
                record.Reason = null;
                record.FinishedAt = null;
                changes.Add($"{record.AccountId}: failed before, planned again (-RetryFailed)");
            }

            if (record.IsFinal)
            {
                continue;
            }

            if (record.State == RolloutAccountState.Planned && excluded.TryGetValue(record.AccountId, out var why))
            {
                Finish(record, RolloutAccountState.Excluded, why, now);
                changes.Add($"{record.AccountId}: excluded now ({why})");
            }
            else if (members is not null && !members.TryGetValue(record.AccountId, out _))
            {
                Finish(record, RolloutAccountState.Skipped, "The account is no longer in the organization.", now);
                changes.Add($"{record.AccountId}: left the organization");
            }
            else if (members is not null && AccountStates.InactiveReason(members[record.AccountId].State) is { } inactive)
            {
                Finish(record, RolloutAccountState.Skipped, inactive, now);
                changes.Add($"{record.AccountId}: {inactive}");
            }
        }

        return changes;
    }

    /// <summary>
    /// Why the rollout may not go past wave <paramref name="wave"/> (its failures above the threshold), or null. Accounts
    /// skipped or excluded do not count; a wave with unfinished accounts is not judged yet.
    /// </summary>
    public static string? Halt(RolloutDocument document, int wave, double maxFailurePercent)
    {
        var judged = document.Accounts.Where(a => a.Wave == wave && a.State is not (RolloutAccountState.Skipped or RolloutAccountState.Excluded)).ToList();
        if (judged.Count == 0 || judged.Any(a => !a.IsFinal))
        {
            return null;
        }

        var failed = judged.Count(a => a.State == RolloutAccountState.Failed);
        var percent = 100.0 * failed / judged.Count;
        return percent > maxFailurePercent
            ? $"Wave {wave} failed in {failed} of {judged.Count} accounts ({percent:0.#}%), above -MaxFailurePercent {maxFailurePercent:0.#}; later waves were not started. " + "Fix the cause, then rerun with -RetryFailed."
            : null;
    }

    /// <summary>
    /// Runs the unfinished accounts of one wave, up to <paramref name="parallel"/> at a time, yielding each account as it
    /// reaches a final state. <paramref name="mayStart"/> is asked before each account starts (a time limit says no);
    /// then no more start, and those running finish. On a stop or a failure, the accounts already running are let
    /// finish their step before this returns, so nothing writes the state after the run ends.
    /// </summary>
    public async IAsyncEnumerable<RolloutAccountRecord> RunWaveAsync(RolloutRun run, IReadOnlyList<RolloutAccountRecord> todo, int parallel, Func<bool> mayStart, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var running = new List<Task<RolloutAccountRecord>>();
        var next = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                while (running.Count < Math.Max(1, parallel) && next < todo.Count && !stop.IsCancellationRequested && mayStart())
                {
                    var record = todo[next++];
                    running.Add(Task.Run(async () =>
                    {
                        await ProcessAsync(run, record, stop.Token).ConfigureAwait(false);
                        return record;
                    }));
                }

                if (running.Count == 0)
                {
                    yield break;
                }

                var done = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(done);
                yield return await done.ConfigureAwait(false);
            }
        }
        finally
        {
            // Whatever ended this early (a stop, a failed write, an unreachable endpoint), the others stop at their next call.
            stop.Cancel();
            foreach (var task in running)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Whatever the others end with, the first failure is the one reported; they only had to stop first.
                catch (Exception)
                {
                }
#pragma warning restore CA1031
            }
        }
    }

    /// <summary>
    /// Takes one account from where the state says it is to a final state, committing each step that changes AWS or
    /// follows such a change. A stop (cancellation) leaves it where the last commit put it.
    /// </summary>
    public async Task ProcessAsync(RolloutRun run, RolloutAccountRecord record, CancellationToken cancellationToken)
    {
        var document = run.Document;
        var types = document.CredentialTypes;
        var subject = new AuditSubject(AccountId.Parse(record.AccountId), record.Name, null, record.OuPath, null, record.OuNames);
        run.Change(() =>
        {
            record.Attempts++;
            record.StartedAt ??= _clock();
        });
        try
        {
            if (record.State is RolloutAccountState.Planned or RolloutAccountState.Removing)
            {
                var (status, plan) = await _auditor.InspectAsync(subject, types, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                var snapshot = CredentialSnapshot.Of(status);
                var heldBack = plan.MfaHeldBack(document.AllowPasswordWithoutMfa);
                var items = plan.Items.Where(i => heldBack is null || i.Type != RootCredentialType.MfaDevice).ToList();
                if (items.Count == 0)
                {
                    run.Commit(() =>
                    {
                        record.Before ??= snapshot;
                        record.After = snapshot;
                        Finish(record, RolloutAccountState.Verified, record.Removals.Count > 0 ? "Nothing left to remove." : Nothing(heldBack));
                    });
                    return;
                }

                // Written ahead: a stop from here on resumes by reading again what is left, never by guessing.
                run.Commit(() =>
                {
                    record.Before ??= snapshot;
                    record.State = RolloutAccountState.Removing;
                });
                var rows = await _remover.RemoveAsync(plan, items, document.AllowPasswordWithoutMfa, cancellationToken).ConfigureAwait(false);

                // A stop during the removal is not its failure: the account stays Removing and the next run reads it again.
                cancellationToken.ThrowIfCancellationRequested();
                var failed = rows.FirstOrDefault(r => r.Action == RemovalAction.Failed);
                run.Commit(() =>
                {
                    record.Removals.AddRange(rows.Select(r => $"{r.CredentialType} {r.CredentialId}: {r.Action}"));
                    if (failed is not null)
                    {
                        Finish(record, RolloutAccountState.Failed, $"Removing {failed.CredentialType} {failed.CredentialId} failed: {failed.Message}", errorId: ErrorIds.RootCredentialRemovalFailed);
                    }
                    else
                    {
                        record.State = RolloutAccountState.Removed;
                    }
                });
            }

            if (record.State == RolloutAccountState.Removed)
            {
                var after = CredentialSnapshot.Of(await _auditor.AuditAccountAsync(subject, null, cancellationToken).ConfigureAwait(false));
                cancellationToken.ThrowIfCancellationRequested();
                var kinds = document.AllowPasswordWithoutMfa || !after.PasswordPresent || document.CredentialTypes.Contains(RootCredentialType.LoginProfile)
                    ? types
                    : types.Where(t => t != RootCredentialType.MfaDevice).ToList();
                var left = after.Remaining(kinds);
                run.Commit(() =>
                {
                    record.After = after;
                    if (left.Count == 0)
                    {
                        Finish(record, RolloutAccountState.Verified, "Removed, and the audit after found none left.");
                    }
                    else
                    {
                        Finish(record, RolloutAccountState.Failed, "The audit after the removal still found: " + string.Join(", ", left) + ".", errorId: ErrorIds.RolloutVerifyFailed);
                    }
                });
            }
        }
        catch (AccountStepException) when (cancellationToken.IsCancellationRequested)
        {
            // A step cut short by a stop is not the account's failure: it stays where its last commit put it.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (AccountStepException ex)
        {
            run.Commit(() => Finish(record, RolloutAccountState.Failed, $"{ex.Description}: {ex.InnerException?.Message}", errorId: ex.Step));
        }
    }

    private static string Nothing(string? heldBack)
        => heldBack is null ? "No root credentials of the kinds to remove; nothing removed." : "Nothing removed: " + heldBack;

    private void Finish(RolloutAccountRecord record, RolloutAccountState state, string reason, string? errorId = null)
        => Finish(record, state, reason, _clock(), errorId);

    private static void Finish(RolloutAccountRecord record, RolloutAccountState state, string reason, DateTimeOffset now, string? errorId = null)
    {
        record.State = state;
        record.Reason = reason;
        record.ErrorId = errorId;
        record.FinishedAt = now;
    }
}
