using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Hardening;
using RootAccess.Root;

namespace RootAccess.Evidence;

/// <summary>A pack that could not be written or read, with the reason in words.</summary>
public sealed class EvidenceException : Exception
{
    public EvidenceException(string errorId, string message, Exception? inner = null)
        : base(message, inner) => ErrorId = errorId;

    public string ErrorId { get; }
}

/// <summary>What Export-RootAccessEvidence wrote.</summary>
public sealed class EvidenceResult
{
    public string Path { get; set; } = string.Empty;

    /// <summary>Rollout or Audit.</summary>
    public string Kind { get; set; } = "Rollout";

    public string RolloutId { get; set; } = string.Empty;

    public bool RolloutComplete { get; set; }

    /// <summary>Accounts in the pack.</summary>
    public int Accounts { get; set; }

    /// <summary>Accounts whose audit (or removal) failed.</summary>
    public int AccountsFailed { get; set; }

    /// <summary>Audited accounts that still hold a root password, access key, signing certificate or MFA device.</summary>
    public int AccountsWithRootCredentials { get; set; }

    /// <summary>Hardening controls that failed (of those in the pack).</summary>
    public int HardeningFailed { get; set; }

    public int Files { get; set; }

    /// <summary>The manifest's own SHA-256: record it elsewhere (the change ticket) to notice a rewritten manifest too.</summary>
    public string ManifestSha256 { get; set; } = string.Empty;

    public override string ToString() => $"{Path}: {Files} files, manifest {ManifestSha256}";
}

/// <summary>
/// Gathers what an evidence pack holds beside the rollout (the organization's root access status, its AssumeRoot events,
/// the hardening check) and writes the pack once, never over an existing one. A read that fails is recorded in the pack
/// as not read, with the reason, instead of stopping it: the rollout's own record is the part that must be there.
/// </summary>
public sealed class EvidenceExporter
{
    // AssumeRoot events this long before the rollout began and after its last write still belong to it (clock skew, delivery).
    private static readonly TimeSpan EventSlack = TimeSpan.FromMinutes(5);

    private readonly AwsContext _context;
    private readonly RootSessionBroker _broker;

    public EvidenceExporter(AwsContext context, RootSessionBroker broker)
    {
        _context = context;
        _broker = broker;
    }

    /// <summary>
    /// What an audit's pack holds around its rows: the organization's status, and the hardening check given (the caller ran
    /// it already and judges it), else run here unless <paramref name="hardening"/> is false.
    /// </summary>
    public async Task<AuditEvidenceInputs> GatherAuditAsync(IReadOnlyList<RootCredentialStatus> rows, IReadOnlyList<HardeningCheck>? checks, bool hardening, CancellationToken cancellationToken)
    {
        var inputs = new AuditEvidenceInputs(rows);
        await ReadOrganizationAsync(inputs, cancellationToken).ConfigureAwait(false);
        if (checks is not null)
        {
            inputs.Hardening = checks;
        }
        else
        {
            await ReadHardeningAsync(inputs, hardening, cancellationToken).ConfigureAwait(false);
        }

        return inputs;
    }

    public async Task<EvidenceInputs> GatherAsync(RolloutDocument rollout, bool hardening, CancellationToken cancellationToken)
    {
        var inputs = new EvidenceInputs(rollout);
        await ReadOrganizationAsync(inputs, cancellationToken).ConfigureAwait(false);

        try
        {
            var accounts = new HashSet<string>(rollout.Accounts.Select(a => a.AccountId), StringComparer.Ordinal);
            var events = new List<AssumeRootEvent>();
            using var lookup = new AssumeRootEventLookup(_context);
            await foreach (var item in lookup.LookupAsync((rollout.CreatedAt - EventSlack).UtcDateTime, ((rollout.FinishedAt ?? rollout.UpdatedAt) + EventSlack).UtcDateTime, new EventExpectations(), cancellationToken).ConfigureAwait(false))
            {
                if (accounts.Contains(item.TargetAccountId))
                {
                    events.Add(item);
                }
            }

            inputs.Events = events.OrderBy(e => e.EventTime).ToList();
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) && !AwsFailures.IsEndpointUnreachable(ex))
        {
            inputs.EventsUnread = ex.Message;
        }

