BeforeAll {
    . $PSScriptRoot/TestSupport.ps1

    function Set-BackupPolicy {
        # What a forger who can write the backup folder does: put another policy in and recompute its SHA-256.
        param([string] $Path, [string] $Policy)
        $record = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
        $record.Policy = $Policy
        $sha = [System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($Policy))
        $record.PolicySha256 = -join ($sha | ForEach-Object { $_.ToString('x2') })
        $record | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $Path
    }
}

Describe 'Restore-ResourcePolicy' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 unlocks, then writes the policy back as the owner root' {
            $result = Invoke-DocExample Restore-ResourcePolicy 1
            $result.Action | Should -Be 'Restored'
            (Unlock-S3BucketPolicy -AccountId 777777777777 | Where-Object Resource -eq 'data-lake-raw-777777777777').DeniesAllPrincipals | Should -BeTrue
        }

        It 'Example 2 previews a restore and writes nothing' {
            $result = Invoke-DocExample Restore-ResourcePolicy 2
            $result | Where-Object Action -eq 'WouldRestore' | Should -Not -BeNullOrEmpty
            Unlock-SQSQueuePolicy -AccountId 777777777777 | Where-Object Resource -like '*ingest-events' | Should -BeNullOrEmpty
        }

        It 'Example 3 refuses a record whose seal does not verify, then restores it once allowed' {
            $result = Invoke-DocExample Restore-ResourcePolicy 3
            $result.Action | Should -Be 'Restored'
            (Unlock-S3BucketPolicy -AccountId 777777777777 | Where-Object Resource -eq 'data-lake-raw-777777777777').DeniesAllPrincipals | Should -BeTrue
        }
    }

    It 'refuses a forged record whose policy was edited and whose SHA-256 was recomputed, and writes nothing' {
        $unlocked = Unlock-S3BucketPolicy 777777777777 data-lake-raw-777777777777 -Force
        Set-BackupPolicy $unlocked.BackupPath '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::777777777777:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data-lake-raw-777777777777/*"}]}'
        $err = $null
        Restore-ResourcePolicy -Path $unlocked.BackupPath -UseRootSession -Force -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'PolicyBackupUnverified,RootAccess.Cmdlets.RestoreResourcePolicyCommand'
        $err[0].Exception.Message | Should -Match 'AllowUnverifiedBackup'
        Unlock-S3BucketPolicy -AccountId 777777777777 | Where-Object Resource -eq 'data-lake-raw-777777777777' | Should -BeNullOrEmpty
    }

    It 'refuses a policy that grants everyone until -AllowCrossAccountPolicy, naming the grant' {
        $unlocked = Unlock-S3BucketPolicy 777777777777 data-lake-raw-777777777777 -Force
        Set-BackupPolicy $unlocked.BackupPath '{"Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::data-lake-raw-777777777777/*"}]}'
        $err = $null
        Restore-ResourcePolicy -Path $unlocked.BackupPath -AllowUnverifiedBackup -UseRootSession -Force -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'PolicyGrantsBeyondAccount,RootAccess.Cmdlets.RestoreResourcePolicyCommand'
        $err[0].Exception.Message | Should -Match 'Public allows s3:GetObject to everyone'
        (Restore-ResourcePolicy -Path $unlocked.BackupPath -AllowUnverifiedBackup -AllowCrossAccountPolicy -UseRootSession -Force).Action | Should -Be 'Restored'
    }

    It 'seals with a 32-byte key (owner-only on Linux and macOS) that later unlocks and restores reuse' {
        $first = Unlock-S3BucketPolicy 777777777777 data-lake-raw-777777777777 -Force
        $key = Get-Item -LiteralPath $env:ROOTACCESS_BACKUP_KEY_PATH
        $key.Length | Should -Be 32
        if (-not $IsWindows) { $key.UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite') }
        (Restore-ResourcePolicy -Path $first.BackupPath -UseRootSession -Force).Action | Should -Be 'Restored'
        (Get-Item -LiteralPath $env:ROOTACCESS_BACKUP_KEY_PATH).LastWriteTimeUtc | Should -Be $key.LastWriteTimeUtc
    }

    It 'refuses a backup whose policy was edited' {
        $unlocked = Unlock-S3BucketPolicy 777777777777 data-lake-raw-777777777777 -Force
        $text = Get-Content -LiteralPath $unlocked.BackupPath -Raw
        $record = $text | ConvertFrom-Json
        $record.Policy = $record.Policy -replace 'Deny', 'Allow'
        $record | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $unlocked.BackupPath
        $err = $null
        Restore-ResourcePolicy -Path $unlocked.BackupPath -UseRootSession -Force -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err | Should -Not -BeNullOrEmpty
        $err[0].Exception.Message | Should -Match ([regex]::Escape((Split-Path $unlocked.BackupPath -Leaf)))
    }

    It 'previews an unverified record with -WhatIf, and says what it changes before writing it even with -Force' {
        $unlocked = Unlock-S3BucketPolicy 777777777777 data-lake-raw-777777777777 -Force
        Set-BackupPolicy $unlocked.BackupPath '{"Version":"2012-10-17","Statement":[{"Sid":"OwnerRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::777777777777:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data-lake-raw-777777777777/*"}]}'
        (Restore-ResourcePolicy -Path $unlocked.BackupPath -WhatIf).Action | Should -Be 'WouldRestore'
        $warnings = $null
        (Restore-ResourcePolicy -Path $unlocked.BackupPath -AllowUnverifiedBackup -UseRootSession -Force -WarningVariable warnings -WarningAction SilentlyContinue).Action | Should -Be 'Restored'
        "$warnings" | Should -Match 'UNVERIFIED'
        "$warnings" | Should -Match '\+ \{"Sid":"OwnerRead"'
    }

    It 'restores one resource once per call, never letting the last of two backups silently win' {
        $first = Unlock-S3BucketPolicy 777777777777 data-lake-raw-777777777777 -Force
        $copy = Join-Path (Split-Path $first.BackupPath) 'copy-of-the-same-bucket.json'
        Copy-Item -LiteralPath $first.BackupPath -Destination $copy
        $err = $null
        $rows = Restore-ResourcePolicy -Path $first.BackupPath, $copy -AllowUnverifiedBackup -UseRootSession -Force -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
        @($rows | Where-Object Action -eq 'Restored') | Should -HaveCount 1
        "$($err.ErrorDetails.Message)" | Should -Match 'second backup'
    }
}
