BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Unlock-S3BucketPolicy' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 lists the buckets with a policy and marks the locked one' {
            $buckets = Invoke-DocExample Unlock-S3BucketPolicy 1
            ($buckets | Where-Object Resource -eq 'data-lake-raw-777777777777').DeniesAllPrincipals | Should -BeTrue
        }

        It 'Example 2 backs the policy up, then deletes it' {
            $result = Invoke-DocExample Unlock-S3BucketPolicy 2
            $result.Action | Should -Be 'Unlocked'
            Test-Path -LiteralPath $result.BackupPath | Should -BeTrue
            $result.BackupPath | Should -BeLike "$env:ROOTACCESS_BACKUP_PATH*"
        }

        It 'Example 3 previews and changes nothing' {
            $result = Invoke-DocExample Unlock-S3BucketPolicy 3
            $result.Action | Should -Be 'WouldUnlock'
            (Unlock-S3BucketPolicy -AccountId 777777777777 | Where-Object Resource -eq 'data-lake-raw-777777777777').DeniesAllPrincipals | Should -BeTrue
        }

        It 'Example 4 keeps the backup in S3' {
            $result = Invoke-DocExample Unlock-S3BucketPolicy 4
            $result.Action | Should -Be 'Unlocked'
            $result.BackupPath | Should -BeLike 's3://rootaccess-backups-111111111111/unlocks/*'
        }
    }

    It 'says in its help where backups really go' {
        $help = Get-Help Unlock-S3BucketPolicy -Full | Out-String
        $help | Should -Not -Match '\./RootAccess-backups'
        $help | Should -Match 'ROOTACCESS_BACKUP_PATH'
    }

    It 'refuses a policy that locks nobody out unless told' {
        $err = $null
        Unlock-S3BucketPolicy -AccountId 777777777777 | Where-Object { -not $_.DeniesAllPrincipals } | Select-Object -First 1 | ForEach-Object {
            Unlock-S3BucketPolicy 777777777777 $_.Resource -Force -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
            $err | Should -Not -BeNullOrEmpty
        }
    }
}
