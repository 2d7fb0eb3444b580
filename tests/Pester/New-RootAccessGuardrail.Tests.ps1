BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'New-RootAccessGuardrail' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 writes every proven document and one CloudFormation template' {
            $guardrails = @(Invoke-DocExample New-RootAccessGuardrail 1 -WarningAction SilentlyContinue)
            $guardrails.Kind | Sort-Object -Unique | Should -Be @('EventRule', 'IdentityPolicy', 'ServiceControlPolicy')
            $files = Get-ChildItem (Join-Path $TestDrive 'guardrails') -Filter *.json
            $files.Name | Should -Contain 'RootAccess-Guardrails.template.json'
            $files.Count | Should -Be ($guardrails.Count + 1)
            $template = Get-Content (Join-Path $TestDrive 'guardrails/RootAccess-Guardrails.template.json') -Raw | ConvertFrom-Json
            $template.Resources.RootAccessDenyAssumeRootInMemberAccounts.Properties.TargetIds | Should -Be @('r-sim0')
            # The management account's users and roles, read from its IAM, carry the identity-side denies.
            $template.Resources.RootAccessAssumeRootGuard.Properties.Users | Should -Be @('ci-deploy')
            $template.Resources.RootAccessAssumeRootGuard.Properties.Roles | Should -Contain 'BreakGlassAdmin'
        }

        It 'Example 2 groups every case of the proof, all holding' {
            $groups = @(Invoke-DocExample New-RootAccessGuardrail 2 -WarningAction SilentlyContinue)
            $groups.Name | Where-Object { $_ -like '*, False' } | Should -BeNullOrEmpty
            ($groups | Measure-Object Count -Sum).Sum | Should -BeGreaterThan 50
        }

        It 'Example 3 adds the delegated administrator SCP on its account' {
            $rows = @(Invoke-DocExample New-RootAccessGuardrail 3 -WarningAction SilentlyContinue)
            ($rows | Where-Object Name -eq 'RootAccess-DelegatedAdminAssumeRoot').Target | Should -Be '222222222222'
        }

        It 'Example 4 exempts the runbook role from MFA, never from the password deny, without reading AWS' {
            Add-SimulatorFault -Operation DescribeOrganization -Kind AccessDenied
            $document = (Invoke-DocExample New-RootAccessGuardrail 4 -WarningAction SilentlyContinue) -join "`n" | ConvertFrom-Json
            $mfa = $document.Statement | Where-Object Sid -eq 'DenyAssumeRootWithoutMfa'
            $mfa.Condition.ArnNotLike.'aws:PrincipalArn' | Should -Be 'arn:aws:iam::111111111111:role/RootAccessAzureAutomation'
            ($document.Statement | Where-Object Sid -eq 'DenyCreateRootPasswordExceptBreakGlass').Condition.ArnNotLike.'aws:PrincipalArn' | Should -Be 'arn:aws:iam::111111111111:role/BreakGlassAdmin'
        }
    }

    Context 'refusals a tired admin meets' {
        It 'refuses parameters it cannot prove, naming the case, and writes nothing' {
            $out = Join-Path $TestDrive 'refused'
            { New-RootAccessGuardrail -BreakGlassPrincipal role/BreakGlassAdmin, role/RootAccessAdmin -RootAccessRoleArn arn:aws:iam::111111111111:role/RootAccessAdmin -OutputPath $out -WarningAction SilentlyContinue -ErrorAction Stop } |
                Should -Throw -ErrorId 'GuardrailUnproven,RootAccess.Cmdlets.NewRootAccessGuardrailCommand' -ExpectedMessage '*RootAccessAdmin opens IAMCreateRootUserPassword*expected ExplicitDeny, got Allow*'
            Test-Path $out | Should -BeFalse
        }

        It 'refuses a break-glass name that matches nobody, so the denies never lock everyone out' {
            { New-RootAccessGuardrail -BreakGlassPrincipal role/BreakGlassAdmn -ErrorAction Stop } |
                Should -Throw -ErrorId 'GuardrailParameterInvalid,RootAccess.Cmdlets.NewRootAccessGuardrailCommand' -ExpectedMessage '*-BreakGlassPrincipal: role/BreakGlassAdmn matches no user or role*'
        }

        It 'refuses a wildcard that would make everyone break-glass, at the binder' {
            { New-RootAccessGuardrail -BreakGlassPrincipal 'role/*' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RootAccess.Cmdlets.NewRootAccessGuardrailCommand'
        }

        It 'refuses a delegated administrator without its own approved role' {
            { New-RootAccessGuardrail -BreakGlassPrincipal role/BreakGlassAdmin -DelegatedAdminAccountId 222222222222 -RootAccessRoleArn arn:aws:iam::111111111111:role/RootAccessAdmin -ErrorAction Stop } |
                Should -Throw -ErrorId 'GuardrailParameterInvalid,RootAccess.Cmdlets.NewRootAccessGuardrailCommand' -ExpectedMessage '*-RootAccessRoleArn: with -DelegatedAdminAccountId 222222222222*'
        }

        It 'never writes over an earlier run without -Force, and -WhatIf writes nothing' {
            $out = Join-Path $TestDrive 'again'
            New-RootAccessGuardrail -BreakGlassPrincipal role/BreakGlassAdmin -OutputPath $out -WarningAction SilentlyContinue | Out-Null
            $first = (Get-Item (Join-Path $out 'RootAccess-Guardrails.template.json')).LastWriteTimeUtc
            { New-RootAccessGuardrail -BreakGlassPrincipal role/BreakGlassAdmin -OutputPath $out -WarningAction SilentlyContinue -ErrorAction Stop } |
                Should -Throw -ErrorId 'GuardrailWriteFailed,RootAccess.Cmdlets.NewRootAccessGuardrailCommand' -ExpectedMessage '*already exist*-Force*'
            New-RootAccessGuardrail -BreakGlassPrincipal role/BreakGlassAdmin -OutputPath (Join-Path $TestDrive 'preview') -WhatIf -WarningAction SilentlyContinue | Out-Null
            Test-Path (Join-Path $TestDrive 'preview') | Should -BeFalse
            New-RootAccessGuardrail -BreakGlassPrincipal role/BreakGlassAdmin -OutputPath $out -Force -WarningAction SilentlyContinue | Out-Null
            (Get-Item (Join-Path $out 'RootAccess-Guardrails.template.json')).LastWriteTimeUtc | Should -BeGreaterOrEqual $first
            Get-ChildItem $out -Filter *.partial | Should -BeNullOrEmpty
        }

        It 'refuses break-glass names that match every user and role, and admin networks wider than /8' {
            { New-RootAccessGuardrail -BreakGlassPrincipal '*n*', '*o*', '*e*' -ErrorAction Stop } |
                Should -Throw -ErrorId 'GuardrailParameterInvalid,RootAccess.Cmdlets.NewRootAccessGuardrailCommand' -ExpectedMessage '*matches every one of the*'
            { New-RootAccessGuardrail -BreakGlassPrincipal role/BreakGlassAdmin -AdminSourceIp 203.0.113.0/24, 0.0.0.0/1 -ErrorAction Stop } |
                Should -Throw -ErrorId 'GuardrailParameterInvalid,RootAccess.Cmdlets.NewRootAccessGuardrailCommand' -ExpectedMessage '*-AdminSourceIp: 0.0.0.0/1 is not an admin network*'
        }

        It 'warns that a break-glass role trusting the whole account keeps RA-H03 failing, instead of locking its way in out' {
            $guard = New-RootAccessGuardrail -BreakGlassPrincipal role/BreakGlassAdmin -AdminSourceIp 203.0.113.0/24 -WarningVariable warned -WarningAction SilentlyContinue |
                Where-Object Name -eq 'RootAccess-AssumeRootGuard'
            "$warned" | Should -BeLike '*BreakGlassAdmin trusts arn:aws:iam::111111111111:root*RA-H03*'
            ($guard.Document | ConvertFrom-Json).Statement.Action | Should -Not -Contain 'sts:AssumeRole'
        }

        It 'says which controls it leaves as they are when -AdminSourceIp and -AlertTarget are missing' {
            New-RootAccessGuardrail -BreakGlassPrincipal role/BreakGlassAdmin -WarningVariable warned -WarningAction SilentlyContinue | Out-Null
            "$warned" | Should -BeLike '*RA-H13*'
            "$warned" | Should -BeLike '*RA-H05*'
        }
    }
}
