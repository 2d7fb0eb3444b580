BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Remove-RootCredential' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 previews what would be removed and removes nothing' {
            $rows = Invoke-DocExample Remove-RootCredential 1
            ($rows | Where-Object Action -eq 'WouldRemove') | Should -Not -BeNullOrEmpty
            (Get-RootCredentialStatus 888888888888).HasRootCredentials | Should -BeTrue
        }

        It 'Example 2 removes everything the audit found' {
            $rows = Invoke-DocExample Remove-RootCredential 2
            $rows | Where-Object Action -eq 'Removed' | Should -Not -BeNullOrEmpty
            Get-OrgAccounts | Get-RootCredentialStatus | Where-Object HasRootCredentials | Should -BeNullOrEmpty
        }

        It 'Example 3 removes only access keys' {
            $rows = Invoke-DocExample Remove-RootCredential 3
            $rows.CredentialType | Sort-Object -Unique | Should -Be 'AccessKey'
            (Get-RootCredentialStatus 444444444444).AccessKeyCount | Should -Be 0
        }
    }

    It 'a second run finds nothing to remove' {
        Remove-RootCredential 555555555555 -Force | Out-Null
        Remove-RootCredential 555555555555 -Force | ForEach-Object Action | Sort-Object -Unique | Should -Be 'NotPresent'
    }

    It 'asks before removing and does nothing when the answer cannot be given' {
        # A non-interactive host cannot answer the High-impact prompt: the command fails instead of removing.
        { Remove-RootCredential 555555555555 -ErrorAction Stop } | Should -Throw
        (Get-RootCredentialStatus 555555555555).HasRootCredentials | Should -BeTrue
    }
}
