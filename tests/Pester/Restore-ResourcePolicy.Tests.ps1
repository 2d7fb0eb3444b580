BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

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
}
