using System;
using System.IO;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>
/// One run's hold on a rollout state: it takes the lease (refused while another run's lease is current), renews it
/// with every write, and lets it go at the end. Every write names the version it replaces, so a second run that got
/// in anyway is stopped at its next write.
/// </summary>
public sealed class RolloutRun
{
    /// <summary>How long a lease outlives its last write: a run killed outright (not stopped) blocks others this long.</summary>
    public static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(10);

    private readonly RolloutStore _store;
    private readonly Func<DateTimeOffset> _clock;
    private string? _tag;

    private RolloutRun(RolloutStore store, RolloutDocument document, string? tag, string owner, Func<DateTimeOffset> clock)
    {
        _store = store;
        Document = document;
        _tag = tag;
        Owner = owner;
        _clock = clock;
    }

    public RolloutDocument Document { get; }

    /// <summary>Who this run is in the lease (host, process and a random id), for the message another run gets.</summary>
    public string Owner { get; }

    public string Where => _store.Where;

    /// <summary>Reads and checks a state: null when none exists; refused when unreadable, edited or of another version.</summary>
    public static (RolloutDocument? Document, string? Tag) Load(RolloutStore store)
    {
        StoredState? stored;
        try
        {
            stored = store.Read();
        }
        catch (IOException ex)
        {
            throw new RolloutStateException(ErrorIds.RolloutStateUnreadable, $"The rollout state '{store.Where}' could not be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RolloutStateException(ErrorIds.RolloutStateUnreadable, $"The rollout state '{store.Where}' could not be read: {ex.Message}", ex);
        }

        return stored is null ? (null, null) : (RolloutStateCodec.Decode(stored.Bytes, store.Where), stored.Tag);
    }

    /// <summary>
    /// Takes a state for this run: it must belong to <paramref name="organizationId"/> and hold no current lease of
    /// another run. The lease is written at once, so a second run starting now is refused.
    /// </summary>
    public static RolloutRun Begin(RolloutStore store, RolloutDocument document, string? tag, string organizationId, Func<DateTimeOffset>? clock = null)
    {
        clock ??= () => DateTimeOffset.UtcNow;
        if (!string.Equals(document.OrganizationId, organizationId, StringComparison.Ordinal))
        {
            throw new RolloutStateException(ErrorIds.RolloutStateOtherOrganization, $"The rollout state '{store.Where}' belongs to organization {document.OrganizationId}, not to {organizationId} (the caller's). Use that organization's credentials, or a new -StatePath.");
        }

        if (document.Lease is { } lease && lease.ExpiresAt > clock())
        {
            throw new RolloutStateException(ErrorIds.RolloutStateInUse, $"The rollout state '{store.Where}' is held by another run ({lease.Owner}) until {lease.ExpiresAt:u}. Two runs never share a rollout: wait for it to end, or until then if it was killed.");
        }

        var run = new RolloutRun(store, document, tag, $"{Environment.MachineName} pid {System.Diagnostics.Process.GetCurrentProcess().Id} run {Guid.NewGuid().ToString("N").Substring(0, 8)}", clock);
        run.Save();
        return run;
    }

    /// <summary>Writes the state, renewing this run's lease. A failed write stops the rollout (nothing more is removed).</summary>
    public void Save() => Write(_clock() + LeaseTime);

    /// <summary>Writes the state a last time with the lease released and why the run stopped (null: it ran to the end of what it could).</summary>
    public void End(string? stoppedBecause)
    {
        Document.StoppedBecause = stoppedBecause;
        Document.FinishedAt = _clock();
        Write(null);
    }

    private void Write(DateTimeOffset? leaseUntil)
    {
        Document.Lease = leaseUntil is { } until ? new RolloutLease { Owner = Owner, ExpiresAt = until } : null;
        Document.UpdatedAt = _clock();
        try
        {
            _tag = _store.Write(RolloutStateCodec.Encode(Document), _tag);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RolloutStateException(ErrorIds.RolloutStateWriteFailed, $"The rollout state could not be written to '{_store.Where}': {ex.Message} The rollout stopped; nothing was removed that the state does not record.", ex);
        }
    }
}
