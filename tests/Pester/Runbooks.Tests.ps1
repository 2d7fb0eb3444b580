BeforeAll { . $PSScriptRoot/TestSupport.ps1 }

# What holds for every runbook without running it (build.ps1 -Task Runbooks runs them, as their platforms do).
Describe 'Runbooks' {
    BeforeAll {
        $runbooks = Join-Path $script:RepoRoot 'runbooks'
        $scripts = Get-ChildItem (Join-Path $runbooks 'azure-automation/*.ps1')
        $documents = Get-ChildItem (Join-Path $runbooks 'ssm/*.yaml')
    }

    It 'has the two Azure runbooks and the two SSM documents' {
        $scripts.Name | Sort-Object | Should -Be @('RootAccess-Audit.ps1', 'RootAccess-Remediate.ps1')
        $documents.Name | Sort-Object | Should -Be @('RootAccess-Audit.yaml', 'RootAccess-Remediate.yaml')
    }

    It '<_> parses, and never prompts, reads a host or holds a key' -ForEach @('RootAccess-Audit.ps1', 'RootAccess-Remediate.ps1') {
        $path = Join-Path $runbooks "azure-automation/$_"
        $tokens = $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$tokens, [ref]$errors)
        $errors | Should -BeNullOrEmpty
        $commands = $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() }
        $commands | Should -Not -Contain 'Read-Host'
        $commands | Should -Not -Contain 'Get-Credential'
        $commands | Should -Not -Contain 'Pause'
        $text = Get-Content -Raw $path
        $text | Should -Not -Match '\$Host\.UI\.(Prompt|ReadLine)'
        $text | Should -Not -Match '(AKIA|ASIA)[A-Z0-9]{16}'
        $text | Should -Not -Match '(?i)aws_secret_access_key\s*=|-SecretKey\s|-AccessKey\s|-SessionToken\s'
        $text | Should -Match "\`$ConfirmPreference = 'None'"
    }

    It 'passes -Force and -Confirm:$false to every command that changes AWS' {
        $path = Join-Path $runbooks 'azure-automation/RootAccess-Remediate.ps1'
        $text = Get-Content -Raw $path
        foreach ($splat in 'rollout', 'unlock') {
            $text | Should -Match "\`$$splat = @\{[^}]*Force = \`$true; Confirm = \`$false"
        }
    }

    It 'keeps one sign-in: the same lines in both Azure runbooks' {
        $blocks = foreach ($script in $scripts) {
            $text = Get-Content -Raw $script.FullName
            $text.Substring($text.IndexOf('# --- sign-in: begin'), $text.IndexOf('# --- sign-in: end ---') - $text.IndexOf('# --- sign-in: begin'))
        }
        $blocks[0] | Should -Not -BeNullOrEmpty
        $blocks[1] | Should -BeExactly $blocks[0]
    }

    It '<Name> is an Automation document running the module attachment on PowerShell' -ForEach @(
        @{ Name = 'RootAccess-Audit.yaml' }, @{ Name = 'RootAccess-Remediate.yaml' }
    ) {
        $text = Get-Content -Raw (Join-Path $runbooks "ssm/$Name")
        $text | Should -Match "(?m)^schemaVersion: '0\.3'$"
        $text | Should -Match "(?m)^assumeRole: '\{\{ AutomationAssumeRole \}\}'$"
        $text | Should -Match '(?m)^\s+action: aws:executeScript$'
        $text | Should -Match '(?m)^\s+Runtime: PowerShell 7\.4$'
        $text | Should -Match '(?m)^\s+Attachment: RootAccessRunbooks\.zip$'
        $text | Should -Match '(?m)^files:\r?\n\s+RootAccessRunbooks\.zip:'
        $text | Should -Match '(?m)^\s+timeoutSeconds: 600$'
        $text | Should -Not -Match '(?m)^\s+Handler:'
        $text | Should -Not -Match 'Read-Host'
    }

    It 'ships the runbook scripts beside the module in the SSM attachment' {
        $zip = & (Join-Path $script:RepoRoot 'tools/New-ModuleZip.ps1') -ModuleFolder (Split-Path -Parent $script:ModuleManifest) -Destination (Join-Path $TestDrive 'RootAccessRunbooks.zip') -Include $scripts.FullName
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [System.IO.Compression.ZipFile]::OpenRead($zip.FullName)
        try { $names = $archive.Entries.FullName } finally { $archive.Dispose() }
        $names | Should -Contain 'RootAccess-Audit.ps1'
        $names | Should -Contain 'RootAccess-Remediate.ps1'
        $names | Should -Contain 'RootAccess/RootAccess.psd1'
    }

    It 'Get-Help describes <_> with its parameters' -ForEach @('RootAccess-Audit.ps1', 'RootAccess-Remediate.ps1') {
        $help = Get-Help (Join-Path $runbooks "azure-automation/$_") -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.parameters.parameter | Where-Object { -not ($_.description.Text -join '') }).name | Should -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 1
    }
}
