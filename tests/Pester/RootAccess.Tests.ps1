#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Pester 5 tests for machines with pwsh: the built module (out/RootAccess) against the simulator, which the
# playground serves (`--serve`) on 127.0.0.1. Run them with ./build.ps1 -Task Test, after dotnet build.

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @('run', '--project', (Join-Path $root 'src/RootAccess.Playground'), '--', '--serve')) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $script:simulator = [System.Diagnostics.Process]::Start($start)
    do { $line = $script:simulator.StandardOutput.ReadLine() } until ($null -eq $line -or $line -like 'endpoint=*')
    if ($null -eq $line) { throw 'The simulator did not start.' }
    $settings = @{}
    foreach ($pair in $line -split ' ') { $name, $value = $pair -split '=', 2; $settings[$name] = $value }
    $script:saved = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_ENDPOINT_URL', 'AWS_PROFILE') {
        $script:saved[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    $env:AWS_ACCESS_KEY_ID = $settings.accessKey
    $env:AWS_SECRET_ACCESS_KEY = $settings.secretKey
    $env:AWS_SESSION_TOKEN = $null
    $env:AWS_PROFILE = $null
    $env:AWS_REGION = $settings.region
    $env:AWS_ENDPOINT_URL = $settings.endpoint
    Import-Module (Join-Path $root 'out/RootAccess/RootAccess.psd1') -Force
}

AfterAll {
    Remove-Module RootAccess -ErrorAction SilentlyContinue
    foreach ($name in $script:saved.Keys) { [Environment]::SetEnvironmentVariable($name, $script:saved[$name]) }
    if ($script:simulator -and -not $script:simulator.HasExited) {
        $script:simulator.StandardInput.Close()
        if (-not $script:simulator.WaitForExit(10000)) { $script:simulator.Kill() }
    }
}

Describe 'The module' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest (Join-Path $PSScriptRoot '../../out/RootAccess/RootAccess.psd1') } | Should -Not -Throw
    }

    It 'exports the Get-OrgAccounts alias' {
        (Get-Alias Get-OrgAccounts).Definition | Should -Be 'Get-OrgAccount'
    }
}

Describe 'The signature pipeline' {
    It 'writes one CSV row per active member account' {
        $csv = Join-Path $TestDrive 'root-credentials.csv'
        Get-OrgAccounts | Get-RootCredentialStatus -WarningAction SilentlyContinue | Export-Csv $csv
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 7
        ($rows | Where-Object AccountId -eq '444444444444').HasRootCredentials | Should -Be 'True'
        (Get-Content $csv -Raw) | Should -Not -Match 'SecretAccessKey'
    }
}

Describe 'Get-OrgAccount' {
    It 'filters by state and walks OUs' {
        (Get-OrgAccount -State ACTIVE).Count | Should -Be 8
        (Get-OrgAccount -ParentId ou-sim0-workload1 -Recurse | Where-Object ParentId -eq 'ou-sim0-prodwork1').Count | Should -Be 2
    }

    It 'names ParentId when it is malformed' {
        { Get-OrgAccount -ParentId Workloads -ErrorAction Stop } | Should -Throw -ExpectedMessage "*'ParentId'*"
    }
}

Describe 'Invoke-AssumeRoot' {
    It 'binds an account id by property name and hides the secret' {
        $session = [pscustomobject]@{ AccountId = '444444444444' } | Invoke-AssumeRoot -TaskPolicy IAMAuditRootUserCredentials -DurationSeconds 60
        $session.TaskPolicy | Should -Be 'IAMAuditRootUserCredentials'
        ($session | ConvertTo-Json -Depth 4) | Should -Not -Match $session.Credentials.GetCredentials().SecretKey
        ($session | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($session.Credentials.GetCredentials().Token))
    }

    It 'refuses an 11-digit account id' {
        { Invoke-AssumeRoot 12345678901 IAMAuditRootUserCredentials -ErrorAction Stop } | Should -Throw -ExpectedMessage '*11 digits*'
    }

    It 'refuses DurationSeconds 901' {
        { Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -DurationSeconds 901 -ErrorAction Stop } | Should -Throw -ExpectedMessage "*DurationSeconds*"
    }

    It 'restores the environment after -ScriptBlock' {
        $before = $env:AWS_ACCESS_KEY_ID
        Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -ScriptBlock { $env:AWS_ACCESS_KEY_ID } | Should -BeLike 'ASIA*'
        $env:AWS_ACCESS_KEY_ID | Should -Be $before
    }
}

Describe 'Remediation' {
    It 'previews credential removal with -WhatIf' {
        $rows = Remove-RootCredential 888888888888 -WhatIf
        ($rows | Where-Object Action -eq 'WouldRemove').Count | Should -Be 3
    }

    It 'removes credentials and a second run finds none' {
        Remove-RootCredential 555555555555 -Force | Where-Object Action -eq 'Removed' | Should -Not -BeNullOrEmpty
        Remove-RootCredential 555555555555 -Force | ForEach-Object Action | Sort-Object -Unique | Should -Be 'NotPresent'
    }

    It 'unlocks and restores a bucket policy' {
        $unlocked = Unlock-S3BucketPolicy 777777777777 data-lake-raw-777777777777 -BackupPath $TestDrive -Force
        $unlocked.Action | Should -Be 'Unlocked'
        Test-Path $unlocked.BackupPath | Should -BeTrue
        ($unlocked | Restore-ResourcePolicy -UseRootSession -Force).Action | Should -Be 'Restored'
    }

    It 'unlocks a queue policy by name' {
        (Unlock-SQSQueuePolicy -AccountId 777777777777 -QueueName ingest-events -BackupPath $TestDrive -Force).Action | Should -Be 'Unlocked'
    }

    It 'refuses to create a root password where one exists without -Force' {
        { Enable-RootPasswordRecovery 444444444444 -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ExpectedMessage '*already has a root password*'
    }
}

Describe 'Organization root access and the audit trail' {
    It 'reports the status' {
        (Get-OrgRootAccessStatus).RootSessions | Should -BeTrue
    }

    It 'does nothing twice when enabling' {
        (Enable-OrgRootAccess).Changes | Should -Match 'already on'
    }

    It 'lists the AssumeRoot calls made in this run' {
        $events = Get-AssumeRootEvent -Since 1h
        $events.Count | Should -BeGreaterThan 0
        $events | Where-Object TaskPolicy -eq 'IAMDeleteRootUserCredentials' | ForEach-Object Severity | Should -Contain 'High'
    }
}
