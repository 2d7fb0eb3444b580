using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RootAccess.Playground.StandIns;

/// <summary>
/// What the hosted engine lacks and the playground offers instead: stand-ins for Export-Csv, ConvertTo-Json and Out-File,
/// and for the other Utility/Management commands an error that names the alternative.
/// </summary>
public static class MissingCommands
{
    private static readonly Dictionary<string, string> Alternatives = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Select-Object"] = "use ForEach-Object { $_.Property } or [pscustomobject]@{ ... }",
        ["Format-Table"] = "the playground prints every result as a table already",
        ["Format-List"] = "use ConvertTo-Json to see every property",
        ["Out-String"] = "use Out-File to write the rendered text to a file",
        ["Write-Output"] = "write the value on its own line (it is output)",
        ["Measure-Object"] = "use @(...).Count",
        ["Sort-Object"] = "use [Linq.Enumerable]::OrderBy or sort afterwards in the CSV",
        ["Group-Object"] = "use a hashtable in ForEach-Object",
        ["Import-Csv"] = "use ConvertFrom-Json on a JSON file, or pass ids on the command line",
        ["ConvertFrom-Json"] = "use [System.Text.Json.JsonDocument]::Parse((Get-Content -Raw file))",
        ["Get-Date"] = "use [datetime]::UtcNow",
        ["Write-Warning"] = "use Write-Error or Write-Host",
        ["Get-ChildItem"] = "use [System.IO.Directory]::GetFiles(path)",
        ["Get-Content"] = "use [System.IO.File]::ReadAllText(path)",
        ["Set-Content"] = "use Out-File",
        ["Test-Path"] = "use [System.IO.File]::Exists(path)",
        ["Export-Clixml"] = "use ConvertTo-Json | Out-File",
        ["Tee-Object"] = "use -OutVariable",
    };

    /// <summary>Adds the stand-ins to a session state.</summary>
    public static void AddStandIns(InitialSessionState session)
    {
        session.Commands.Add(new SessionStateCmdletEntry("Export-Csv", typeof(ExportCsvCommand), null));
        session.Commands.Add(new SessionStateCmdletEntry("ConvertTo-Json", typeof(ConvertToJsonCommand), null));
        session.Commands.Add(new SessionStateCmdletEntry("Out-File", typeof(OutFileCommand), null));
    }

    /// <summary>Makes a missing Utility/Management command fail with an error that says what to use instead.</summary>
    public static void NameAlternatives(Runspace runspace)
        => runspace.SessionStateProxy.InvokeCommand.CommandNotFoundAction = (_, e) =>
        {
            if (Alternatives.TryGetValue(e.CommandName, out var alternative))
            {
                var message = $"{e.CommandName} is not available in the playground: the hosted PowerShell engine carries no Microsoft.PowerShell.Utility or .Management (pwsh has them). Instead, {alternative}. The playground supplies Export-Csv, ConvertTo-Json and Out-File.";
                e.CommandScriptBlock = ScriptBlock.Create("throw [System.Management.Automation.CommandNotFoundException]::new('" + message.Replace("'", "''") + "')");
                e.StopSearch = true;
            }
        };
}