        await ReadHardeningAsync(inputs, hardening, cancellationToken).ConfigureAwait(false);
        return inputs;
    }

    private async Task ReadOrganizationAsync(EvidenceReads inputs, CancellationToken cancellationToken)
    {
        try
        {
            using var manager = new OrgRootAccessManager(_context);
            inputs.Organization = await manager.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) && !AwsFailures.IsEndpointUnreachable(ex))
        {
            inputs.OrganizationUnread = ex.Message;
        }
    }

    private async Task ReadHardeningAsync(EvidenceReads inputs, bool hardening, CancellationToken cancellationToken)
    {
        if (!hardening)
        {
            inputs.HardeningUnread = "skipped (-SkipHardening)";
            return;
        }

        try
        {
            inputs.Hardening = await new HardeningAssessor(_context, _broker).AssessAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) && !AwsFailures.IsEndpointUnreachable(ex))
        {
            inputs.HardeningUnread = ex.Message;
        }
    }

    /// <summary>Writes a rollout's pack (the manifest last), refusing a location that already holds a pack.</summary>
    public static EvidenceResult Write(BackupLocation location, EvidenceInputs inputs)
    {
        var result = Write(location, EvidencePack.Build(inputs), inputs);
        result.RolloutId = inputs.Rollout.RolloutId;
        result.RolloutComplete = inputs.Rollout.IsComplete;
        result.Accounts = inputs.Rollout.Accounts.Count;
        result.AccountsFailed = inputs.Rollout.Accounts.Count(a => a.State == RolloutAccountState.Failed);
        return result;
    }

    /// <summary>Writes an audit's pack (the manifest last), refusing a location that already holds a pack.</summary>
    public static EvidenceResult WriteAudit(BackupLocation location, AuditEvidenceInputs inputs)
    {
        var result = Write(location, EvidencePack.BuildAudit(inputs), inputs);
        result.Kind = "Audit";
        result.Accounts = inputs.Rows.Count;
        result.AccountsFailed = inputs.Rows.Count(r => r.Status == AuditStatus.Failed);
        result.AccountsWithRootCredentials = inputs.Rows.Count(r => r.HasRootCredentials == true);
        return result;
    }

    private static EvidenceResult Write(BackupLocation location, IReadOnlyList<KeyValuePair<string, byte[]>> files, EvidenceReads reads)
    {
        try
        {
            if (location.List().Contains(EvidenceManifest.FileName))
            {
                throw new EvidenceException(ErrorIds.EvidenceWriteFailed, $"'{location.Where}' already holds an evidence pack; a pack is never overwritten. Pass a new -Path.");
            }

            foreach (var file in files)
            {
                location.SaveNew(location.PathOf(file.Key), file.Value);
            }

            return new EvidenceResult
            {
                Path = location.Where,
                Files = files.Count,
                ManifestSha256 = RolloutStateCodec.Digest(files.Last().Value),
                HardeningFailed = reads.Hardening?.Count(c => c.Status == CheckStatus.Fail) ?? 0,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PolicyBackupException)
        {
            throw new EvidenceException(ErrorIds.EvidenceWriteFailed, $"The evidence pack could not be written to '{location.Where}': {ex.Message}", ex);
        }
    }

    /// <summary>Checks a pack against its manifest.</summary>
    public static EvidenceCheck Verify(BackupLocation location, string? expectedManifestSha256 = null)
    {
        IReadOnlyList<string> present;
        byte[] manifestBytes;
        try
        {
            present = location.List();
            if (!present.Contains(EvidenceManifest.FileName))
            {
                throw new EvidenceException(ErrorIds.EvidenceUnreadable, $"'{location.Where}' holds no manifest.json, so it is not an evidence pack (or its manifest was removed).");
            }

            manifestBytes = location.Load(location.PathOf(EvidenceManifest.FileName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException || AwsFailures.IsAwsFailure(ex))
        {
            throw new EvidenceException(ErrorIds.EvidenceUnreadable, $"The evidence pack at '{location.Where}' could not be read: {ex.Message}", ex);
        }

        if (expectedManifestSha256 is not null && !string.Equals(RolloutStateCodec.Digest(manifestBytes), expectedManifestSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new EvidenceException(ErrorIds.EvidenceUnreadable, $"Changed since the pack was written: manifest.json at '{location.Where}' is not the one exported (its SHA-256 is not -ManifestSha256), so the files cannot be trusted to it.");
        }

        var manifest = EvidencePack.ReadManifest(manifestBytes)
            ?? throw new EvidenceException(ErrorIds.EvidenceUnreadable, $"Changed since the pack was written: manifest.json at '{location.Where}' is not as RootAccess wrote it (edited or cut short).");
        return EvidenceCheck.Of(manifest, present.ToList(), name =>
        {
            try
            {
                return location.Load(location.PathOf(name));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        });
    }
}
