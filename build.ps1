#requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests, documents and packages RootAccess for people who have PowerShell. Not needed to build:
    `dotnet build` alone assembles out/RootAccess.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Package
.EXAMPLE
    ./build.ps1 -Task Runbooks
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Runbooks')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/RootAccess'

# A real client no one here wrote, from Debian when it is missing (CI runs as root); otherwise a clear error.
function Install-DebianCommand([string] $Command, [string] $Package, [string] $Why) {
    if (-not (Get-Command $Command -ErrorAction Ignore)) {
        if ($IsLinux -and (& id -u) -eq '0') {
            & apt-get update -qq
            $env:DEBIAN_FRONTEND = 'noninteractive'
            & apt-get install -y -qq $Package | Out-Null
        }
        if (-not (Get-Command $Command -ErrorAction Ignore)) { throw "$Why needs $Command on PATH (as root: apt-get install $Package)." }
    }
}

# The runbook platforms' packages from the module folder: RootAccess.zip (Azure Automation imports it as the module),
# RootAccessRunbooks.zip (the SSM documents' attachment: the module folder and the runbook scripts) and the SSM documents
# with the attachment's sha256 filled in (out/package/ssm/).
function New-RunbookPackage {
    $package = Join-Path $root 'out/package'
    $module = & (Join-Path $root 'tools/New-ModuleZip.ps1') -ModuleFolder $moduleOut -Destination (Join-Path $package 'RootAccess.zip')
    $scripts = Get-ChildItem (Join-Path $root 'runbooks/azure-automation/*.ps1') | ForEach-Object FullName
    $attachment = & (Join-Path $root 'tools/New-ModuleZip.ps1') -ModuleFolder $moduleOut -Destination (Join-Path $package 'RootAccessRunbooks.zip') -Include $scripts
    $sha256 = (Get-FileHash -LiteralPath $attachment.FullName -Algorithm SHA256).Hash.ToLowerInvariant()
    New-Item -ItemType Directory -Force -Path (Join-Path $package 'ssm') | Out-Null
    $documents = foreach ($document in Get-ChildItem (Join-Path $root 'runbooks/ssm/*.yaml')) {
        $target = Join-Path $package "ssm/$($document.Name)"
        [System.IO.File]::WriteAllText($target, ([System.IO.File]::ReadAllText($document.FullName) -replace 'REPLACED-BY-BUILD-PACKAGE', $sha256))
        $target
    }
    [pscustomobject]@{ Module = $module.FullName; Attachment = $attachment.FullName; Documents = $documents }
}

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
            # Every suite, in the pinned pwsh: xunit, Pester (a child pwsh, non-interactive, so a prompt fails the test that
            # caused it), AWS's JS SDK against the simulator, and the hardening report in headless chromium.
            Invoke-Dotnet test (Join-Path $root 'RootAccess.sln') -c $Configuration
            # The profile tests run Debian's AWS CLI v2 (/usr/bin/aws), whatever other aws is on PATH.
            Install-DebianCommand /usr/bin/aws awscli 'The root access profile tests (with the AWS CLI v2)'
            & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Pester/Run.ps1') -Configuration $Configuration
            if ($LASTEXITCODE -ne 0) { throw "Pester failed (exit code $LASTEXITCODE)" }
            Push-Location (Join-Path $root 'tests/Conformance')
            try {
                & npm ci --no-audit --no-fund
                if ($LASTEXITCODE -ne 0) { throw "npm ci failed in tests/Conformance (exit code $LASTEXITCODE)" }
                & node conformance.mjs
                if ($LASTEXITCODE -ne 0) { throw "The conformance suite failed (exit code $LASTEXITCODE)" }
                $env:ROOTACCESS_TEST_CONFIGURATION = $Configuration
                & node stress.mjs
                if ($LASTEXITCODE -ne 0) { throw "The simulator did not survive 3,000 accounts through AWS's JS SDK (exit code $LASTEXITCODE)" }
                & node profile.mjs
                if ($LASTEXITCODE -ne 0) { throw "A root access profile did not resolve through AWS's JS SDK (exit code $LASTEXITCODE)" }
            }
            finally { Pop-Location }
            Install-DebianCommand chromium chromium 'The browser check of the hardening report'
            & node (Join-Path $root 'tests/Browser/report.mjs')
            if ($LASTEXITCODE -ne 0) { throw "The browser check of the hardening report failed (exit code $LASTEXITCODE)" }
            # The runbooks, as Azure Automation and SSM Automation run them (the same as -Task Runbooks).
            & $PSCommandPath -Task Runbooks -Configuration $Configuration
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
            $packaged = New-RunbookPackage
            Write-Host "Azure Automation module zip (top folder RootAccess): $($packaged.Module)"
            Write-Host "SSM Automation attachment and documents (sha256 filled in): $($packaged.Attachment), $($packaged.Documents -join ', ')"
        }
        'Runbooks' {
            # Each runbook as its platform runs it (the pinned pwsh, the platform's environment only, the module from the
            # packaged zip), against the simulator: one line per runbook and case, RUNBOOK <name> <case> passed|failed.
            if (-not (Test-Path -LiteralPath (Join-Path $moduleOut 'RootAccess.psd1'))) { Invoke-Dotnet build (Join-Path $root 'RootAccess.sln') -c $Configuration }
            $packaged = New-RunbookPackage
            $pwsh = Join-Path $PSHOME 'pwsh.dll'
            Invoke-Dotnet run --project (Join-Path $root 'tools/RootAccess.Rehearsal') -c $Configuration -- --dotnet ([Environment]::ProcessPath) --pwsh $pwsh --package (Split-Path -Parent $packaged.Module) --runbooks (Join-Path $root 'runbooks')
        }
    }
}
