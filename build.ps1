#requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests, documents and packages RootAccess for people who have PowerShell. Not needed to build:
    `dotnet build` alone assembles out/RootAccess.
.EXAMPLE
    ./build.ps1 -Task Build, Test
.EXAMPLE
    ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/RootAccess'

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

foreach ($step in $Task) {
    switch ($step) {
        'Build' {
            Invoke-Dotnet build (Join-Path $root 'RootAccess.sln') -c $Configuration
        }
        'Test' {
            Invoke-Dotnet test (Join-Path $root 'RootAccess.sln') -c $Configuration
            $pester = Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0.0' | Select-Object -First 1
            if ($pester) {
                Import-Module $pester
                $result = Invoke-Pester -Path (Join-Path $root 'tests/Pester') -PassThru -Output Detailed
                if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester tests failed" }
            }
            else {
                Write-Warning 'Pester 5 is not installed: skipped tests/Pester (dotnet test ran the full suite).'
            }
        }
        'Docs' {
            # One help generator: the HelpBuilder the build runs (platyPS would write a second, different MAML).
            Invoke-Dotnet build (Join-Path $root 'src/RootAccess/RootAccess.csproj') -c $Configuration
        }
        'Package' {
            Invoke-Dotnet build (Join-Path $root 'RootAccess.sln') -c Release
            $manifest = Test-ModuleManifest (Join-Path $moduleOut 'RootAccess.psd1')
            $package = Join-Path $root "out/package/RootAccess/$($manifest.Version)"
            Remove-Item $package -Recurse -Force -ErrorAction SilentlyContinue
            New-Item $package -ItemType Directory -Force | Out-Null
            Copy-Item (Join-Path $moduleOut '*') $package -Recurse
            Write-Host "Gallery-ready module folder: $package (Publish-PSResource -Path $package -Repository PSGallery)"
        }
    }
}
