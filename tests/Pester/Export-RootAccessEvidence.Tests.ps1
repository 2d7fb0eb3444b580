BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Export-RootAccessEvidence' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 writes the nine files of the pack' {
            $result = Invoke-DocExample Export-RootAccessEvidence 1
            $result.Files | Should -Be 9
            $result.ManifestSha256 | Should -Match '^[0-9a-f]{64}$'
            (Get-ChildItem (Join-Path $TestDrive 'evidence/CHG-1042')).Count | Should -Be 9
            (Import-Csv (Join-Path $TestDrive 'evidence/CHG-1042/accounts.csv') | Where-Object AccountId -eq '444444444444').ChangeReference | Should -Be 'CHG-1042'
        }

        It 'Example 2 writes it to S3 and it verifies' {
            $out = Invoke-DocExample Export-RootAccessEvidence 2
            $out[-1] | Should -BeTrue
        }
    }

    It 'says which -StatePath holds no rollout' {
        $err = $null
        Export-RootAccessEvidence (Join-Path $TestDrive 'none.json') (Join-Path $TestDrive 'pack') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RolloutStateNotFound,*'
        Join-Path $TestDrive 'pack' | Should -Not -Exist
    }
}
