BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Test-AssumeRootPolicy' {
    Context 'documented examples' {
        It 'Example 1 finds the unscoped AssumeRoot grant' {
            $findings = Invoke-DocExample Test-AssumeRootPolicy 1
            $findings | Should -Not -BeNullOrEmpty
            "$(($findings | Sort-Object Severity -Descending | Select-Object -First 1).Severity)" | Should -BeIn 'High', 'Critical'
        }

        It 'Example 2 passes an SCP that denies AssumeRoot' {
            Invoke-DocExample Test-AssumeRootPolicy 2 | Should -BeNullOrEmpty
        }

        It 'Example 3 finds who can reach AssumeRoot' {
            $reaches = Invoke-DocExample Test-AssumeRootPolicy 3
            $reach = $reaches | Where-Object Principal -like '*role/RootAdmin'
            $reach | Should -Not -BeNullOrEmpty
            $reach.RequiresMfa | Should -Contain $false
        }

        It 'Example 4 judges an unattended role by its trust, not by MFA' {
            $findings = @(Invoke-DocExample Test-AssumeRootPolicy 4)
            $findings.RuleId | Should -Be @('RA014')
            $findings[0].Severity | Should -Be 'High'
        }
    }

    Context 'the runbook roles (runbooks/policies)' {
        BeforeAll { $policies = Join-Path $script:RepoRoot 'runbooks/policies' }

        It 'lints <Permissions> clean with the trust <Trust>' -ForEach @(
            @{ Permissions = 'audit-permissions.json'; Trust = 'azure-automation-trust.json' }
            @{ Permissions = 'audit-permissions.json'; Trust = 'ssm-automation-trust.json' }
            @{ Permissions = 'remediate-permissions.json'; Trust = 'azure-automation-trust.json' }
            @{ Permissions = 'remediate-permissions.json'; Trust = 'ssm-automation-trust.json' }
        ) {
            $findings = @(Test-AssumeRootPolicy -Path (Join-Path $policies $Permissions) -TrustPolicyPath (Join-Path $policies $Trust) -ManagementAccountId 111111111111)
            $findings | Should -BeNullOrEmpty -Because ($findings | Out-String)
        }

        It 'still reports MFA and source IP when a person could take the role' {
            $trust = Join-Path $TestDrive 'people.json'
            [System.IO.File]::WriteAllText($trust, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}')
            $findings = Test-AssumeRootPolicy -Path (Join-Path $policies 'remediate-permissions.json') -TrustPolicyPath $trust
            $findings.RuleId | Should -Contain 'RA004'
            $findings.RuleId | Should -Contain 'RA006'
        }

        It 'reports a managed identity trust that does not pin the subject (RA014)' {
            $trust = Join-Path $TestDrive 'any-identity.json'
            [System.IO.File]::WriteAllText($trust, ((Get-Content -Raw (Join-Path $policies 'azure-automation-trust.json')) -replace ',\s*"sts.windows.net/[^"]+:sub": "[^"]+"', ''))
            $findings = Test-AssumeRootPolicy -Path (Join-Path $policies 'audit-permissions.json') -TrustPolicyPath $trust
            $findings.RuleId | Should -Be @('RA014')
            $findings[0].Detail | Should -Match ':sub'
        }

        It 'says which -TrustPolicyPath it could not read, and judges nothing without it' {
            $err = $null
            $findings = Test-AssumeRootPolicy -Path (Join-Path $policies 'audit-permissions.json') -TrustPolicyPath (Join-Path $TestDrive 'missing.json') -ErrorAction SilentlyContinue -ErrorVariable err
            $findings | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PolicyParseError,*'
            "$($err[0])" | Should -Match 'missing.json'
        }
    }

    It 'answers $false for a broad grant with -Quiet' {
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoot","Resource":"*"}]}' | Test-AssumeRootPolicy -Quiet | Should -BeFalse
    }

    It 'names the file and position of a parse error' {
        Set-Content -LiteralPath (Join-Path $TestDrive 'bad.json') -Value '{"Version":'
        $err = $null
        Test-AssumeRootPolicy -Path (Join-Path $TestDrive 'bad.json') -ErrorAction SilentlyContinue -ErrorVariable err
        $err | Should -Not -BeNullOrEmpty
        $err[0].Exception.Message | Should -BeLike '*bad.json*'
    }
}
