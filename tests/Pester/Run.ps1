#requires -Version 7.2
<#
.SYNOPSIS
    Runs tests/Pester in this pwsh (the pinned `dotnet pwsh`) with Pester 6.2.0 from the NuGet cache, against one
    simulator for the whole run, with the module imported from out/RootAccess. Nothing is built here: run
    `dotnet build` (or `dotnet test`) first.
.EXAMPLE
    dotnet pwsh -NoProfile -NonInteractive -File tests/Pester/Run.ps1
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Pester/Run.ps1 -Path tests/Pester/Invoke-AssumeRoot.Tests.ps1 -Output Detailed
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',

    [string[]] $Path = @($PSScriptRoot),

    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Output = 'Normal'
)

$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
$pester = Join-Path $packages 'pester/6.2.0/tools/Pester.psd1'
if (-not (Test-Path -LiteralPath $pester)) {
    throw "Pester 6.2.0 is not in the NuGet cache ($pester). Run 'dotnet restore tests/RootAccess.Tests': its PackageDownload brings it."
}

$playground = Join-Path $root "src/RootAccess.Playground/bin/$Configuration/net10.0/RootAccess.Playground.dll"
$manifest = Join-Path $root 'out/RootAccess/RootAccess.psd1'
foreach ($built in $playground, $manifest) {
    if (-not (Test-Path -LiteralPath $built)) { throw "$built is missing: run 'dotnet build -c $Configuration' first." }
}

# One simulator for the run; each test file resets it to the sample organization (POST /__simulator/reset).
$start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
foreach ($argument in $playground, '--serve') { $start.ArgumentList.Add($argument) }
$start.RedirectStandardInput = $true
$start.RedirectStandardOutput = $true
$start.UseShellExecute = $false
$simulator = [System.Diagnostics.Process]::Start($start)
$saved = @{}
$work = Join-Path ([System.IO.Path]::GetTempPath()) "rootaccess-pester-$([guid]::NewGuid().ToString('N'))"
try {
    do { $line = $simulator.StandardOutput.ReadLine() } until ($null -eq $line -or $line -like 'endpoint=*')
    if ($null -eq $line) { throw 'The simulator did not start (dotnet RootAccess.Playground.dll --serve printed no endpoint).' }
    $settings = @{}
    foreach ($pair in $line -split ' ') { $name, $value = $pair -split '=', 2; $settings[$name] = $value }

    New-Item -ItemType Directory -Path $work | Out-Null

    $environment = [ordered]@{
        AWS_ACCESS_KEY_ID             = $settings.accessKey
        AWS_SECRET_ACCESS_KEY         = $settings.secretKey
        AWS_SESSION_TOKEN             = $null
        AWS_PROFILE                   = $null
        AWS_REGION                    = $settings.region
        AWS_DEFAULT_REGION            = $null
        AWS_ENDPOINT_URL              = $settings.endpoint
        AWS_EC2_METADATA_DISABLED     = 'true'
        AWS_SHARED_CREDENTIALS_FILE   = $settings.profiles # every caller of the fixture, named after its account
        AWS_CONFIG_FILE               = Join-Path $work 'config'
        ROOTACCESS_BACKUP_PATH        = Join-Path $work 'backups'
        ROOTACCESS_BACKUP_KEY_PATH    = Join-Path $work 'backup-seal.key' # never the admin's own key
        ROOTACCESS_TEST_ENDPOINT      = $settings.endpoint
        ROOTACCESS_TEST_ROOT          = $root
        ROOTACCESS_TEST_CONFIGURATION = $Configuration
        # Debian's AWS CLI v2 when build.ps1 installed it; else whichever aws is on PATH.
        ROOTACCESS_TEST_AWS_CLI       = if (Test-Path -LiteralPath '/usr/bin/aws') { '/usr/bin/aws' } else { 'aws' }
    }
    foreach ($name in $environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, ($environment[$name] ?? [NullString]::Value)) # $null unsets (PowerShell would pass "")
    }

    Import-Module $pester -Force
    $config = New-PesterConfiguration
    $config.Run.Path = $Path
    $config.Run.PassThru = $true
    $config.Output.Verbosity = $Output
    $result = Invoke-Pester -Configuration $config
    $files = @($result.Containers).Count
    "PESTER files=$files tests=$($result.TotalCount) passed=$($result.PassedCount) failed=$($result.FailedCount) skipped=$($result.SkippedCount) notrun=$($result.NotRunCount) failedContainers=$(@($result.FailedContainers).Count)"
    if ($result.Result -ne 'Passed' -or $result.FailedCount -gt 0 -or $result.TotalCount -eq 0) { exit 1 }
}
finally {
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, ($saved[$name] ?? [NullString]::Value)) }
    if (-not $simulator.HasExited) {
        $simulator.StandardInput.Close()
        if (-not $simulator.WaitForExit(10000)) { $simulator.Kill($true) }
    }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
