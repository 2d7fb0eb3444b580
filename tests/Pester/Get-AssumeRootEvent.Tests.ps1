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
}
