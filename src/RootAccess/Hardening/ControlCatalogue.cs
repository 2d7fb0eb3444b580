using System.Collections.Generic;
using RootAccess.Core;

namespace RootAccess.Hardening;

/// <summary>One control of the hardening guide as the catalogue holds it.</summary>
public sealed class ControlEntry
{
    public string Id { get; set; } = string.Empty;

    /// <summary>P0, P1 or P2.</summary>
    public string Priority { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    /// <summary>Foothold, Escalate, Persist or CoverTracks: the link of the kill chain the control breaks.</summary>
    public string KillChainLink { get; set; } = string.Empty;

    public string Remediation { get; set; } = string.Empty;
}

/// <summary>The 16 controls (RA-H01 to RA-H16), from <c>Hardening/controls.json</c>.</summary>
public static class ControlCatalogue
{
    public static readonly IReadOnlyDictionary<string, ControlEntry> Controls = Catalogue.Load<ControlEntry>("RootAccess.Hardening.controls.json", c => c.Id);

    private static readonly Dictionary<string, string> Links = new()
    {
        ["Foothold"] = HardeningReport.KillChain[0],
        ["Escalate"] = HardeningReport.KillChain[1],
        ["Persist"] = HardeningReport.KillChain[2],
        ["CoverTracks"] = HardeningReport.KillChain[3],
    };

    /// <summary>A fresh, not yet evaluated row of control <paramref name="id"/>.</summary>
    public static HardeningCheck New(string id)
    {
        var control = Controls[id];
        return new HardeningCheck { Priority = control.Priority, ControlId = control.Id, Title = control.Title, KillChainLink = Links[control.KillChainLink], Remediation = control.Remediation };
    }
}
