BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Get-RootCredentialRollout' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 counts the accounts per state' {
            $summary = Invoke-DocExample Get-RootCredentialRollout 1
            $summary.Complete | Should -BeTrue
            $summary.Total | Should -Be ($summary.Verified + $summary.Skipped + $summary.Excluded + $summary.Failed)
        }

        It 'Example 2 writes the accounts that did not end verified to CSV' {
            Invoke-DocExample Get-RootCredentialRollout 2 | Should -BeNullOrEmpty
            $rows = Import-Csv (Join-Path $TestDrive 'not-verified.csv')
            $rows | Should -Not -BeNullOrEmpty
            $rows | ForEach-Object { $_.State | Should -Not -Be 'Verified'; $_.Reason | Should -Not -BeNullOrEmpty }
        }
    }

    It 'says plainly when there is no state at the path' {
        $err = $null
        Get-RootCredentialRollout (Join-Path $TestDrive 'none.json') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RolloutStateNotFound,*'
    }

    It 'refuses a state cut short' {
        $state = Join-Path $TestDrive 'cut.json'
        Invoke-RootCredentialRollout -StatePath $state -Force -TimeLimit 0 -WarningAction SilentlyContinue | Out-Null
        $bytes = [System.IO.File]::ReadAllBytes($state)
        [System.IO.File]::WriteAllBytes($state, $bytes[0..($bytes.Length / 2)])
        $err = $null
        Get-RootCredentialRollout $state -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RolloutStateUnreadable,*'
    }
}
