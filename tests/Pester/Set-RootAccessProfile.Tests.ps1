BeforeAll {
    . $PSScriptRoot/TestSupport.ps1

    function Invoke-AwsCli {
        # The AWS CLI with the profiles in $File, against the simulator; returns stdout, stderr and the exit code.
        param([string] $File, [string[]] $Arguments)
        $env:AWS_SHARED_CREDENTIALS_FILE, $saved = $File, $env:AWS_SHARED_CREDENTIALS_FILE
        try {
            $out = & $env:ROOTACCESS_TEST_AWS_CLI @Arguments --endpoint-url $env:ROOTACCESS_TEST_ENDPOINT --region us-east-1 --output json 2>&1
            [pscustomobject]@{ Output = ($out | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) -join "`n"; Errors = ($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) -join "`n"; ExitCode = $LASTEXITCODE }
        }
        finally { $env:AWS_SHARED_CREDENTIALS_FILE = $saved }
    }
}

Describe 'Set-RootAccessProfile' {
    BeforeEach { Reset-Simulator }

    Context 'documented examples' {
        It 'Example 1 writes a profile the AWS CLI signs in with as the member account''s root, with no secret in the file' {
            $profile = Invoke-DocExample Set-RootAccessProfile 1
            $profile.ProfileName | Should -Be 'audit-444'
            $file = Join-Path $TestDrive 'root-profiles'
            $text = Get-Content -LiteralPath $file -Raw
            $text | Should -Match 'credential_process'
            $text | Should -Not -Match 'aws_secret_access_key|aws_session_token|aws_access_key_id|ASIA'
            $identity = Invoke-AwsCli $file @('sts', 'get-caller-identity', '--profile', 'audit-444')
            $identity.ExitCode | Should -Be 0 -Because $identity.Errors
            ($identity.Output | ConvertFrom-Json).Arn | Should -Be 'arn:aws:iam::444444444444:root'
            # DeleteAccessKey is outside IAMAuditRootUserCredentials (delete-login-profile needs --user-name in CLI v2.9).
            $denied = Invoke-AwsCli $file @('iam', 'delete-access-key', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE', '--profile', 'audit-444')
            $denied.ExitCode | Should -Not -Be 0
            "$($denied.Errors)$($denied.Output)" | Should -Match 'AccessDenied'
        }

        It 'Example 2 previews and writes nothing' {
            Invoke-DocExample Set-RootAccessProfile 2 | Should -BeNullOrEmpty
            $file = Join-Path $TestDrive 'root-profiles'
            if (Test-Path -LiteralPath $file) { Get-Content -LiteralPath $file -Raw | Should -Not -Match 'unlock-777' }
        }
    }

    It 'gives the AWS CLI a clear error for a management-account target' {
        $file = Join-Path $TestDrive 'mgmt-profiles'
        Set-RootAccessProfile mgmt 111111111111 IAMAuditRootUserCredentials -ProfileLocation $file | Out-Null
        $result = Invoke-AwsCli $file @('sts', 'get-caller-identity', '--profile', 'mgmt')
        $result.ExitCode | Should -Not -Be 0
        "$($result.Errors)$($result.Output)" | Should -Match '111111111111'
        "$($result.Errors)$($result.Output)" | Should -Not -Match 'SecretAccessKey'
    }

    It 'gives the AWS CLI a clear error for a source profile that does not exist, and no secret' {
        $file = Join-Path $TestDrive 'source-profiles'
        Set-RootAccessProfile wrong-source 444444444444 IAMAuditRootUserCredentials -SourceProfileName no-such-profile -ProfileLocation $file | Out-Null
        $result = Invoke-AwsCli $file @('sts', 'get-caller-identity', '--profile', 'wrong-source')
        $result.ExitCode | Should -Not -Be 0
        "$($result.Errors)$($result.Output)" | Should -Match 'no-such-profile'
        "$($result.Errors)$($result.Output)" | Should -Not -Match 'SecretAccessKey|SessionToken'
    }

    It 'puts -Region where the AWS CLI v2 reads it (the config file), so no --region is needed, and takes it away again' {
        $file = Join-Path $TestDrive 'region-profiles'
        Set-RootAccessProfile audit-eu 444444444444 IAMAuditRootUserCredentials -Region eu-west-2 -ProfileLocation $file | Out-Null
        Get-Content -LiteralPath $env:AWS_CONFIG_FILE -Raw | Should -Match '(?m)^\[profile audit-eu\]\r?\nregion = eu-west-2'
        $env:AWS_SHARED_CREDENTIALS_FILE, $saved = $file, $env:AWS_SHARED_CREDENTIALS_FILE
        $region, $savedRegion = $env:AWS_REGION, $env:AWS_REGION
        try {
            $env:AWS_REGION = $null
            (& $env:ROOTACCESS_TEST_AWS_CLI configure get region --profile audit-eu) | Should -Be 'eu-west-2'
            $identity = & $env:ROOTACCESS_TEST_AWS_CLI sts get-caller-identity --profile audit-eu --endpoint-url $env:ROOTACCESS_TEST_ENDPOINT --output json 2>&1
            $LASTEXITCODE | Should -Be 0 -Because "$identity"
            ($identity | ConvertFrom-Json).Arn | Should -Be 'arn:aws:iam::444444444444:root'
        }
        finally { $env:AWS_SHARED_CREDENTIALS_FILE = $saved; $env:AWS_REGION = $savedRegion }
        Remove-RootAccessProfile audit-eu -ProfileLocation $file -Confirm:$false
        Get-Content -LiteralPath $env:AWS_CONFIG_FILE -Raw | Should -Not -Match 'audit-eu'
    }

    It 'gives the AWS CLI a clear error when the source credentials have expired, and no secret' {
        $file = Join-Path $TestDrive 'expired-profiles'
        Set-RootAccessProfile audit-expired 444444444444 IAMAuditRootUserCredentials -ProfileLocation $file | Out-Null
        Add-SimulatorFault -Operation AssumeRoot -Kind ExpiredToken
        $result = Invoke-AwsCli $file @('sts', 'get-caller-identity', '--profile', 'audit-expired')
        $result.ExitCode | Should -Not -Be 0
        "$($result.Errors)$($result.Output)" | Should -Match 'ExpiredToken'
        "$($result.Errors)$($result.Output)" | Should -Match 'credentials'
        "$($result.Errors)$($result.Output)" | Should -Not -Match 'SecretAccessKey|SessionToken|ASIA[A-Z0-9]{16}'
    }

    It 'was checked with the AWS CLI v2 (Debian''s awscli, which build.ps1 installs)' {
        (& $env:ROOTACCESS_TEST_AWS_CLI --version 2>&1) -join ' ' | Should -Match '^aws-cli/2\.' -Because 'the profile tests must run a v2 CLI: apt-get install awscli'
    }

    It 'refuses the password task, a name it cannot write, and another tool''s profile' {
        $file = Join-Path $TestDrive 'other-profiles'
        { Set-RootAccessProfile recover 444444444444 IAMCreateRootUserPassword -ProfileLocation $file } | Should -Throw -ExpectedMessage '*IAMCreateRootUserPassword*'
        { Set-RootAccessProfile 'bad name' 444444444444 IAMAuditRootUserCredentials -ProfileLocation $file } | Should -Throw -ExpectedMessage '*profile name*'
        "[work]`naws_access_key_id = AKIAEXAMPLE000000001`naws_secret_access_key = example`n" | Set-Content -LiteralPath $file
        { Set-RootAccessProfile work 444444444444 IAMAuditRootUserCredentials -ProfileLocation $file } | Should -Throw -ErrorId 'ProfileNotRootAccess,RootAccess.Cmdlets.SetRootAccessProfileCommand'
        Get-Content -LiteralPath $file -Raw | Should -Match 'AKIAEXAMPLE000000001'
    }

    It 'prints a credential document only for a program, never with -Verbose or for the password task' {
        { Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials -AsCredentialProcess -Verbose } | Should -Throw -ErrorId 'CredentialProcessRefused,RootAccess.Cmdlets.InvokeAssumeRootCommand'
        { Invoke-AssumeRoot 444444444444 IAMCreateRootUserPassword -AsCredentialProcess } | Should -Throw -ExpectedMessage '*IAMCreateRootUserPassword*'
        # The command a profile holds, run through a real shell exactly as the AWS tools run it.
        $written = Set-RootAccessProfile doc-444 444444444444 IAMAuditRootUserCredentials -DurationSeconds 60 -ProfileLocation (Join-Path $TestDrive 'doc-profiles')
        $document = & /bin/sh -c $written.CredentialProcess | ConvertFrom-Json
        $document.Version | Should -Be 1
        $document.AccessKeyId | Should -Match '^ASIA'
        ([datetime]$document.Expiration).ToUniversalTime() | Should -BeGreaterThan ([datetime]::UtcNow)
    }
}
