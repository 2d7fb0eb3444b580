# Dot-sourced by every *.Tests.ps1 in BeforeAll: the built module from out/RootAccess, the simulator that Run.ps1
# started put back to the sample organization, and the documented examples of docs/ as runnable code.
if (-not $env:ROOTACCESS_TEST_ENDPOINT) {
    throw 'Run tests/Pester through Run.ps1 (dotnet pwsh -File tests/Pester/Run.ps1): it starts the simulator these tests use.'
}

$script:RepoRoot = $env:ROOTACCESS_TEST_ROOT
$script:ModuleManifest = Join-Path $script:RepoRoot 'out/RootAccess/RootAccess.psd1'
Import-Module $script:ModuleManifest -Force -Global -ErrorAction Stop

function Reset-Simulator {
    # The sample organization again, with no faults: each file (or test) arranges its own state.
    Invoke-RestMethod -Method Post -Uri "$env:ROOTACCESS_TEST_ENDPOINT/__simulator/reset" | Out-Null
}

function Get-DocExample {
    # The examples of docs/<Command>.md: number, title, the code after 'PS C:\> ' and the text that says what it does.
    param([Parameter(Mandatory)] [string] $Command)
    $lines = Get-Content -LiteralPath (Join-Path $script:RepoRoot "docs/$Command.md")
    $examples = @()
    $current = $null
    $inCode = $false
    foreach ($line in $lines) {
        if ($line -match '^## ' -and $line -ne '## EXAMPLES' -and $current) { $examples += $current; $current = $null; break }
        if ($line -match '^### Example (\d+): (.+)$') {
            if ($current) { $examples += $current }
            $current = [pscustomobject]@{ Number = [int]$Matches[1]; Title = $Matches[2]; Code = @(); Text = @() }
            continue
        }
        if (-not $current) { continue }
        if ($line -match '^```') { $inCode = -not $inCode; continue }
        if ($inCode -and $line -match '^PS C:\\> (.*)$') { $current.Code += $Matches[1] }
        elseif (-not $inCode -and $line.Trim()) { $current.Text += $line }
    }
    if ($current) { $examples += $current }
    $examples | ForEach-Object { $_.Code = $_.Code -join [Environment]::NewLine; $_.Text = $_.Text -join ' '; $_ }
}

function Add-SimulatorFault {
    # Injects a fault into the simulator this run serves (cleared by the next Reset-Simulator), e.g. -Operation AssumeRoot -Kind ExpiredToken.
    param([Parameter(Mandatory)] [string] $Operation, [Parameter(Mandatory)] [string] $Kind, [string] $AccountId)
    $rule = @{ operation = $Operation; kind = $Kind }
    if ($AccountId) { $rule.accountId = $AccountId }
    Invoke-RestMethod -Method Post -Uri "$env:ROOTACCESS_TEST_ENDPOINT/__simulator/faults" -ContentType 'application/json' -Body ($rule | ConvertTo-Json) | Out-Null
}

function Invoke-DocExample {
    # Runs example <Number> of docs/<Command>.md as written, in -Location (TestDrive by default), and returns its
    # output; any error it writes fails the test that runs it.
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] [int] $Number, [string] $Location = $TestDrive)
    $example = Get-DocExample -Command $Command | Where-Object Number -eq $Number
    if (-not $example) { throw "docs/$Command.md has no Example $Number." }
    Push-Location -LiteralPath $Location
    try {
        $ErrorActionPreference = 'Stop'
        . ([scriptblock]::Create($example.Code))
    }
    finally { Pop-Location }
}

function New-CloudTrailArchive {
    # A CloudTrail log archive as AWS writes it (AWSLogs/<account>/CloudTrail/<region>/yyyy/mm/dd/*.json.gz), holding
    # one AssumeRoot by the management account's RootAccessAdmin role from 203.0.113.5 at 2026-11-20 10:00 UTC.
    param([Parameter(Mandatory)] [string] $Path)
    $folder = Join-Path $Path 'AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/20'
    New-Item -ItemType Directory -Path $folder -Force | Out-Null
    $record = [ordered]@{
        eventVersion = '1.09'; eventSource = 'sts.amazonaws.com'; eventName = 'AssumeRoot'; awsRegion = 'us-east-1'
        eventTime = '2026-11-20T10:00:00Z'; sourceIPAddress = '203.0.113.5'; userAgent = 'aws-cli/2.22'
        eventID = [guid]::NewGuid().ToString(); eventType = 'AwsApiCall'; recipientAccountId = '111111111111'
        userIdentity = [ordered]@{ type = 'AssumedRole'; arn = 'arn:aws:sts::111111111111:assumed-role/RootAccessAdmin/alice'; accountId = '111111111111'
            sessionContext = [ordered]@{ sessionIssuer = [ordered]@{ type = 'Role'; arn = 'arn:aws:iam::111111111111:role/RootAccessAdmin'; accountId = '111111111111' } } }
        requestParameters = [ordered]@{ targetPrincipal = '444444444444'; taskPolicyArn = [ordered]@{ arn = 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' }; durationSeconds = 900 }
        responseElements = [ordered]@{ credentials = [ordered]@{ accessKeyId = 'ASIAEXAMPLEARCHIVE01'; expiration = 'Nov 20, 2026, 10:15:00 AM' } }
    }
    $json = [ordered]@{ Records = @($record) } | ConvertTo-Json -Depth 8 -Compress
    $file = Join-Path $folder '111111111111_CloudTrail_us-east-1_20261120T1000Z_example.json.gz'
    $stream = [System.IO.File]::Create($file)
    try {
        $gzip = [System.IO.Compression.GZipStream]::new($stream, [System.IO.Compression.CompressionLevel]::Optimal)
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($json)
        $gzip.Write($bytes, 0, $bytes.Length)
        $gzip.Dispose()
    }
    finally { $stream.Dispose() }
    $file
}

Reset-Simulator
