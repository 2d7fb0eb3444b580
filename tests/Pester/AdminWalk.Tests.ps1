BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

# What a PowerShell admin hit in a walk through the module (issue 23), each as it is met in real pwsh.
Describe 'An admin''s walk' {
    BeforeEach { Reset-Simulator }

    It 'skips an account that is not ACTIVE in every per-account command, with a warning and no error' {
        $suspended = [pscustomobject]@{ AccountId = '444444444444'; State = 'SUSPENDED' }
        $runs = @(
            { $suspended | Remove-RootCredential -WhatIf -WarningVariable w -WarningAction SilentlyContinue; $w }
            { $suspended | Enable-RootPasswordRecovery -WhatIf -WarningVariable w -WarningAction SilentlyContinue; $w }
            { $suspended | Invoke-AssumeRoot -TaskPolicy IAMAuditRootUserCredentials -WarningVariable w -WarningAction SilentlyContinue; $w }
            { $suspended | Unlock-S3BucketPolicy -WhatIf -WarningVariable w -WarningAction SilentlyContinue; $w }
        )
        foreach ($run in $runs) {
            $all = @(& $run)
            $all | Where-Object { $_ -isnot [System.Management.Automation.WarningRecord] } | Should -BeNullOrEmpty
            "$($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })" | Should -Match 'Skipping 444444444444: The account is SUSPENDED'
        }
    }

    It 'says in the help what a -WhatIf preview opens and how CloudTrail shows it' {
        foreach ($command in 'Remove-RootCredential', 'Enable-RootPasswordRecovery') {
            Get-Help $command -Full | Out-String -Width 400 | Should -Match 'What a preview opens: -WhatIf .* IAMAuditRootUserCredentials session'
        }
    }

    It 'recommends -UseRootSession when a restore as the caller is denied' {
        $unlocked = Unlock-SQSQueuePolicy -AccountId 777777777777 -QueueName ingest-events -Force
        $err = $null
        Restore-ResourcePolicy -Path $unlocked.BackupPath -Force -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
        $err | Should -Not -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-UseRootSession'
    }

    It 'gives every AWS error a recommended action' {
        $err = $null
        Get-OrgAccount -AccessKey AKIAWRONGWRONGWRONG1 -SecretKey 'wrong/secret/wrong/secret/wrong/secret00' -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'credentials'
        $err[0].ErrorDetails.Message | Should -Match '-AccessKey'
    }

    It 'completes -Region and -ProfileName, and never offers the management account to a root command' {
        function Complete([string] $line) { (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText }
        Complete 'Get-OrgAccount -Region us-ea' | Should -Contain 'us-east-1'
        $profiles = Complete 'Get-OrgAccount -ProfileName '

        $profiles | Should -Not -BeNullOrEmpty
        $profiles | ForEach-Object { $_ | Should -Not -Match '[\\/]' }
        Get-OrgAccount | Out-Null
        $accounts = Complete 'Invoke-AssumeRoot -AccountId ' 
        $accounts | Should -Contain '444444444444'
        $accounts | Should -Not -Contain '111111111111'
    }

    It 'completes -AccountId in a new session before Get-OrgAccount ran, by listing the organization itself' {
        $ps = [powershell]::Create()
        try {
            $line = 'Invoke-AssumeRoot -AccountId 4'
            $null = $ps.AddScript("Import-Module '$($script:ModuleManifest)'; (TabExpansion2 -inputScript '$line' -cursorColumn $($line.Length)).CompletionMatches.CompletionText")
            $completed = @($ps.Invoke())
            $ps.Streams.Error | Should -BeNullOrEmpty
            $completed | Should -Contain '444444444444'
            $completed | ForEach-Object { $_ | Should -Match '^4\d{11}$' }
        } finally { $ps.Dispose() }
    }

    It 'completes nothing, quickly and silently, when the organization cannot be listed' {
        $ps = [powershell]::Create()
        try {
            $line = 'Invoke-AssumeRoot -EndpointUrl http://127.0.0.1:9 -AccountId '
            $null = $ps.AddScript("Import-Module '$($script:ModuleManifest)'; (TabExpansion2 -inputScript '$line' -cursorColumn $($line.Length)).CompletionMatches.CompletionText")
            $completed = @($ps.Invoke())
            $ps.Streams.Error | Should -BeNullOrEmpty
            $completed | Where-Object { $_ -match '^\d{12}$' } | Should -BeNullOrEmpty
        } finally { $ps.Dispose() }
    }

    It 'reads a file whose name holds [ and ] with -LiteralPath, and says so when -Path took them as wildcards' {
        $file = Join-Path $TestDrive 'broad[1].json'
        [System.IO.File]::WriteAllText($file, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoot","Resource":"*"}]}')
        (Test-AssumeRootPolicy -LiteralPath $file).RuleId | Should -Contain 'RA001'
        (Get-Item -LiteralPath $file | Test-AssumeRootPolicy).RuleId | Should -Contain 'RA001'
        $err = $null
        Test-AssumeRootPolicy -Path $file -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
        $err[0].ErrorDetails.Message | Should -Match '-LiteralPath'
        (Get-Command Test-AssumeRootPolicy).Parameters['Path'].Attributes.TypeId.Name | Should -Contain 'SupportsWildcardsAttribute'
    }

    It 'reads a policy piped line by line from Get-Content as one document, and says to use -Raw' {
        $file = Join-Path $TestDrive 'good.json'
        "{`n  `"Version`": `"2012-10-17`",`n  `"Statement`": [{ `"Effect`": `"Allow`", `"Action`": `"sts:AssumeRoot`", `"Resource`": `"*`" }]`n}" | Set-Content -LiteralPath $file
        $warnings = $null
        $findings = Get-Content -LiteralPath $file | Test-AssumeRootPolicy -WarningVariable warnings -WarningAction SilentlyContinue
        $findings.RuleId | Should -Contain 'RA001'
        "$warnings" | Should -Match 'Get-Content -Raw'
    }

    It 'says with -Verbose who calls, with credentials from where, in which region and at which endpoint' {
        $verbose = Get-OrgAccount -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Select-Object -First 1
        $verbose.Message | Should -Match 'Calling AWS as access key AKIA\w+ \(credentials from .+\), region us-east-1, endpoint http.+AWS_ENDPOINT_URL'
    }

    It 'points Get-Help -Online at AWS''s documentation' {
        (Get-Help Get-OrgAccount).relatedLinks.navigationLink[0].uri | Should -Match '^https://docs\.aws\.amazon\.com/'
    }

    It 'takes -CredentialType Password for the login profile' {
        $rows = Remove-RootCredential 444444444444 -CredentialType Password -WhatIf
        $rows.CredentialType | Sort-Object -Unique | Should -Be 'LoginProfile'
    }

    It 'refuses -SessionToken alone, and a root session given to -SessionToken by a prefix' {
        { Get-OrgAccount -SessionToken 'IQoJtoken' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-SessionToken*-AccessKey*'
        $session = Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials
        { Remove-RootCredential 444444444444 -Session $session -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,RootAccess.Cmdlets.RemoveRootCredentialCommand' -ExpectedMessage '*-Credential $session.Credentials*'
    }

    It 'warns of the persistence risk only when a root password is about to be created' {
        $warnings = $null
        Enable-RootPasswordRecovery 444444444444 -Confirm:$false -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        $warnings | Should -BeNullOrEmpty
        Enable-RootPasswordRecovery 222222222222 -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        $warnings | Should -BeNullOrEmpty
        Enable-RootPasswordRecovery 222222222222 -Force -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        "$warnings" | Should -Match 'root email'
    }

    It 'documents the ResourcePolicyInfo rows Unlock-SQSQueuePolicy writes with -AccountId alone' {
        (Get-Help Unlock-SQSQueuePolicy).returnValues.returnValue.type.name | Should -Contain 'RootAccess.Root.ResourcePolicyInfo'
    }

    It 'keeps Severity comparable by rank, and writes its name to CSV and (with -EnumsAsStrings) JSON' {
        $findings = Test-AssumeRootPolicy -PolicyDocument '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoot","Resource":"*"}]}'
        ($findings | Where-Object Severity -ge High) | Should -Not -BeNullOrEmpty
        ($findings | ConvertTo-Csv | ConvertFrom-Csv)[0].Severity | Should -BeIn @('Low', 'Medium', 'High', 'Critical')
        ($findings | ConvertTo-Json -EnumsAsStrings | ConvertFrom-Json)[0].Severity | Should -BeIn @('Low', 'Medium', 'High', 'Critical')
        Get-Help Test-AssumeRootPolicy -Full | Out-String -Width 400 | Should -Match 'EnumsAsStrings'
    }

    It 'gives each account its OU path from the root, in ids and in names, even when the walk starts at an OU' {
        $rows = Get-OrgAccount -ParentId ou-sim0-workload1 -Recurse
        ($rows | Where-Object AccountId -eq '444444444444').OuPath | Should -Be 'r-sim0/ou-sim0-workload1/ou-sim0-prodwork1'
        ($rows | Where-Object AccountId -eq '444444444444').OuNames | Should -Be 'Root/Workloads/Production'
        ($rows | Where-Object AccountId -eq '777777777777').OuNames | Should -Be 'Root/Workloads'
    }

    It 'carries the OU path in names into the audit rows, so the CSV groups by OU without a join' {
        $rows = Get-OrgAccount -ParentId ou-sim0-workload1 -Recurse | Get-RootCredentialStatus
        ($rows | Where-Object AccountId -eq '444444444444').OuNames | Should -Be 'Root/Workloads/Production'
        ($rows | Where-Object AccountId -eq '444444444444').OuPath | Should -Be 'r-sim0/ou-sim0-workload1/ou-sim0-prodwork1'
        ($rows | ConvertTo-Csv | ConvertFrom-Csv | Where-Object AccountId -eq '444444444444').OuNames | Should -Be 'Root/Workloads/Production'
    }
}
