namespace RootAccess.Core;

/// <summary>
/// The stable error ids of the module's error records: part of its contract (scripts and tests match on them).
/// An AWS failure's record adds ",&lt;AWS error code&gt;" to the id.
/// </summary>
public static class ErrorIds
{
    // Resolving the caller, region and endpoint.
    public const string NoCredentials = "NoCredentials";
    public const string ProfileNotFound = "ProfileNotFound";
    public const string ProfileCredentialsUnusable = "ProfileCredentialsUnusable";
    public const string IncompleteAccessKey = "IncompleteAccessKey";
    public const string NoRegion = "NoRegion";
    public const string InvalidRegion = "InvalidRegion";
    public const string InvalidEndpointUrl = "InvalidEndpointUrl";
    public const string EndpointUnreachable = "EndpointUnreachable";

    /// <summary>The SDK's credential chain could not sign in: STS refused its web identity token or the role it assumes.</summary>
    public const string SignInFailed = "SignInFailed";
    public const string PartitionMismatch = "PartitionMismatch";

    // Root sessions and the per-account path.
    public const string AssumeRootFailed = "AssumeRootFailed";
    public const string TaskPolicyCannotDoThis = "TaskPolicyCannotDoThis";
    public const string RootSessionExpired = "RootSessionExpired";
    public const string RootSessionInUse = "RootSessionInUse";
    public const string CommandStandardError = "CommandStandardError";
    public const string CommandExitCode = "CommandExitCode";
    public const string SessionAccountMismatch = "SessionAccountMismatch";
    public const string AccountIdRequired = "AccountIdRequired";
    public const string AccountOperationFailed = "AccountOperationFailed";
    public const string CommandNotFound = "CommandNotFound";
    public const string CredentialProcessRefused = "CredentialProcessRefused";
    public const string ProfileNotRootAccess = "ProfileNotRootAccess";
    public const string ProfileWriteFailed = "ProfileWriteFailed";

    // Credential audit, removal and password recovery.
    public const string RootCredentialAuditFailed = "RootCredentialAuditFailed";
    public const string RootCredentialRemovalFailed = "RootCredentialRemovalFailed";
    public const string PasswordRecoveryFailed = "PasswordRecoveryFailed";
    public const string RootPasswordAlreadyPresent = "RootPasswordAlreadyPresent";

    // Resource policies.
    public const string PolicyReadFailed = "PolicyReadFailed";
    public const string PolicyDeleteFailed = "PolicyDeleteFailed";
    public const string PolicyRestoreFailed = "PolicyRestoreFailed";
    public const string PolicyBackupFailed = "PolicyBackupFailed";
    public const string PolicyBackupUnreadable = "PolicyBackupUnreadable";
    public const string PolicyBackupUnverified = "PolicyBackupUnverified";
    public const string PolicyGrantsBeyondAccount = "PolicyGrantsBeyondAccount";
    public const string PolicyChangedSinceRead = "PolicyChangedSinceRead";
    public const string PolicyDoesNotLockOut = "PolicyDoesNotLockOut";
    public const string PolicyParseError = "PolicyParseError";
    public const string PathNotFound = "PathNotFound";
    public const string ReportWriteFailed = "ReportWriteFailed";
    public const string GuardrailParameterInvalid = "GuardrailParameterInvalid";
    public const string GuardrailReadFailed = "GuardrailReadFailed";
    public const string GuardrailUnproven = "GuardrailUnproven";
    public const string GuardrailWriteFailed = "GuardrailWriteFailed";

    // Organization and CloudTrail.
    public const string DescribeOrganizationFailed = "DescribeOrganizationFailed";
    public const string RootAccessNotEnabled = "RootAccessNotEnabled";
    public const string ListAccountsFailed = "ListAccountsFailed";
    public const string OrgRootAccessStatusFailed = "OrgRootAccessStatusFailed";
    public const string EnableOrgRootAccessFailed = "EnableOrgRootAccessFailed";
    public const string DisableOrgRootAccessFailed = "DisableOrgRootAccessFailed";
    public const string LookupEventsFailed = "LookupEventsFailed";
    public const string InvalidTimeRange = "InvalidTimeRange";
    public const string ConflictingParameters = "ConflictingParameters";
    public const string LookupEventsUnreadable = "LookupEventsUnreadable";
    public const string CloudTrailLogUnreadable = "CloudTrailLogUnreadable";
    public const string CloudTrailRecordSkipped = "CloudTrailRecordSkipped";

    // Rollouts and evidence.
    public const string RolloutStateUnreadable = "RolloutStateUnreadable";
    public const string RolloutStateTampered = "RolloutStateTampered";
    public const string RolloutStateVersion = "RolloutStateVersion";
    public const string RolloutStateOtherOrganization = "RolloutStateOtherOrganization";
    public const string RolloutStateInUse = "RolloutStateInUse";
    public const string RolloutStateWriteFailed = "RolloutStateWriteFailed";
    public const string RolloutStateNotFound = "RolloutStateNotFound";
    public const string RolloutHalted = "RolloutHalted";
    public const string RolloutStopped = "RolloutStopped";
    public const string RolloutPlanMismatch = "RolloutPlanMismatch";
    public const string RolloutAccountFailed = "RolloutAccountFailed";
    public const string RolloutVerifyFailed = "RolloutVerifyFailed";
    public const string EvidenceWriteFailed = "EvidenceWriteFailed";
    public const string EvidenceUnreadable = "EvidenceUnreadable";
}
