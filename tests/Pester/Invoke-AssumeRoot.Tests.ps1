BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Invoke-AssumeRoot' {
    Context 'documented examples' {
        It 'Example 1 opens an audit session whose secret is not on screen' {
            $session = Invoke-DocExample Invoke-AssumeRoot 1
            $session.AccountId | Should -Be '444444444444'
            $session.TaskPolicy | Should -Be 'IAMAuditRootUserCredentials'
            $session.AccessKeyId | Should -BeLike 'ASIA*'
            ($session | Out-String) | Should -Not -Match ([regex]::Escape($session.Credentials.GetCredentials().SecretKey))
        }

        It 'Example 2 runs the block as the session' {
            $line = Invoke-DocExample Invoke-AssumeRoot 2
            $line | Should -Match '^Working in 777777777777 as ASIA'
        }

        It 'Example 3 pipes the session into an audit of the same account' {
            $row = Invoke-DocExample Invoke-AssumeRoot 3
            $row.AccountId | Should -Be '333333333333'
            $row.Status | Should -Be 'Audited'
        }
    }

    Context 'errors inside -ScriptBlock' {
        It 'reach -ErrorVariable and $? while the block goes on' {
            $ev = $null
            $out = Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -ScriptBlock { Write-Error 'inside the block'; 'after' } -ErrorVariable ev -ErrorAction SilentlyContinue
            $ok = $?
            $out | Should -Be 'after'
            $ev | Should -HaveCount 1
            $ev[0].Exception.Message | Should -Be 'inside the block'
            $ok | Should -BeFalse
        }

        It 'are captured by 2>&1 in order with the output' {
            $all = Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -ScriptBlock { 'before'; Write-Error 'x'; 'after' } -ErrorAction Continue 2>&1
            $all | Should -HaveCount 3
            $all[0] | Should -Be 'before'
            $all[1] | Should -BeOfType [System.Management.Automation.ErrorRecord]
            $all[2] | Should -Be 'after'
        }

        It 'stop the block at the first error under -ErrorAction Stop' {
            $script:ran = $false
            { Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -ScriptBlock { Write-Error 'stop here'; $script:ran = $true } -ErrorAction Stop } | Should -Throw -ExpectedMessage 'stop here'
            $script:ran | Should -BeFalse
        }

        It 'end the command when the block throws' {
            { Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -ScriptBlock { throw 'broken' } } | Should -Throw -ExpectedMessage 'broken'
        }

        It 'pass warnings, verbose lines and Write-Host through the command' {
            $warnings = $null
            $all = Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -ScriptBlock { Write-Warning 'careful'; Write-Verbose 'detail'; Write-Host 'shown'; 'out' } -WarningVariable warnings -WarningAction SilentlyContinue -Verbose 4>&1 6>&1
            $warnings | Should -HaveCount 1
            "$($warnings[0])" | Should -Be 'careful'
            ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain 'detail'
            ($all | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }).MessageData.Message | Should -Be 'shown'
            $all | Where-Object { $_ -is [string] } | Should -Be 'out'
        }
    }

    Context 'this module inside -ScriptBlock' {
        It 'runs as the session for its own account and task' {
            $row = Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -ScriptBlock { Get-RootCredentialStatus 444444444444 }
            $row.AccountId | Should -Be '444444444444'
            $row.Status | Should -Be 'Audited'
        }

        It 'refuses another account, saying what to do instead' {
            $ev = $null
            $row = Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -ScriptBlock { Get-RootCredentialStatus 888888888888 } -ErrorVariable ev -ErrorAction SilentlyContinue
            $row.Status | Should -Be 'Failed'
            $ev[0].FullyQualifiedErrorId | Should -BeLike 'RootSessionInUse,*'
            $ev[0].Exception.Message | Should -BeLike '*root session for account 444444444444*run the command outside the block*'
        }

        It 'works with -Credential of a root session for the same account' {
            $session = Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials
            (Get-RootCredentialStatus 444444444444 -Credential $session.Credentials).Status | Should -Be 'Audited'
        }

        It 'refuses a task the session was not opened for' {
            $ev = $null
            Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -ScriptBlock { Invoke-AssumeRoot 444444444444 S3UnlockBucketPolicy } -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $ev[0].FullyQualifiedErrorId | Should -BeLike 'RootSessionInUse,*'
            $ev[0].Exception.Message | Should -BeLike '*for S3UnlockBucketPolicy*'
        }
    }

    Context '-Command' {
        It 'says a misspelled parameter is unknown instead of taking it as an argument' {
            { Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -Command aws -Regoin us-east-1 } | Should -Throw -ErrorId 'NamedParameterNotFound,RootAccess.Cmdlets.InvokeAssumeRootCommand'
            { Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -DurationInSeconds 60 } | Should -Throw -ErrorId 'NamedParameterNotFound,RootAccess.Cmdlets.InvokeAssumeRootCommand'
        }

        It 'lets 2>&1 capture the program''s stderr and sets $? False on a non-zero exit' {
            $all = Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -Command sh -ArgumentList '-c', 'echo out; echo err 1>&2; exit 3' -ErrorAction Continue 2>&1
            $ok = $?
            $LASTEXITCODE | Should -Be 3
            $ok | Should -BeFalse
            $all | Where-Object { $_ -is [string] } | Should -Be 'out'
            ($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).FullyQualifiedErrorId | Should -Be @('CommandStandardError,RootAccess.Cmdlets.InvokeAssumeRootCommand', 'CommandExitCode,RootAccess.Cmdlets.InvokeAssumeRootCommand')
        }

        It 'ends the program when -ErrorAction Stop stops the command at its first stderr line' {
            $marker = Join-Path $TestDrive 'still-running'
            { Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -Command sh -ArgumentList '-c', "echo err 1>&2; sleep 3; touch '$marker'" -ErrorAction Stop } | Should -Throw -ExpectedMessage 'err'
            Start-Sleep -Seconds 4
            Test-Path -LiteralPath $marker | Should -BeFalse
        }

        It 'leaves $? True after a program that succeeds' {
            $null = Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -Command sh -ArgumentList '-c', 'exit 0'
            $ok = $?
            $ok | Should -BeTrue
        }
    }

    It 'binds an account id by property name and keeps the secret out of JSON and lists' {
        $session = [pscustomobject]@{ AccountId = '444444444444' } | Invoke-AssumeRoot -TaskPolicy IAMAuditRootUserCredentials -DurationSeconds 60
        $secret = $session.Credentials.GetCredentials()
        ($session | ConvertTo-Json -Depth 4) | Should -Not -Match ([regex]::Escape($secret.SecretKey))
        ($session | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($secret.Token))
        "$session" | Should -Not -Match ([regex]::Escape($secret.Token))
    }

    It 'refuses an 11-digit account id, naming the parameter' {
        { Invoke-AssumeRoot 12345678901 IAMAuditRootUserCredentials } | Should -Throw -ExpectedMessage '*11 digits*'
    }

    It 'refuses DurationSeconds 901' {
        { Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -DurationSeconds 901 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RootAccess.Cmdlets.InvokeAssumeRootCommand'
    }

    It 'refuses the management account' {
        $err = $null
        Invoke-AssumeRoot 111111111111 IAMAuditRootUserCredentials -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err | Should -Not -BeNullOrEmpty
    }

    It 'never puts the session into the process environment' {
        $before = $env:AWS_ACCESS_KEY_ID
        Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -ScriptBlock { $env:AWS_ACCESS_KEY_ID } | Should -Be $before
        $env:AWS_ACCESS_KEY_ID | Should -Be $before
    }

    It 'keeps root sessions apart in ForEach-Object -Parallel' {
        $manifest = $script:ModuleManifest
        $ids = '444444444444', '555555555555', '666666666666', '777777777777' | ForEach-Object -Parallel {
            Import-Module $using:manifest
            Invoke-AssumeRoot $_ IAMAuditRootUserCredentials -ScriptBlock { "$($RootSession.AccountId)=$($StoredAWSCredentials.GetCredentials().AccessKey)" }
        } -ThrottleLimit 4
        $ids | Should -HaveCount 4
        ($ids | ForEach-Object { ($_ -split '=')[0] } | Sort-Object) | Should -Be @('444444444444', '555555555555', '666666666666', '777777777777')
        ($ids | ForEach-Object { ($_ -split '=')[1] } | Sort-Object -Unique) | Should -HaveCount 4
    }

    It 'keeps a root session inside its Start-ThreadJob' {
        $manifest = $script:ModuleManifest
        $job = Start-ThreadJob { Import-Module $using:manifest; Invoke-AssumeRoot 888888888888 IAMAuditRootUserCredentials -ScriptBlock { $RootSession.AccountId; $StoredAWSCredentials -ne $null } }
        $result = $job | Wait-Job -Timeout 60 | Receive-Job
        $job | Remove-Job -Force
        $result | Should -Be @('888888888888', $true)
        Get-Variable StoredAWSCredentials -Scope Global -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
