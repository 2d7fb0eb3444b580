BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Invoke-RootCredentialRollout' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 shows the plan and writes nothing' {
            $rows = Invoke-DocExample Invoke-RootCredentialRollout 1
            $rows | Should -Not -BeNullOrEmpty
            ($rows | Where-Object State -eq 'Planned').Count | Should -BeGreaterThan 0
            Join-Path $TestDrive 'rollout.json' | Should -Not -Exist
        }

        It 'Example 2 removes the credentials of every member but the excluded one' {
            $out = Invoke-DocExample Invoke-RootCredentialRollout 2
            $summary = $out | Where-Object { $_ -is [RootAccess.Root.RolloutSummary] }
            $summary.Complete | Should -BeTrue
            $summary.Excluded | Should -Be 1
            (Get-RootCredentialStatus 444444444444).HasRootCredentials | Should -BeFalse
            $rows = Get-RootCredentialRollout (Join-Path $TestDrive 'rollout.json')
            ($rows | Where-Object AccountId -eq '222222222222').Reason | Should -Be 'break-glass, CHG-1042'
        }

        It 'Example 3 runs within its time limit and reports whether it is complete' {
            $out = Invoke-DocExample Invoke-RootCredentialRollout 3
            $out[-1] | Should -BeOfType [bool]
        }
    }

    It 'takes accounts piped from Get-OrgAccount and writes rows that Export-Csv and ConvertTo-Json render flat' {
        $state = Join-Path $TestDrive 'piped.json'
        $rows = Get-OrgAccount | Where-Object AccountId -in '444444444444', '888888888888' | Invoke-RootCredentialRollout -StatePath $state -Force
        $rows.AccountId | Sort-Object | Should -Be @('444444444444', '888888888888')
        $rows | ForEach-Object { $_.State | Should -Be 'Verified' }
        $csv = $rows | ConvertTo-Csv | ConvertFrom-Csv
        $csv[0].State | Should -Be 'Verified'
        $csv[0].CredentialsBefore | Should -Not -BeNullOrEmpty
        ($rows | ConvertTo-Json -EnumsAsStrings | ConvertFrom-Json)[0].State | Should -Be 'Verified'
    }

    It 'keeps its state in S3 with the caller''s credentials, and resumes from it' {
        $state = 's3://rootaccess-backups-111111111111/rollouts/root.json'
        Invoke-RootCredentialRollout -StatePath $state -Force -TimeLimit 0 -WarningAction SilentlyContinue | Out-Null
        (Get-RootCredentialRollout $state -Summary).Complete | Should -BeFalse
        Invoke-RootCredentialRollout -StatePath $state -Force | Out-Null
        $summary = Get-RootCredentialRollout $state -Summary
        $summary.Complete | Should -BeTrue
        $summary.HeldBy | Should -BeNullOrEmpty
    }

    It 'refuses a state edited by hand, naming the file and what to do' {
        $state = Join-Path $TestDrive 'edited.json'
        Invoke-RootCredentialRollout -StatePath $state -Force -TimeLimit 0 -WarningAction SilentlyContinue | Out-Null
        (Get-Content -Raw -LiteralPath $state) -replace '"Planned"', '"Verified"' | Set-Content -LiteralPath $state -NoNewline
        $record = $null
        try { Invoke-RootCredentialRollout -StatePath $state -Force | Out-Null } catch { $record = $_ }
        $record.FullyQualifiedErrorId | Should -BeLike 'RolloutStateTampered,*'
        $record.ErrorDetails.Message | Should -Match ([regex]::Escape($state))
        "$record" | Should -Not -Match 'Exception'
        (Get-RootCredentialStatus 444444444444).HasRootCredentials | Should -BeTrue
    }

    It 'fails the command (not only a warning) for a failed account, so a runbook sees it' {
        $state = Join-Path $TestDrive 'fail.json'
        # No such account in the organization: it is skipped, never failed.
        $rows = Invoke-RootCredentialRollout -StatePath $state -AccountId 123456789012 -Force
        $rows.State | Should -Be 'Skipped'
        $rows.Reason | Should -Match 'NOT_IN_ORGANIZATION'
    }

    It 'never takes another rollout''s evidence pack for its own on a rerun' {
        $first = Join-Path $TestDrive 'first-evidence'
        Invoke-RootCredentialRollout -StatePath (Join-Path $TestDrive 'a.json') -AccountId 444444444444 -EvidencePath $first -Force | Out-Null
        $second = Join-Path $TestDrive 'b.json'
        Invoke-RootCredentialRollout -StatePath $second -AccountId 888888888888 -EvidencePath (Join-Path $TestDrive 'second-evidence') -Force | Out-Null
        # The rerun of the finished second rollout, pointed (by a tired admin) at the first one's pack.
        $err = $null
        Invoke-RootCredentialRollout -StatePath $second -AccountId 888888888888 -EvidencePath $first -Force -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'EvidenceWriteFailed,*'
        "$($err[0])" | Should -Match 'another rollout'
    }
}
