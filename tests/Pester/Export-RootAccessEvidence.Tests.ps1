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

        It 'Example 3 records an audit of the organization' {
            $result = Invoke-DocExample Export-RootAccessEvidence 3
            $result.Kind | Should -Be 'Audit'
            $result.Files | Should -Be 5
            $rows = Import-Csv (Join-Path $TestDrive 'evidence/audit-2026-12/accounts.csv')
            $rows.Count | Should -Be $result.Accounts
            ($rows | Where-Object AccountId -eq '444444444444').HasRootCredentials | Should -Be 'True'
            (Get-Content -Raw (Join-Path $TestDrive 'evidence/audit-2026-12/manifest.json')) | Should -Match '"changeReference": "AUDIT-Q4"'
            Test-RootAccessEvidence -Path (Join-Path $TestDrive 'evidence/audit-2026-12') -ManifestSha256 $result.ManifestSha256 | Should -BeTrue
        }
    }

    Context 'an audit pack' {
        It 'records a failed account as a row and counts it' {
            Add-SimulatorFault -Operation AssumeRoot -Kind AccessDenied -AccountId 444444444444
            $result = Get-OrgAccounts | Get-RootCredentialStatus -ErrorAction SilentlyContinue | Export-RootAccessEvidence -Path (Join-Path $TestDrive 'failed') -SkipHardening
            $result.AccountsFailed | Should -Be 1
            (Import-Csv (Join-Path $TestDrive 'failed/accounts.csv') | Where-Object AccountId -eq '444444444444').Status | Should -Be 'Failed'
        }

        It 'is never written over, and a tampered file is named' {
            $path = Join-Path $TestDrive 'once'
            $first = Get-OrgAccounts | Get-RootCredentialStatus | Export-RootAccessEvidence -Path $path -SkipHardening
            $err = $null
            Get-OrgAccounts | Get-RootCredentialStatus | Export-RootAccessEvidence -Path $path -SkipHardening -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'EvidenceWriteFailed,*'
            Add-Content -LiteralPath (Join-Path $path 'accounts.csv') -Value '"999999999999"'
            Test-RootAccessEvidence -Path $path -ManifestSha256 $first.ManifestSha256 -WarningVariable warnings -WarningAction SilentlyContinue | Should -BeFalse
            "$warnings" | Should -Match 'accounts.csv'
        }

        It 'refuses to record nothing' {
            { @() | Export-RootAccessEvidence -Path (Join-Path $TestDrive 'empty') -ErrorAction Stop } | Should -Throw -ErrorId 'EvidenceWriteFailed,*'
            Join-Path $TestDrive 'empty' | Should -Not -Exist
        }
    }

    It 'says which -StatePath holds no rollout' {
        $err = $null
        Export-RootAccessEvidence (Join-Path $TestDrive 'none.json') (Join-Path $TestDrive 'pack') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RolloutStateNotFound,*'
        Join-Path $TestDrive 'pack' | Should -Not -Exist
    }
}
