BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Disable-OrgRootAccess' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 previews and changes nothing' {
            Invoke-DocExample Disable-OrgRootAccess 1 | Out-Null
            (Get-OrgRootAccessStatus).RootSessions | Should -BeTrue
        }

        It 'Example 2 turns off root sessions and keeps credential management' {
            $status = Invoke-DocExample Disable-OrgRootAccess 2
            $status.RootSessions | Should -BeFalse
            $status.RootCredentialsManagement | Should -BeTrue
            { Invoke-AssumeRoot 777777777777 S3UnlockBucketPolicy -ErrorAction Stop } | Should -Throw
        }
    }

    It 'refuses to run without confirmation in a non-interactive host' {
        { Disable-OrgRootAccess -ErrorAction Stop } | Should -Throw
        (Get-OrgRootAccessStatus).RootSessions | Should -BeTrue
    }
}
