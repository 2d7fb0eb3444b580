using System;
using System.IO;
using System.Threading;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>
/// One run's hold on a rollout state: it takes the lease (refused while another run's lease is current), renews it
/// with every write, and lets it go at the end. Every write names the version it replaces, so a second run that got
/// in anyway is stopped at its next write.
/// </summary>
public sealed class RolloutRun
{
    /// <summary>
    /// How long a lease outlives its last write: a run killed outright (not stopped) blocks others this long. It is a
    /// courtesy: a run that outlives its lease and meets a newer writer is stopped by the If-Match of its next write.
    /// </summary>
    public static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(2);

    private readonly RolloutStore _store;
    private readonly Func<DateTimeOffset> _clock;
    private readonly object _gate = new();
    private readonly object _writer = new();
    private string? _tag;
    private bool _ended;
    private long _changes;
    private long _written;

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
        EnsureOrganization(document, organizationId, store.Where);

        if (document.Lease is { } lease && lease.ExpiresAt > clock())
        {
            throw new RolloutStateException(ErrorIds.RolloutStateInUse, $"The rollout state '{store.Where}' is held by another run ({lease.Owner}) until {lease.ExpiresAt:u}. Two runs never share a rollout: wait for it to end, or until then if it was killed.");
        }

        var run = new RolloutRun(store, document, tag, $"{Environment.MachineName} pid {System.Diagnostics.Process.GetCurrentProcess().Id} run {Guid.NewGuid().ToString("N").Substring(0, 8)}", clock);
        run.Save();
        return run;
    }

    /// <summary>Refuses a state made for another organization than the caller's.</summary>
    public static void EnsureOrganization(RolloutDocument document, string organizationId, string where)
    {
        if (!string.Equals(document.OrganizationId, organizationId, StringComparison.Ordinal))
        {
            throw new RolloutStateException(ErrorIds.RolloutStateOtherOrganization, $"The rollout state '{where}' belongs to organization {document.OrganizationId}, not to {organizationId} (the caller's). Use that organization's credentials, or a new -StatePath.");
        }
    }

    /// <summary>Writes the state, renewing this run's lease. A failed write stops the rollout (nothing more is removed).</summary>
    public void Save() => Commit(() => { });

    /// <summary>
    /// Changes the document and returns once a write that holds the change has succeeded. Accounts of a wave run side
    /// by side: the document is only changed and read under one lock, and one write carries every change made before
    /// it (group commit), so a slow store is written once for several accounts instead of once each.
    /// </summary>
    public void Commit(Action change)
    {
        long mine;
        lock (_gate)
        {
            change();
            mine = ++_changes;
        }

        lock (_writer)
        {
            if (Interlocked.Read(ref _written) >= mine)
            {
                return;
            }

            byte[] bytes;
            long covered;
            lock (_gate)
            {
                bytes = Encode(_clock() + LeaseTime);
                covered = _changes;
            }

            Store(bytes);
            Interlocked.Exchange(ref _written, covered);
        }
    }

    /// <summary>Changes the document without writing it (bookkeeping the next write carries).</summary>
    public void Change(Action change)
    {
        lock (_gate)
        {
            change();
        }
    }

    /// <summary>Writes the state a last time with the lease released and why the run stopped (null: it ran to the end of what it could).</summary>
    public void End(string? stoppedBecause)
    {
        lock (_writer)
        {
            byte[] bytes;
            lock (_gate)
            {
                Document.StoppedBecause = stoppedBecause;
                Document.FinishedAt = _clock();
                bytes = Encode(null);
            }

            Store(bytes);
            _ended = true;
        }
    }

    // Under the document lock: the lease and the time go into the bytes written.
    private byte[] Encode(DateTimeOffset? leaseUntil)
    {
        Document.Lease = leaseUntil is { } until ? new RolloutLease { Owner = Owner, ExpiresAt = until } : null;
        Document.UpdatedAt = _clock();
        return RolloutStateCodec.Encode(Document);
    }

    // Under the writer lock: one write at a time, each naming the version it replaces.
    private void Store(byte[] bytes)
    {
        if (_ended)
        {
            throw new InvalidOperationException("This run has ended; it writes the state no more.");
        }

        try
        {
            _tag = _store.Write(bytes, _tag);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RolloutStateException(ErrorIds.RolloutStateWriteFailed, $"The rollout state could not be written to '{_store.Where}': {ex.Message} The rollout stopped; nothing was removed that the state does not record.", ex);
        }
    }
}
