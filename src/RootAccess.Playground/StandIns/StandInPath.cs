using System.IO;
using System.Management.Automation;
using System.Text;

namespace RootAccess.Playground.StandIns;

/// <summary>Resolves a stand-in's file path against the session's current location, as the real cmdlets do.</summary>
internal static class StandInPath
{
    public static string Resolve(PSCmdlet cmdlet, string path)
        => cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>Writes or appends the text as UTF-8 without a BOM, as PowerShell 7's file cmdlets do by default.</summary>
    public static void Write(string path, string text, bool append)
    {
        var utf8 = new UTF8Encoding(false);
        if (append)
        {
            File.AppendAllText(path, text, utf8);
        }
        else
        {
            File.WriteAllText(path, text, utf8);
        }
    }
}
