BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Enable-OrgRootAccess' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 does nothing twice' {
            Disable-OrgRootAccess -Confirm:$false | Out-Null
            (Invoke-DocExample Enable-OrgRootAccess 1).RootSessions | Should -BeTrue
            (Invoke-DocExample Enable-OrgRootAccess 1).Changes | Should -Match 'already on'
        }

        It 'Example 2 previews and changes nothing' {
            Disable-OrgRootAccess -Confirm:$false | Out-Null
            Invoke-DocExample Enable-OrgRootAccess 2 | Out-Null
            (Get-OrgRootAccessStatus).RootCredentialsManagement | Should -BeFalse
        }
    }
}
