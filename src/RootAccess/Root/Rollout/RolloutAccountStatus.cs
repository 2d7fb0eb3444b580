using System;
using System.Linq;

namespace RootAccess.Root;

/// <summary>
/// One account of a rollout as Invoke-RootCredentialRollout writes it and Get-RootCredentialRollout reads it back:
/// flat, so Export-Csv and ConvertTo-Json give one line or object per account.
/// </summary>
public sealed class RolloutAccountStatus
{
    public string AccountId { get; set; } = string.Empty;

    public string? AccountName { get; set; }

    public string? OuNames { get; set; }

    public int Wave { get; set; }

    /// <summary>Planned, Removing, Removed (not final), or Verified, Skipped, Excluded, Failed (final).</summary>
    public RolloutAccountState State { get; set; }

    public bool IsFinal { get; set; }

    public string? Reason { get; set; }

    public string? ErrorId { get; set; }

    /// <summary>What the audit before found, in words ("password, 1 access key(s)", or "none").</summary>
    public string? CredentialsBefore { get; set; }

    /// <summary>What the audit after found, in words.</summary>
    public string? CredentialsAfter { get; set; }

    /// <summary>Each removal call's outcome, joined with '; '.</summary>
    public string? Removals { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string RolloutId { get; set; } = string.Empty;

    public static RolloutAccountStatus Of(RolloutDocument document, RolloutAccountRecord record) => new()
    {
        AccountId = record.AccountId,
        AccountName = record.Name,
        OuNames = record.OuNames,
        Wave = record.Wave,
        State = record.State,
        IsFinal = record.IsFinal,
        Reason = record.Reason,
        ErrorId = record.ErrorId,
        CredentialsBefore = record.Before?.ToString(),
        CredentialsAfter = record.After?.ToString(),
        Removals = record.Removals.Count == 0 ? null : string.Join("; ", record.Removals),
        Attempts = record.Attempts,
        StartedAt = record.StartedAt,
        FinishedAt = record.FinishedAt,
        RolloutId = document.RolloutId,
    };

    public override string ToString() => $"{AccountId} {State}";
}

/// <summary>A rollout in one object: how many accounts are in each state, and whether it is complete.</summary>
public sealed class RolloutSummary
{
    public string RolloutId { get; set; } = string.Empty;

    public string StatePath { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    public string? ChangeReference { get; set; }

    public int Total { get; set; }

    public int Planned { get; set; }

    public int InProgress { get; set; }

    public int Verified { get; set; }

    public int Skipped { get; set; }

    public int Excluded { get; set; }

    public int Failed { get; set; }

    public int Waves { get; set; }

    /// <summary>True when every account is in a final state.</summary>
    public bool Complete { get; set; }

    public string? StoppedBecause { get; set; }

    /// <summary>The run holding the state now, or null.</summary>
    public string? HeldBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public static RolloutSummary Of(RolloutDocument document, string where)
    {
        int Count(params RolloutAccountState[] states) => document.Accounts.Count(a => states.Contains(a.State));
        return new RolloutSummary
        {
            RolloutId = document.RolloutId,
            StatePath = where,
            OrganizationId = document.OrganizationId,
            ChangeReference = document.ChangeReference,
            Total = document.Accounts.Count,
            Planned = Count(RolloutAccountState.Planned),
            InProgress = Count(RolloutAccountState.Removing, RolloutAccountState.Removed),
            Verified = Count(RolloutAccountState.Verified),
            Skipped = Count(RolloutAccountState.Skipped),
            Excluded = Count(RolloutAccountState.Excluded),
            Failed = Count(RolloutAccountState.Failed),
            Waves = document.WaveCount,
            Complete = document.IsComplete,
            StoppedBecause = document.StoppedBecause,
            HeldBy = document.Lease is { } lease && lease.ExpiresAt > DateTimeOffset.UtcNow ? $"{lease.Owner} until {lease.ExpiresAt:u}" : null,
            CreatedAt = document.CreatedAt,
            UpdatedAt = document.UpdatedAt,
        };
    }

    public override string ToString() => $"{Verified} verified, {Failed} failed, {Skipped} skipped, {Excluded} excluded, {Planned + InProgress} to do of {Total}";
}

