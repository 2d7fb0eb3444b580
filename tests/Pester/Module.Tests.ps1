BeforeDiscovery { $cmdlets = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../RootAccess.psd1')).CmdletsToExport }
BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

Describe 'The RootAccess module' {
    It 'passes Test-ModuleManifest' {
        $manifest = Test-ModuleManifest -Path $script:ModuleManifest
        $manifest.Name | Should -Be 'RootAccess'
        $manifest.ExportedCmdlets.Keys | Should -HaveCount 21
    }

    It 'exports the 21 cmdlets and the Get-OrgAccounts alias' {
        (Get-Command -Module RootAccess -CommandType Cmdlet) | Should -HaveCount 21
        (Get-Alias Get-OrgAccounts).Definition | Should -Be 'Get-OrgAccount'
    }

    It 'leaves nothing behind after Remove-Module, and imports again with -Force' {
        Remove-Module RootAccess
        Get-Module RootAccess* | Should -BeNullOrEmpty
        Get-Command Get-OrgAccount -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Import-Module $script:ModuleManifest -Force -Global
        Import-Module $script:ModuleManifest -Force -Global
        @(Get-Module RootAccess) | Should -HaveCount 1
        (Get-OrgAccount).Count | Should -Be 8
    }

    It 'installs and runs as the README says, in a new pwsh' {
        $readme = Get-Content -Raw -LiteralPath (Join-Path $script:RepoRoot 'README.md')
        $block = [regex]::Match($readme, '(?s)## Install and import.*?```powershell\r?\n(.*?)```').Groups[1].Value
        $block | Should -Match 'Import-Module ./out/RootAccess/RootAccess.psd1'
        $csv = Join-Path $script:RepoRoot 'root-credentials.csv'
        Push-Location -LiteralPath $script:RepoRoot
        try {
            & dotnet pwsh -NoProfile -NonInteractive -Command "`$ErrorActionPreference = 'Stop'; $block" | Out-Null
            $LASTEXITCODE | Should -Be 0
            Import-Csv -LiteralPath $csv | Should -HaveCount 8
        }
        finally {
            Pop-Location
            Remove-Item -LiteralPath $csv -ErrorAction Ignore
        }
    }

    It 'imports from the runbook zip (top folder RootAccess) in a new pwsh, as Azure Automation and SSM do' {
        $zip = & (Join-Path $script:RepoRoot 'tools/New-ModuleZip.ps1') -ModuleFolder (Split-Path -Parent $script:ModuleManifest) -Destination (Join-Path $TestDrive 'RootAccess.zip')
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [System.IO.Compression.ZipFile]::OpenRead($zip.FullName)
        try { $names = @($archive.Entries.FullName) } finally { $archive.Dispose() }
        $names | Should -Contain 'RootAccess/RootAccess.psd1'
        $names | Should -Contain 'RootAccess/RootAccess.dll'
        $names | Should -Contain 'RootAccess/en-US/RootAccess.dll-Help.xml'
        $names | ForEach-Object { $_ | Should -BeLike 'RootAccess/*' }
        $extracted = Join-Path $TestDrive 'extracted'
        Expand-Archive -LiteralPath $zip.FullName -DestinationPath $extracted
        # A child pwsh (the pinned one), so the module is loaded from the zip's files and not from this process.
        $pwsh = if ([Environment]::ProcessPath -like '*dotnet*') { @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @([Environment]::ProcessPath) }
        $script = "Import-Module '$extracted/RootAccess/RootAccess.psd1' -ErrorAction Stop; (Get-Module RootAccess).ModuleBase; @(Get-OrgAccount).Count"
        $out = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        $out[0] | Should -Be (Join-Path $extracted 'RootAccess')
        $out[1] | Should -Be 8
    }

    It 'has a test for every documented example' {
        foreach ($doc in Get-ChildItem (Join-Path $script:RepoRoot 'docs') -Filter '*-*.md') {
            $command = $doc.BaseName
            $tests = Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot "$command.Tests.ps1")
            foreach ($example in Get-DocExample -Command $command) {
                $tests | Should -Match "Invoke-DocExample $command $($example.Number)\b" -Because "docs/$command.md Example $($example.Number) must be run by a test"
            }
        }
    }
}

Describe 'Help for <_>' -ForEach $cmdlets {
    BeforeAll {
        $command = $_
        $help = Get-Help $command -Full
    }

    It 'has a synopsis, a description and at least two examples' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
    }

    It 'describes every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($parameter in (Get-Command $command).Parameters.Keys | Where-Object { $_ -notin $common }) {
            $text = (Get-Help $command -Parameter $parameter).description | Out-String
            $text.Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $command needs help"
        }
    }
}

Describe 'Views' {
    It 'every table header of <_> is a property name or an alias of one' -ForEach @(
        'RootAccess.Root.OrgAccount', 'RootAccess.Root.RootSession', 'RootAccess.Root.RootCredentialStatus',
        'RootAccess.Root.RootCredentialRemoval', 'RootAccess.Root.PasswordRecoveryResult', 'RootAccess.Root.PolicyUnlockResult',
        'RootAccess.Root.ResourcePolicyInfo', 'RootAccess.Root.PolicyRestoreResult', 'RootAccess.Hardening.HardeningCheck',
        'RootAccess.Root.OrgRootAccessStatus', 'RootAccess.Root.AssumeRootEvent', 'RootAccess.Policy.PolicyFinding', 'RootAccess.Policy.AssumeRootReach') {
        $typeName = $_
        $type = [AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'RootAccess' })[0].GetType($typeName, $true)
        $properties = $type.GetProperties().Name
        foreach ($view in Get-FormatData -TypeName $typeName -PowerShellVersion $PSVersionTable.PSVersion) {
            foreach ($control in $view.FormatViewDefinition.Control | Where-Object { $_ -is [System.Management.Automation.TableControl] }) {
                $labels = for ($i = 0; $i -lt $control.Headers.Count; $i++) {
                    if ($control.Headers[$i].Label) { $control.Headers[$i].Label } else { $control.Rows[0].Columns[$i].DisplayEntry.Value }
                }
                foreach ($label in $labels) { $label | Should -BeIn $properties -Because "$typeName shows a column '$label'" }
            }
        }
    }
}

Describe 'Tables in an 80-column console' {
    BeforeEach { Reset-Simulator }

    It 'keep the Action column of a removal preview' {
        $text = Remove-RootCredential 888888888888 -WhatIf 6>$null | Out-String -Width 80
        $text | Should -Match '(?m)^AccountId\s+Action\s+CredentialType'
        $text | Should -Match '(?m)^888888888888 WouldRemove'
    }

    It 'print each audited account on one line' {
        $lines = (Get-RootCredentialStatus 444444444444, 888888888888 -Ordered | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
        $lines | Should -HaveCount 4
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
    }
}

Describe 'Completion' {
    It 'completes -TaskPolicy with the five task policies' {
        $line = 'Invoke-AssumeRoot 444444444444 -TaskPolicy IAM'
        $matches = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $matches | Should -Contain 'IAMAuditRootUserCredentials'
        $matches | Should -Contain 'IAMDeleteRootUserCredentials'
    }
}
