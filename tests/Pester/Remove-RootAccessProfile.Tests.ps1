BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Remove-RootAccessProfile' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 writes, then removes the profile' {
            Invoke-DocExample Remove-RootAccessProfile 1 | Should -BeNullOrEmpty
            Get-Content -LiteralPath (Join-Path $TestDrive 'root-profiles') -Raw | Should -Not -Match 'audit-444'
        }

        It 'Example 2 previews and the profile stays' {
            Invoke-DocExample Remove-RootAccessProfile 2 | Should -BeNullOrEmpty
            Get-Content -LiteralPath (Join-Path $TestDrive 'root-profiles') -Raw | Should -Match 'audit-444'
        }
    }

    It 'removes no profile this module did not write' {
        $file = Join-Path $TestDrive 'mixed-profiles'
        "[work]`naws_access_key_id = AKIAEXAMPLE000000001`naws_secret_access_key = example`n" | Set-Content -LiteralPath $file
        $err = $null
        Remove-RootAccessProfile work -ProfileLocation $file -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'ProfileNotRootAccess,RootAccess.Cmdlets.RemoveRootAccessProfileCommand'
        Get-Content -LiteralPath $file -Raw | Should -Match 'AKIAEXAMPLE000000001'
    }
}
