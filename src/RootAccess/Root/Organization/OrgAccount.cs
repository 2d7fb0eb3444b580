using System;

namespace RootAccess.Root;

/// <summary>An account of the organization, flat for Export-Csv.</summary>
public sealed class OrgAccount
{
    public string AccountId { get; set; } = string.Empty;

    public string? Name { get; set; }

    public string? Email { get; set; }

    /// <summary>PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED.</summary>
    public string? State { get; set; }

    public string? JoinedMethod { get; set; }

    public DateTime? JoinedTimestamp { get; set; }

    public string? Arn { get; set; }

    public bool IsManagementAccount { get; set; }

    /// <summary>The OU or root the account sits in; set when the listing walks a parent.</summary>
    public string? ParentId { get; set; }

    /// <summary>The parents from the organization's root down to the account (r-.../ou-.../ou-...); set when the listing walks a parent.</summary>
    public string? OuPath { get; set; }

    /// <summary>The same path in names, from the root (Root/Workloads/Production); set when the listing walks a parent.</summary>
    public string? OuNames { get; set; }

    public override string ToString() => AccountId;
}
