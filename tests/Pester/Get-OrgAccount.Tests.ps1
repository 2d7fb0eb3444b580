BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'Get-OrgAccount' {
    Context 'documented examples' {
        It 'Example 1 lists every account of the organization' {
            $accounts = Invoke-DocExample Get-OrgAccount 1
            $accounts.Count | Should -Be 8
            ($accounts | Where-Object IsManagementAccount).AccountId | Should -Be '111111111111'
        }

        It 'Example 2 feeds only active accounts into the audit' {
            $rows = Invoke-DocExample Get-OrgAccount 2 3>$null
            $rows.Count | Should -Be 8
            $rows.Status | Sort-Object -Unique | Should -Be @('Audited', 'Skipped')
        }

        It 'Example 3 walks an OU and its children' {
            $accounts = Invoke-DocExample Get-OrgAccount 3
            $accounts | Where-Object ParentId -eq 'ou-sim0-prodwork1' | Should -HaveCount 2
            $accounts.AccountId | Should -Not -Contain '111111111111'
        }
    }

    It 'filters by state' {
        Get-OrgAccount -State ACTIVE | Should -HaveCount 8
        Get-OrgAccount -State SUSPENDED | Should -BeNullOrEmpty
    }

    It 'names -ParentId and what it accepts when it is malformed' {
        { Get-OrgAccount -ParentId Workloads } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RootAccess.Cmdlets.GetOrgAccountCommand' -ExpectedMessage "*'ParentId'*ou-ab12-cdef5678*"
    }

    It 'gives each account under -ParentId its OU path' {
        $account = Get-OrgAccount -ParentId r-sim0 -Recurse | Where-Object AccountId -eq '444444444444'
        $account.OuPath | Should -BeLike 'r-sim0/*'
    }

    It 'answers to its plural alias' {
        (Get-Alias Get-OrgAccounts).Definition | Should -Be 'Get-OrgAccount'
    }
}
