#Requires -Version 7.2
#Requires -Modules RootAccess
<#
.SYNOPSIS
    Audits root credentials across the AWS Organization and records the evidence in S3. Changes nothing in AWS.
.DESCRIPTION
    An Azure Automation runbook (PowerShell 7 runtime) that signs in to AWS with the Automation account's managed
    identity: a token from the endpoint Azure gives the job (IDENTITY_ENDPOINT, IDENTITY_HEADER), exchanged by the AWS
    SDK with sts:AssumeRoleWithWebIdentity for -RoleArn. No AWS keys are stored anywhere.

    It audits every account of the organization (Get-OrgAccounts | Get-RootCredentialStatus), runs
    Test-RootAccessHardening, writes the evidence pack (accounts.csv, accounts.json, organization.json, hardening.json,
    manifest.json) under <EvidenceS3Uri>/<yyyy-MM-dd>/<run id>/, checks that every file is there as written, and ends
    with one summary object.

    The job fails (a terminating error, after the summary) when any account could not be audited, when a hardening
    control at or above -FailOnPriority fails, or when the evidence was not written whole.

    The same script runs as the SSM Automation document runbooks/ssm/RootAccess-Audit.yaml, with -SignIn Ambient (the
    document's assume role is already in the environment).
.PARAMETER RoleArn
    The IAM role in the management account (or the IAM delegated administrator) that trusts the managed identity.
.PARAMETER Audience
    The audience the token is asked for (the resource): the client id the IAM OIDC provider lists.
.PARAMETER EvidenceS3Uri
    Where evidence goes: s3://bucket/prefix. Each run writes a new folder under it; nothing is ever overwritten.
.PARAMETER FailOnPriority
    Fail the job when a hardening control of this priority or higher (P0 highest) fails. Default P1.
.PARAMETER BreakGlassPrincipal
    The break-glass principals (ARNs) the hardening check expects to hold root-equivalent rights; any other principal
    that holds them fails controls RA-H04, RA-H10 and RA-H11.
.PARAMETER AllowUnknownControl
    Hardening controls (RA-Hnn) that may end Unknown (not readable with this role, such as RA-H06, which needs the log
    archive account) without failing the job. Any other control at or above -FailOnPriority that is Unknown fails it.
.PARAMETER Region
    The AWS region for STS and the regional services. Default us-east-1.
.PARAMETER SignIn
    ManagedIdentity (Azure Automation, the default) or Ambient (credentials the platform already put in the environment).
.PARAMETER RunId
    Names this run's evidence folder; default: the Azure job id, else the time.
.EXAMPLE
    Start-AzAutomationRunbook -AutomationAccountName rootaccess -ResourceGroupName security -Name RootAccess-Audit -Parameters @{ RoleArn = 'arn:aws:iam::111111111111:role/RootAccessAzureAutomation'; EvidenceS3Uri = 's3://rootaccess-backups-111111111111/evidence'; BreakGlassPrincipal = 'arn:aws:iam::111111111111:role/BreakGlassAdmin' }

    Runs the audit as a job of the Automation account (or link it to a schedule with these parameters).
#>
[CmdletBinding()]
param(
    [string] $RoleArn,
    [string] $Audience = 'api://rootaccess-aws',
    [Parameter(Mandatory)] [ValidatePattern('^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$')] [string] $EvidenceS3Uri,
    [ValidateSet('P0', 'P1', 'P2')] [string] $FailOnPriority = 'P1',
    [string[]] $BreakGlassPrincipal = @(),
    [ValidatePattern('^RA-H[0-9]{2}$')] [string[]] $AllowUnknownControl = @(),
    [string] $Region = 'us-east-1',
    [ValidateSet('ManagedIdentity', 'Ambient')] [string] $SignIn = 'ManagedIdentity',
    [ValidatePattern('^[A-Za-z0-9._-]{1,80}$')] [string] $RunId
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$ConfirmPreference = 'None' # unattended: nothing may ask; the audit changes nothing anyway
Import-Module RootAccess

try {
# --- sign-in: begin (the same lines in every RootAccess runbook; Azure imports each runbook on its own) ---
$tokenFile = $null
if ($SignIn -eq 'ManagedIdentity') {
    if (-not $RoleArn) { throw '-RoleArn is required with -SignIn ManagedIdentity: the IAM role that trusts this Automation account''s managed identity.' }
    if (-not $env:IDENTITY_ENDPOINT -or -not $env:IDENTITY_HEADER) {
        throw 'No managed identity: IDENTITY_ENDPOINT and IDENTITY_HEADER are not set. Turn on the Automation account''s system-assigned identity (Identity blade) and run this in Azure Automation.'
    }
    # Only the identity signs in: keys in the environment, or any profile (a Hybrid Worker's default profile included),
    # would come before it in the SDK's chain, so there are none for this job.
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE') { Remove-Item "env:$name" -ErrorAction Ignore }
    $noProfiles = Join-Path ([System.IO.Path]::GetTempPath()) ('rootaccess-no-profiles-{0}' -f [guid]::NewGuid().ToString('N'))
    $env:AWS_SHARED_CREDENTIALS_FILE = $noProfiles
    $env:AWS_CONFIG_FILE = $noProfiles
    try {
        $uri = '{0}?resource={1}&api-version=2019-08-01' -f $env:IDENTITY_ENDPOINT, [uri]::EscapeDataString($Audience)
        $token = (Invoke-RestMethod -Uri $uri -Headers @{ 'X-IDENTITY-HEADER' = $env:IDENTITY_HEADER; Metadata = 'true' } -TimeoutSec 30).access_token
    }
    catch { throw "The managed identity gave no token for '$Audience': $($_.Exception.Message)" }
    if (-not $token) { throw "The managed identity endpoint answered without an access_token for '$Audience'." }
    # The SDK reads the token from a file (AWS_WEB_IDENTITY_TOKEN_FILE) and exchanges it itself, again when it expires.
    # The file is this job's only, readable by this user only (created so on Unix), and deleted when the job ends.
    $tokenFile = Join-Path ([System.IO.Path]::GetTempPath()) ('rootaccess-{0}.jwt' -f [guid]::NewGuid().ToString('N'))
    $options = [System.IO.FileStreamOptions]@{ Mode = 'CreateNew'; Access = 'Write' }
    if (-not $IsWindows) { $options.UnixCreateMode = [System.IO.UnixFileMode]'UserRead, UserWrite' }
    $bytes = [System.Text.Encoding]::ASCII.GetBytes($token)
    Remove-Variable token
    $stream = [System.IO.FileStream]::new($tokenFile, $options)
    try { $stream.Write($bytes, 0, $bytes.Length) } finally { $stream.Dispose(); [array]::Clear($bytes, 0, $bytes.Length) }
    $env:AWS_WEB_IDENTITY_TOKEN_FILE = $tokenFile
    $env:AWS_ROLE_ARN = $RoleArn
    $env:AWS_ROLE_SESSION_NAME = 'RootAccess-' + ($(if ($PSPrivateMetadata.JobId) { "$($PSPrivateMetadata.JobId)" } else { [guid]::NewGuid().ToString('N') }))
}
$env:AWS_REGION = $Region
# --- sign-in: end ---

    if (-not $RunId) { $RunId = if ($PSPrivateMetadata.JobId) { "$($PSPrivateMetadata.JobId)" } else { (Get-Date).ToUniversalTime().ToString('HHmmss') + 'Z' } }
    $started = (Get-Date).ToUniversalTime()
    $destination = '{0}/{1:yyyy-MM-dd}/{2}/' -f $EvidenceS3Uri.TrimEnd('/'), $started, $RunId

    $checks = @{ Region = $Region }
    if ($BreakGlassPrincipal) { $checks.BreakGlassPrincipal = $BreakGlassPrincipal }
    $hardening = @(Test-RootAccessHardening @checks)
    # An account that cannot be audited is a row (Status Failed) and an error record: the run goes on to every other
    # account, and the job fails at the end.
    $rows = @(Get-OrgAccounts -Region $Region | Get-RootCredentialStatus -Region $Region -ErrorAction Continue)
    $pack = $rows | Export-RootAccessEvidence -Path $destination -Hardening $hardening -Region $Region
    # A write that did not happen fails the job: read the pack back against the manifest it was written with.
    $written = $null -ne $pack -and (Test-RootAccessEvidence -Path $destination -ManifestSha256 $pack.ManifestSha256 -Region $Region)

    $rank = @{ P0 = 0; P1 = 1; P2 = 2 }
    $failedControls = @($hardening | Where-Object { $_.Status -eq 'Fail' -and $rank[$_.Priority] -le $rank[$FailOnPriority] })
    # A control that could not be read is not a pass: unattended, nobody reads the warning.
    $unknownControls = @($hardening | Where-Object { $_.Status -eq 'Unknown' -and $rank[$_.Priority] -le $rank[$FailOnPriority] -and $_.ControlId -notin $AllowUnknownControl })
    $failedAccounts = @($rows | Where-Object Status -eq 'Failed')
    $problems = @(
        if ($failedAccounts) { "$($failedAccounts.Count) account(s) could not be audited: $(($failedAccounts | ForEach-Object { "$($_.AccountId) ($($_.ErrorId))" }) -join ', ')" }
        if ($failedControls) { "$($failedControls.Count) hardening control(s) at $FailOnPriority or higher failed: $(($failedControls | ForEach-Object ControlId) -join ', ')" }
        if ($unknownControls) { "$($unknownControls.Count) hardening control(s) at $FailOnPriority or higher could not be read: $(($unknownControls | ForEach-Object ControlId) -join ', ') (grant the reads, or name them in -AllowUnknownControl)" }
        if (-not $written) { "the evidence was not written whole to $destination" }
    )

    [pscustomobject]@{
        Runbook                     = 'RootAccess-Audit'
        RunId                       = $RunId
        Accounts                    = $rows.Count
        AccountsFailed              = $failedAccounts.Count
        AccountsWithRootCredentials = @($rows | Where-Object HasRootCredentials).Count
        HardeningFailed             = @($hardening | Where-Object Status -eq 'Fail').Count
        HardeningFailedAtThreshold  = $failedControls.Count
        HardeningUnknown            = @($hardening | Where-Object Status -eq 'Unknown').Count
        EvidencePath                = $destination
        EvidenceWritten             = [bool]$written
        ManifestSha256              = if ($pack) { $pack.ManifestSha256 } else { '' }
        Succeeded                   = $problems.Count -eq 0
        Problems                    = $problems -join '; '
    }
    if ($problems) { throw "RootAccess-Audit failed: $($problems -join '; ')." }
}
finally {
    # Also when the sign-in itself failed part-way: no token file outlives the job.
    if ($tokenFile) { Remove-Item -LiteralPath $tokenFile -Force -ErrorAction Ignore }
    foreach ($name in 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME') { Remove-Item "env:$name" -ErrorAction Ignore }
}
