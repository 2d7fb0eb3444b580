BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Get-OrgRootAccessStatus' {
    Context 'documented examples' {
        It 'Example 1 reports the features' {
            $status = Invoke-DocExample Get-OrgRootAccessStatus 1
            $status.TrustedAccessEnabled | Should -BeTrue
            $status.RootSessions | Should -BeTrue
            $status.ManagementAccountId | Should -Be '111111111111'
        }

        It 'Example 2 says nothing while root sessions are on' {
            Invoke-DocExample Get-OrgRootAccessStatus 2 | Should -BeNullOrEmpty
        }
    }

    It 'Example 2 says so when root sessions are off' {
        Disable-OrgRootAccess -Feature RootSessions -Confirm:$false | Out-Null
        try { Invoke-DocExample Get-OrgRootAccessStatus 2 | Should -Be 'Root sessions are off' }
        finally { Reset-Simulator }
    }
}
