# Runs before RootAccess.dll loads (ScriptsToProcess). RootAccess shares AWSSDK.Core with AWS.Tools 5.x on purpose,
# so a root session's credentials work as -Credential; a session that already loaded an older AWSSDK.Core (AWS.Tools
# 4.x ships 3.x) would otherwise fail with "Could not load file or assembly" or, later, "Method not found".
& {
    $loaded = @([System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' })[0]
    if ($null -eq $loaded) { return }
    $shipped = [System.IO.Path]::Combine($PSScriptRoot, 'AWSSDK.Core.dll')
    $required = [version][System.Diagnostics.FileVersionInfo]::GetVersionInfo($shipped).FileVersion
    $attribute = $loaded.GetCustomAttributes([System.Reflection.AssemblyFileVersionAttribute], $false) | ForEach-Object Version
    $present = if ($attribute) { [version]$attribute } else { $loaded.GetName().Version }
    if ($present -ge $required) { return }
    $cause = if ($present.Major -lt 4) { "AWSSDK.Core $present (AWS SDK for .NET v3, as AWS.Tools 4.x ships it)" } else { "AWSSDK.Core $present, older than the $required RootAccess was built against" }
    throw "RootAccess cannot load: this PowerShell session already loaded $cause, and a session holds only one AWSSDK.Core. Start a new session and Import-Module RootAccess before any AWS.Tools module, or update AWS.Tools to 5.x (Update-Module AWS.Tools.Common) so both use AWSSDK.Core $($required.Major).x at $required or newer."
}
