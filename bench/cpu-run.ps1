# One configuration of the CPU benchmark in a real pwsh process (CpuBench starts it): the signature pipeline, exactly as
# written, after a warm-up, measured $Runs times; each run prints one JSON line with this process's CPU time over it.
param(
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $AccessKey,
    [Parameter(Mandatory)] [string] $SecretKey,
    [int] $ThrottleLimit = 0,
    [int] $Runs = 3
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../out/RootAccess/RootAccess.psd1')
$PSDefaultParameterValues['*:EndpointUrl'] = $Endpoint
$PSDefaultParameterValues['*:Region'] = 'us-east-1'
$PSDefaultParameterValues['*:AccessKey'] = $AccessKey
$PSDefaultParameterValues['*:SecretKey'] = $SecretKey
if ($ThrottleLimit -gt 0) { $PSDefaultParameterValues['Get-RootCredentialStatus:ThrottleLimit'] = $ThrottleLimit }
$csv = Join-Path ([IO.Path]::GetTempPath()) "rootaccess-bench-cpu-$PID.csv"
try {
    Get-OrgAccounts | Get-RootCredentialStatus | Out-Null
    foreach ($run in 1..$Runs) {
        Start-Sleep -Milliseconds 1100 # the quota buckets refill between runs
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $process = [Diagnostics.Process]::GetCurrentProcess()
        $cpu = $process.TotalProcessorTime
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Get-OrgAccounts | Get-RootCredentialStatus | Export-Csv -LiteralPath $csv
        $clock.Stop()
        $process.Refresh()
        $spent = ($process.TotalProcessorTime - $cpu).TotalMilliseconds
        $rows = @(Import-Csv -LiteralPath $csv)
        [Console]::Out.WriteLine((@{ cpuMs = $spent; wallMs = $clock.Elapsed.TotalMilliseconds; rows = $rows.Count; audited = @($rows | Where-Object Status -eq 'Audited').Count } | ConvertTo-Json -Compress))
    }
}
finally {
    Remove-Item -LiteralPath $csv -ErrorAction Ignore
}
