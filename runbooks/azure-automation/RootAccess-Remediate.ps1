#Requires -Version 7.2
#Requires -Modules RootAccess
<#
.SYNOPSIS
    Removes root credentials from named member accounts, or unlocks one named S3 bucket or SQS queue policy. Nothing by default.
.DESCRIPTION
    An Azure Automation runbook (PowerShell 7 runtime), signed in to AWS with the Automation account's managed identity
    exactly as RootAccess-Audit.ps1 is. It acts only on what its parameters name: -Action, the -AccountId list, the
    bucket or queue, and a -ChangeReference that is recorded in the rollout state, the evidence pack and the policy
    backup. There are no defaults that change anything.

    RemoveRootCredentials runs Invoke-RootCredentialRollout with its state in S3 (-StateS3Uri): a job stopped by the
    platform (Azure's 3-hour fair share, SSM's 600 seconds per step) leaves every finished account recorded, and the next
    job with the same parameters resumes there without repeating a removal. -TimeLimitMinutes ends a job cleanly before
    the platform does. The run that completes the rollout writes the evidence pack to -EvidenceS3Uri.

    UnlockS3BucketPolicy and UnlockSQSQueuePolicy delete one locked-out policy after backing it up to -BackupS3Uri
    (the backup is read back and verified first; a policy that still admits someone is left alone).

    The job fails when any account failed, when the rollout is not complete yet (run it again: it resumes), or when a
    write did not happen. It ends with one summary object.
.PARAMETER Action
    RemoveRootCredentials, UnlockS3BucketPolicy or UnlockSQSQueuePolicy. Required; there is no default.
.PARAMETER ChangeReference
    The change or ticket this run carries out (for example CHG0012345). Required.
.PARAMETER AccountId
    The member accounts to act on (removal), or the one account that owns the bucket or queue (unlock).
.PARAMETER StateS3Uri
    Removal: the rollout state, s3://bucket/key. The same for every job of one rollout.
.PARAMETER EvidenceS3Uri
    Removal: where the completing run writes the evidence pack, s3://bucket/prefix/ (new, one per rollout).
.PARAMETER BackupS3Uri
    Unlock: where the policy is backed up before it is deleted, s3://bucket/prefix/.
.PARAMETER BucketName
    UnlockS3BucketPolicy: the bucket.
.PARAMETER QueueName
    UnlockSQSQueuePolicy: the queue.
.PARAMETER CredentialType
    Removal: which kinds to remove (LoginProfile, AccessKey, SigningCertificate, MfaDevice); default all.
