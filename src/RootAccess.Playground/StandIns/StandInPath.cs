using System.Management.Automation;

namespace RootAccess.Playground.StandIns;

/// <summary>Resolves a stand-in's file path against the session's current location, as the real cmdlets do.</summary>
internal static class StandInPath
{
    public static string Resolve(PSCmdlet cmdlet, string path)
        => cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
