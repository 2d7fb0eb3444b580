BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Enable-RootPasswordRecovery' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 previews and creates nothing' {
            $result = Invoke-DocExample Enable-RootPasswordRecovery 1 3>$null
            $result.Action | Should -Be 'WouldEnable'
            (Get-RootCredentialStatus 222222222222).PasswordPresent | Should -BeFalse
        }

        It 'Example 2 creates the login profile unattended' {
            $result = Invoke-DocExample Enable-RootPasswordRecovery 2 3>$null
            $result.Action | Should -Be 'Enabled'
            (Get-RootCredentialStatus 222222222222).PasswordPresent | Should -BeTrue
        }
    }

    It 'refuses an account that already has a password without -Force' {
        { Enable-RootPasswordRecovery 444444444444 -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ExpectedMessage '*already has a root password*'
    }
}
