BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Test-RootAccessEvidence' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 answers True for an intact pack' {
            Invoke-DocExample Test-RootAccessEvidence 1 | Should -BeTrue
        }

        It 'Example 2 names the changed file' {
            $out = Invoke-DocExample Test-RootAccessEvidence 2
            $out[0] | Should -BeFalse
            "$($out[1])" | Should -Match 'Changed since the pack was written: accounts.csv'
        }
    }

    It 'answers False with a warning for a folder that is no pack' {
        New-Item -ItemType Directory (Join-Path $TestDrive 'empty') | Out-Null
        Test-RootAccessEvidence (Join-Path $TestDrive 'empty') -WarningVariable w -WarningAction SilentlyContinue | Should -BeFalse
        "$w" | Should -Match 'no manifest.json'
    }
}
