# Every operation the module's own IAM, Organizations, CloudTrail and EventBridge client sends, against the playground's sample
# organization; conformance.mjs replays each with AWS's JS SDK and compares the two requests.
Get-OrgAccounts | Out-Null
Get-OrgAccounts -Recurse | Out-Null
Get-OrgRootAccessStatus | Out-Null
Get-RootCredentialStatus 444444444444, 888888888888, 555555555555, 666666666666 | Out-Null
Remove-RootCredential 555555555555, 666666666666, 888888888888 -Force | Out-Null
Enable-RootPasswordRecovery 222222222222 -Force -WarningAction SilentlyContinue | Out-Null
Disable-OrgRootAccess -TrustedAccess -Force | Out-Null
Enable-OrgRootAccess -Force | Out-Null
Get-AssumeRootEvent -Since 1h | Out-Null
Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin | Out-Null
