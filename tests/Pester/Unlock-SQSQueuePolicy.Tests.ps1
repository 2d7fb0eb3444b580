BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Unlock-SQSQueuePolicy' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 unlocks a queue by account and name' {
            $result = Invoke-DocExample Unlock-SQSQueuePolicy 1
            $result.Action | Should -Be 'Unlocked'
            $result.ResourceType | Should -Be 'SqsQueue'
            Test-Path -LiteralPath $result.BackupPath | Should -BeTrue
        }

        It 'Example 2 previews by URL' {
            $result = Invoke-DocExample Unlock-SQSQueuePolicy 2
            $result.Action | Should -Be 'WouldUnlock'
        }
    }

    It 'lists the queues with a policy given the account alone' {
        Unlock-SQSQueuePolicy -AccountId 777777777777 | Where-Object Resource -like '*ingest-events' | Should -Not -BeNullOrEmpty
    }
}
