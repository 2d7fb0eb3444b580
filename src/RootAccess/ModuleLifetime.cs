using System.Management.Automation;

namespace RootAccess;

/// <summary>
/// The manifest's ScriptsToProcess (RootAccess.Compatibility.ps1, the AWSSDK.Core check that must run before this assembly
/// loads) leaves a script module of that name in the session; once the check passed it has no use, so the import takes it
/// away and Remove-Module RootAccess leaves nothing behind.
/// </summary>
public sealed class ModuleLifetime : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddCommand("Microsoft.PowerShell.Core\\Get-Module").AddParameter("Name", "RootAccess.Compatibility")
            .AddCommand("Microsoft.PowerShell.Core\\Remove-Module").AddParameter("Force").AddParameter("ErrorAction", ActionPreference.Ignore);
        ps.Invoke();
    }
}
