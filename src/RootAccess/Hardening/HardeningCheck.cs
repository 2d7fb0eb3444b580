namespace RootAccess.Hardening;

/// <summary>One control of the hardening guide, checked against the live organization: one flat row.</summary>
public sealed class HardeningCheck
{
    /// <summary>P0, P1 or P2, as the guide's priority table ranks the control.</summary>
    public string Priority { get; set; } = string.Empty;

    public string ControlId { get; set; } = string.Empty;

    /// <summary>The guide's item.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>Pass, Fail, or Unknown (a read was refused or failed; Evidence says which and why).</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>What was read: accounts, OUs, policies, counts.</summary>
    public string Evidence { get; set; } = string.Empty;

    /// <summary>The concrete change that makes the control pass.</summary>
    public string Remediation { get; set; } = string.Empty;

    /// <summary>The link of the guide's kill chain the control breaks.</summary>
    public string KillChainLink { get; set; } = string.Empty;

    public override string ToString() => $"{Priority} {ControlId} {Status}: {Title}";
}

/// <summary>The statuses of a <see cref="HardeningCheck"/>.</summary>
public static class CheckStatus
{
    public const string Pass = "Pass";
    public const string Fail = "Fail";
    public const string Unknown = "Unknown";
}
