BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Get-RootCredentialStatus' {
    Context 'documented examples' {
        It 'Example 1, the signature pipeline, writes one CSV row per account with no secret' {
            Invoke-DocExample Get-RootCredentialStatus 1
            $rows = Import-Csv (Join-Path $TestDrive 'root-credentials.csv')
            $rows | Should -HaveCount 8
            ($rows | Where-Object AccountId -eq '111111111111').Status | Should -Be 'Skipped'
            ($rows | Where-Object AccountId -eq '444444444444').HasRootCredentials | Should -Be 'True'
            (Get-Content (Join-Path $TestDrive 'root-credentials.csv') -Raw) | Should -Not -Match 'SecretAccessKey|SessionToken'
        }

        It 'Example 2 shows only accounts that still have root credentials' {
            $rows = Invoke-DocExample Get-RootCredentialStatus 2
            $rows | Should -Not -BeNullOrEmpty
            $rows | ForEach-Object { $_.HasRootCredentials | Should -BeTrue }
        }

        It 'Example 3 audits plain ids in the order given' {
            $rows = Invoke-DocExample Get-RootCredentialStatus 3
            $rows.AccountId | Should -Be @('444444444444', '888888888888')
        }

        It 'Example 4 lists what was not audited, with a reason' {
            $rows = Invoke-DocExample Get-RootCredentialStatus 4
            $rows.AccountId | Should -Be '111111111111'
            $rows.Reason | Should -Not -BeNullOrEmpty
        }
    }

    It 'writes a Failed row and an error record for an account that fails, and goes on' {
        $err = $null
        $rows = Get-RootCredentialStatus 444444444444, 999999999999 -ErrorAction SilentlyContinue -ErrorVariable err
        $rows | Should -HaveCount 2
        ($rows | Where-Object AccountId -eq '999999999999').Status | Should -Be 'Failed'
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AssumeRootFailed,*,RootAccess.Cmdlets.GetRootCredentialStatusCommand'
        $err[0].TargetObject | Should -Be '999999999999'
    }

    It 'refuses a -Session of another account instead of auditing the wrong one' {
        $session = Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials
        $ev = $null
        Get-RootCredentialStatus -AccountId 888888888888 -Session $session -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -Be 'SessionAccountMismatch,RootAccess.Cmdlets.GetRootCredentialStatusCommand'
        $ev[0].TargetObject | Should -Be '888888888888'
        $ev[0].Exception.Message | Should -BeLike '*-Session is the IAMAuditRootUserCredentials root session for account 444444444444*-AccountId is 888888888888*'
    }

    It 'audits with a piped session of the same account' {
        (Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials | Get-RootCredentialStatus).Status | Should -Be 'Audited'
    }

    It 'carries dates that filters compare as dates and that say UTC in CSV and JSON' {
        $rows = Get-OrgAccounts | Get-RootCredentialStatus
        $stale = $rows | Where-Object { $_.PasswordLastUsed -and $_.PasswordLastUsed -lt (Get-Date).AddDays(-90) }
        $stale.AccountId | Should -Contain '888888888888'
        ($rows | Where-Object AccountId -eq '888888888888').PasswordLastUsed | Should -BeOfType [DateTimeOffset]
        ($rows | Where-Object AccountId -eq '888888888888').PasswordLastUsed.Offset | Should -Be ([TimeSpan]::Zero)
        ($rows | Where-Object Status -eq 'Audited' | Sort-Object CheckedAt) | Should -HaveCount 7
        ($rows | Where-Object AccountId -eq '888888888888' | ConvertTo-Json) | Should -Match '"PasswordLastUsed": "2025-03-02T\d\d:\d\d:\d\d\+00:00"'
        ($rows | Where-Object AccountId -eq '888888888888' | ConvertTo-Csv) -join "`n" | Should -Match '\+00:00'
    }

    It 'renders as JSON without secrets' {
        $json = Get-RootCredentialStatus 444444444444 | ConvertTo-Json
        $json | Should -Match '"AccountId": "444444444444"'
    }
}
