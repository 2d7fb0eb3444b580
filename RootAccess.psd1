@{
    RootModule           = 'RootAccess.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0c3a8e-6d1b-4f43-9a0e-2b7c6d9e4a11'
    Author               = 'RootAccess contributors'
    CompanyName          = 'RootAccess'
    Copyright            = '(c) RootAccess contributors. Apache-2.0.'
    Description          = 'Safe, routine AWS Centralized Root Access: scoped sts:AssumeRoot sessions, org-wide root credential audit and removal, policy unlocks, AssumeRoot policy linting and CloudTrail auditing.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('RootAccess.format.ps1xml')
    ScriptsToProcess     = @('RootAccess.Compatibility.ps1')
    CmdletsToExport      = @(
        'Get-OrgAccount'
        'Test-RootAccessHardening'
        'New-RootAccessGuardrail'
        'Invoke-AssumeRoot'
        'Get-RootCredentialStatus'
        'Remove-RootCredential'
        'Invoke-RootCredentialRollout'
        'Get-RootCredentialRollout'
        'Export-RootAccessEvidence'
        'Test-RootAccessEvidence'
        'Enable-RootPasswordRecovery'
        'Set-RootAccessProfile'
        'Remove-RootAccessProfile'
        'Unlock-S3BucketPolicy'
        'Unlock-SQSQueuePolicy'
        'Restore-ResourcePolicy'
        'Get-OrgRootAccessStatus'
        'Enable-OrgRootAccess'
        'Disable-OrgRootAccess'
        'Get-AssumeRootEvent'
        'Test-AssumeRootPolicy'
    )
    AliasesToExport      = @('Get-OrgAccounts')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'Root', 'AssumeRoot', 'Organizations', 'IAM', 'Security', 'CentralizedRootAccess', 'PSEdition_Core', 'PSEdition_Desktop')
            ProjectUri   = 'https://github.com/rootaccess/RootAccess'
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ReleaseNotes = 'Root sessions stay in their -ScriptBlock (never the process environment); Ctrl+C on -Command ends the child; previews open no destructive session; MFA is kept while a password remains; unlocks back up to verified, self-describing records in a per-user folder and delete only an unchanged, locking policy; restores verify the record and back up what they replace; Unlock-SQSQueuePolicy lists locked queues; AWS.Tools session defaults are honoured. Get-RootCredentialStatus writes one row per account (Audited, Skipped, Failed with Reason), checks centralized root access once before the run, and adds password last use, MFA by type, active certificates, latest key use, email and OU path, with ISO 8601 UTC timestamps. The default -ThrottleLimit adapts to AWS throttling. Enable-OrgRootAccess gains -Feature and -Force (ConfirmImpact High). Repeated keys in policy JSON are refused.'
        }
    }
}
