BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Get-AssumeRootEvent' {
    BeforeAll {
        Reset-Simulator
        Invoke-AssumeRoot 444444444444 IAMAuditRootUserCredentials | Out-Null
        Invoke-AssumeRoot 777777777777 S3UnlockBucketPolicy | Out-Null
    }

    Context 'documented examples' {
        It 'Example 1 reads the last day from CloudTrail' {
            $events = Invoke-DocExample Get-AssumeRootEvent 1
            $events.TargetAccountId | Should -Contain '444444444444'
            $events.TargetAccountId | Should -Contain '777777777777'
        }

        It 'Example 2 raises an archive event outside the change window to Critical' {
            New-CloudTrailArchive -Path (Join-Path $TestDrive 'cloudtrail-archive') | Out-Null
            $events = Invoke-DocExample Get-AssumeRootEvent 2
            $events | Should -HaveCount 1
            $events.TargetAccountId | Should -Be '444444444444'
            $events.SourceIp | Should -Be '203.0.113.5'
        }

        It 'Example 3 keeps only the Critical events' {
            $events = Invoke-DocExample Get-AssumeRootEvent 3
            $events | ForEach-Object { "$($_.Severity)" | Should -Be 'Critical' }
        }
    }

    It 'refuses a bare number for -Since, naming the units' {
        { Get-AssumeRootEvent -Since 24 } | Should -Throw -ExpectedMessage '*Since*'
    }

    It 'reports a record it cannot read as an error naming the file, and still reads the others' {
        $good = [ordered]@{
            eventVersion = '1.09'; eventSource = 'sts.amazonaws.com'; eventName = 'AssumeRoot'; awsRegion = 'us-east-1'
            eventTime = '2026-11-20T10:00:00Z'; sourceIPAddress = '203.0.113.5'; eventID = 'good-1'; recipientAccountId = '111111111111'
            userIdentity = [ordered]@{ type = 'AssumedRole'; arn = 'arn:aws:sts::111111111111:assumed-role/RootAccessAdmin/alice'; accountId = '111111111111' }
            requestParameters = [ordered]@{ targetPrincipal = '444444444444'; taskPolicyArn = [ordered]@{ arn = 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' } }
        }
        $garbageTime = [ordered]@{} + $good; $garbageTime.eventID = 'bad-time'; $garbageTime.eventTime = 'last tuesday'
        $numericTask = [ordered]@{} + $good; $numericTask.eventID = 'bad-task'; $numericTask.requestParameters = [ordered]@{ targetPrincipal = '444444444444'; taskPolicyArn = [ordered]@{ arn = 42 } }
        $file = Join-Path $TestDrive 'mixed.json'
        [ordered]@{ Records = @($good, $garbageTime, $numericTask) } | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $file
        $err = $null
        $events = Get-AssumeRootEvent -Path $file -ErrorAction SilentlyContinue -ErrorVariable err
        $events | Should -HaveCount 1
        $events.TargetAccountId | Should -Be '444444444444'
        $err | Should -HaveCount 2
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'CloudTrailRecordSkipped,RootAccess.Cmdlets.GetAssumeRootEventCommand' }
        $err.ErrorDetails.Message -join ' ' | Should -Match 'bad-time'
        $err.ErrorDetails.Message -join ' ' | Should -Match 'bad-task'
        $err[0].ErrorDetails.Message | Should -Match ([regex]::Escape($file))
    }
}
