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
