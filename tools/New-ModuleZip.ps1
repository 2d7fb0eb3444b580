# The module as the runbook platforms import it: one zip whose top folder is RootAccess (Azure Automation's module
# import; the attachment an SSM Automation document's aws:executeScript step imports). Used by build.ps1 -Task Package
# and by the Pester test that imports the module from the extracted zip. -Include adds files at the zip's top (the SSM
# attachment RootAccessRunbooks.zip carries the runbook scripts beside the module folder).
param(
    [Parameter(Mandatory)] [string] $ModuleFolder,
    [Parameter(Mandatory)] [string] $Destination,
    [string[]] $Include = @()
)

$ErrorActionPreference = 'Stop'
Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
$source = (Resolve-Path -LiteralPath $ModuleFolder).ProviderPath.TrimEnd([System.IO.Path]::DirectorySeparatorChar)
if (-not (Test-Path -LiteralPath (Join-Path $source 'RootAccess.psd1'))) { throw "'$ModuleFolder' holds no RootAccess.psd1; build first (dotnet build)." }
New-Item -ItemType Directory -Force -Path (Split-Path -Parent $Destination) | Out-Null
Remove-Item -LiteralPath $Destination -Force -ErrorAction SilentlyContinue
$zip = [System.IO.Compression.ZipFile]::Open($Destination, [System.IO.Compression.ZipArchiveMode]::Create)
try {
    foreach ($file in Get-ChildItem -LiteralPath $source -Recurse -File) {
        # Entry names use '/', whatever the build machine's separator (Windows' own unzip and Azure both read it).
        $relative = $file.FullName.Substring($source.Length + 1).Replace([System.IO.Path]::DirectorySeparatorChar, '/')
        [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $file.FullName, "RootAccess/$relative", [System.IO.Compression.CompressionLevel]::Optimal) | Out-Null
    }
    foreach ($file in $Include | ForEach-Object { Get-Item -LiteralPath $_ }) {
        [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $file.FullName, $file.Name, [System.IO.Compression.CompressionLevel]::Optimal) | Out-Null
    }
}
finally { $zip.Dispose() }
Get-Item -LiteralPath $Destination