.PARAMETER TimeLimitMinutes
    Removal: stop cleanly between accounts after this long (default 150, inside Azure's 3 hours; SSM passes 8).
.PARAMETER LeaseWaitSeconds
    Removal: when the state is held by a run that was stopped outright (its lease lapses 2 minutes after its last write),
    wait this long once and try again (SSM passes 150, so a retried step resumes; default 0: fail at once).
.PARAMETER RoleArn
    The IAM role that trusts the managed identity (see RootAccess-Audit.ps1).
.PARAMETER Audience
    The token audience (see RootAccess-Audit.ps1).
.PARAMETER Region
    Default us-east-1.
.PARAMETER SignIn
    ManagedIdentity (Azure Automation, the default) or Ambient (SSM Automation's assume role, already in the environment).
.EXAMPLE
    Start-AzAutomationRunbook -AutomationAccountName rootaccess -ResourceGroupName security -Name RootAccess-Remediate -Parameters @{ Action = 'RemoveRootCredentials'; ChangeReference = 'CHG0012345'; AccountId = '222222222222', '444444444444'; StateS3Uri = 's3://rootaccess-backups-111111111111/rollouts/CHG0012345.json'; EvidenceS3Uri = 's3://rootaccess-backups-111111111111/evidence/CHG0012345/'; RoleArn = 'arn:aws:iam::111111111111:role/RootAccessAzureAutomation' }

    Removes the root credentials of two member accounts; start it again with the same parameters if it stops before the rollout completes.
.EXAMPLE
    Start-AzAutomationRunbook -AutomationAccountName rootaccess -ResourceGroupName security -Name RootAccess-Remediate -Parameters @{ Action = 'UnlockS3BucketPolicy'; ChangeReference = 'CHG0012346'; AccountId = '777777777777'; BucketName = 'data-lake-raw-777777777777'; BackupS3Uri = 's3://rootaccess-backups-111111111111/backups/'; RoleArn = 'arn:aws:iam::111111111111:role/RootAccessAzureAutomation' }

    Deletes the bucket policy that locks everyone out of the bucket, after a verified backup.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [ValidateSet('RemoveRootCredentials', 'UnlockS3BucketPolicy', 'UnlockSQSQueuePolicy')] [string] $Action,
    [Parameter(Mandatory)] [ValidatePattern('^\S.{0,127}$')] [string] $ChangeReference,
    [Parameter(Mandatory)] [ValidatePattern('^[0-9]{12}$')] [string[]] $AccountId,
    [ValidatePattern('^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+$')] [string] $StateS3Uri,
    [ValidatePattern('^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$')] [string] $EvidenceS3Uri,
    [ValidatePattern('^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$')] [string] $BackupS3Uri,
    [string] $BucketName,
    [string] $QueueName,
    [ValidateSet('LoginProfile', 'AccessKey', 'SigningCertificate', 'MfaDevice')] [string[]] $CredentialType,
    [ValidateRange(1, 170)] [int] $TimeLimitMinutes = 150,
    [ValidateRange(0, 300)] [int] $LeaseWaitSeconds = 0,
    [string] $RoleArn,
    [string] $Audience = 'api://rootaccess-aws',
    [string] $Region = 'us-east-1',
    [ValidateSet('ManagedIdentity', 'Ambient')] [string] $SignIn = 'ManagedIdentity'
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$ConfirmPreference = 'None' # unattended: nothing may ask; what may change is what the parameters name
Import-Module RootAccess

# Refuse an incomplete request before signing in: nothing is ever chosen for the caller.
switch ($Action) {
    'RemoveRootCredentials' {
        if (-not $StateS3Uri) { throw '-StateS3Uri is required for RemoveRootCredentials: the rollout state (s3://bucket/key), the same for every job of the rollout, so a stopped job resumes.' }
        if (-not $EvidenceS3Uri) { throw '-EvidenceS3Uri is required for RemoveRootCredentials: a new s3://bucket/prefix/ for the evidence pack.' }
    }
    default {
        if ($AccountId.Count -ne 1) { throw "-AccountId: $Action acts on exactly one account, the owner of the bucket or queue; $($AccountId.Count) were given." }
        if (-not $BackupS3Uri) { throw "-BackupS3Uri is required for ${Action}: the policy is backed up there (and verified) before it is deleted." }
        if ($Action -eq 'UnlockS3BucketPolicy' -and -not $BucketName) { throw '-BucketName is required for UnlockS3BucketPolicy.' }
        if ($Action -eq 'UnlockSQSQueuePolicy' -and -not $QueueName) { throw '-QueueName is required for UnlockSQSQueuePolicy.' }
    }
}

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

    $summary = [ordered]@{ Runbook = 'RootAccess-Remediate'; Action = $Action; ChangeReference = $ChangeReference; Accounts = $AccountId.Count }
    $problems = [System.Collections.Generic.List[string]]::new()
    if ($Action -eq 'RemoveRootCredentials') {
        $rollout = @{
            AccountId = $AccountId; StatePath = $StateS3Uri; EvidencePath = $EvidenceS3Uri; ChangeReference = $ChangeReference
            TimeLimit = [timespan]::FromMinutes($TimeLimitMinutes); Region = $Region; Force = $true; Confirm = $false
        }
        if ($CredentialType) { $rollout.CredentialType = $CredentialType }
        # A failed account is a non-terminating error (recorded, the others go on); a stop of the whole run is terminating.
        # A state still held by a run the platform killed is waited out once, when -LeaseWaitSeconds allows.
        $rows = @()
        $accountErrors = @()
        foreach ($try in 1, 2) {
            try {
                $rows = @(Invoke-RootCredentialRollout @rollout -ErrorAction Continue -ErrorVariable runErrors)
                $accountErrors = @($runErrors)
                break
            }
            catch {
                if ($try -eq 1 -and $LeaseWaitSeconds -gt 0 -and $_.FullyQualifiedErrorId -like 'RolloutStateInUse*') {
                    Write-Warning "The rollout state is held by another run; waiting $LeaseWaitSeconds s for its lease to lapse, then trying once more."
                    Start-Sleep -Seconds $LeaseWaitSeconds
                    continue
                }
                throw
            }
        }
        $state = Get-RootCredentialRollout -StatePath $StateS3Uri -Summary -Region $Region
        $accounts = @(Get-RootCredentialRollout -StatePath $StateS3Uri -Region $Region)
        $failed = @($accounts | Where-Object State -eq 'Failed')
        # An account named but never worked on (not in the organization, the management account, suspended, excluded)
        # is not done: the job must not pass while it still holds root credentials.
        $notDone = @($accounts | Where-Object { "$($_.State)" -in 'Skipped', 'Excluded' })
        $summary.Complete = [bool]$state.Complete
        $summary.FinishedThisRun = $rows.Count
        $summary.Failed = $failed.Count
        $summary.NotWorkedOn = $notDone.Count
        $summary.StateS3Uri = $StateS3Uri
        $summary.EvidenceS3Uri = $EvidenceS3Uri
        if ($failed) { $problems.Add("$($failed.Count) account(s) failed: $(($failed | ForEach-Object { "$($_.AccountId) ($($_.ErrorId))" }) -join ', ')") }
        if ($notDone) { $problems.Add("$($notDone.Count) named account(s) were not worked on: $(($notDone | ForEach-Object { "$($_.AccountId) ($($_.Reason))" }) -join ', ')") }
        $otherErrors = @($accountErrors | Where-Object { $_.TargetObject -notin $failed.AccountId })
        if ($otherErrors) { $problems.Add("the rollout reported $($otherErrors.Count) error(s): $(($otherErrors | ForEach-Object { "$_" }) -join ' / ')") }
        if (-not $state.Complete) { $problems.Add("the rollout is not complete ($($state.StoppedBecause)); run this runbook again with the same parameters to resume") }
        elseif (-not (Test-RootAccessEvidence -Path $EvidenceS3Uri -Region $Region)) { $problems.Add("the evidence pack at $EvidenceS3Uri is not whole") }
    }
    else {
        $unlock = @{ AccountId = $AccountId[0]; BackupPath = $BackupS3Uri; ChangeReference = $ChangeReference; Region = $Region; Force = $true; Confirm = $false }
        $result = if ($Action -eq 'UnlockS3BucketPolicy') { Unlock-S3BucketPolicy @unlock -BucketName $BucketName } else { Unlock-SQSQueuePolicy @unlock -QueueName $QueueName }
        $summary.Resource = if ($BucketName) { $BucketName } else { $QueueName }
        $summary.Unlocked = [bool]($result | Where-Object { "$($_.Action)" -eq 'Unlocked' })
        $summary.BackupPath = ($result | Select-Object -First 1).BackupPath
        $summary.Result = ($result | Out-String).Trim()
        if (-not $summary.Unlocked) { $problems.Add("the policy of $($summary.Resource) was not deleted (see Result)") }
    }
    $summary.Succeeded = $problems.Count -eq 0
    $summary.Problems = $problems -join '; '
    [pscustomobject]$summary
    if ($problems.Count) { throw "RootAccess-Remediate failed: $($problems -join '; ')." }
}
finally {
    # Also when the sign-in itself failed part-way: no token file outlives the job.
    if ($tokenFile) { Remove-Item -LiteralPath $tokenFile -Force -ErrorAction Ignore }
    foreach ($name in 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME') { Remove-Item "env:$name" -ErrorAction Ignore }
}
