BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Test-RootAccessHardening' {
    Context 'documented examples' {
        It 'Example 1 writes one row per control with evidence and remediation' {
            $checks = Invoke-DocExample Test-RootAccessHardening 1
            $checks | Should -HaveCount 16
            ($checks | Where-Object ControlId -eq 'RA-H01').Status | Should -Be 'Pass'
            $checks | Where-Object Status -eq 'Fail' | ForEach-Object { $_.Remediation | Should -Not -BeNullOrEmpty }
        }

        It 'Example 2 answers False for the sample organization' {
            Invoke-DocExample Test-RootAccessHardening 2 | Should -BeFalse
        }

        It 'Example 3 reads the log archive with its profile' {
            $checks = Invoke-DocExample Test-RootAccessHardening 3
            ($checks | Where-Object ControlId -eq 'RA-H06').Evidence | Should -Match 'GOVERNANCE'
        }

        It 'Example 4 writes the HTML report beside the rows' {
            $checks = Invoke-DocExample Test-RootAccessHardening 4
            $checks | Should -HaveCount 16
            $html = Get-Content -LiteralPath (Join-Path $TestDrive 'root-access-hardening.html') -Raw
            $html | Should -Match '<html'
            $html | Should -Match 'RA-H07'
        }
    }
}
