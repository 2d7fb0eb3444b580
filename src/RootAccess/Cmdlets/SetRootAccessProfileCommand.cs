using System;
using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Writes (or updates) an AWS profile whose credential_process opens a task-scoped root session through this module,
/// so the AWS CLI, the SDKs and Terraform can act as it by profile name. The file holds no secret.
/// </summary>
[Cmdlet(VerbsCommon.Set, "RootAccessProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RootAccessProfileInfo))]
public sealed class SetRootAccessProfileCommand : PSCmdlet
{
    /// <summary>The profile to write, as tools name it (--profile, AWS_PROFILE).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string ProfileName { get; set; } = string.Empty;

    /// <summary>The member account the profile's sessions are for.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "TargetPrincipal")]
    [ArgumentCompleter(typeof(AccountIdCompleter))]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId AccountId { get; set; }

    /// <summary>The task policy of the profile's sessions (IAMCreateRootUserPassword is refused: never a standing profile).</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [ArgumentCompleter(typeof(TaskPolicyCompleter))]
    [ValidateTaskPolicy]
    public string TaskPolicy { get; set; } = string.Empty;

    /// <summary>The profile whose credentials open the sessions (default: the SDK's chain where the tool runs).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    public string? SourceProfileName { get; set; }

    /// <summary>The region of the sessions and the profile (written as its region).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    /// <summary>Session length, 1 to 900 seconds; tools refresh it through the document's Expiration.</summary>
    [Parameter]
    [ValidateRange(1, RootSessionBroker.MaxDurationSeconds)]
    public int DurationSeconds { get; set; } = RootSessionBroker.MaxDurationSeconds;

    /// <summary>The credentials file to write (default: AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials).</summary>
    [Parameter]
    [Alias("ProfilesLocation")]
    public string? ProfileLocation { get; set; }

    protected override void ProcessRecord()
    {
        var policy = TaskPolicies.Resolve(TaskPolicy);
        var problem = RootAccessProfile.NameProblem(ProfileName) ?? (SourceProfileName is null ? null : RootAccessProfile.NameProblem(SourceProfileName))
            ?? CredentialProcess.Refusal(policy, outputRedirected: true, chatty: false)
            ?? (Region is null || Aws.AwsContextResolver.IsRegion(Region) ? null : $"'{Region}' is not an AWS region. Use a region such as us-east-1 or eu-west-2.");
        if (problem is not null)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException(problem), ErrorIds.ProfileWriteFailed, ErrorCategory.InvalidArgument, ProfileName) { ErrorDetails = new ErrorDetails(problem) });
        }

        var location = ProfileLocation is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ProfileLocation);
        var command = RootAccessProfile.Command(
            RootAccessProfile.CurrentPwsh(System.Diagnostics.Process.GetCurrentProcess().MainModule?.FileName, System.IO.Path.GetDirectoryName(typeof(PSObject).Assembly.Location)!),
            MyInvocation.MyCommand.Module?.Path is { Length: > 0 } module ? System.IO.Path.ChangeExtension(module, ".psd1") : "RootAccess",
            AccountId, policy, DurationSeconds, SourceProfileName, Region, System.IO.Path.DirectorySeparatorChar == '\\');
        var file = RootAccessProfile.CredentialsFile(location);
        if (RootAccessProfile.IsOurs(file, ProfileName, out var exists) is false && exists)
        {
            var message = $"The profile '{ProfileName}' exists and is not one this module wrote; it is left as it is. Choose another -ProfileName.";
            ThrowTerminatingError(new ErrorRecord(new PSInvalidOperationException(message), ErrorIds.ProfileNotRootAccess, ErrorCategory.ResourceExists, ProfileName) { ErrorDetails = new ErrorDetails(message) });
        }

        var regionIn = Region is null ? string.Empty : $", region {Region} in {AwsConfigFile.DefaultPath}";
        if (!ShouldProcess($"profile '{ProfileName}' in {location ?? "the shared credentials file"}: credential_process opening {policy} root sessions in {AccountId.Value}{regionIn}", "Set root access profile"))
        {
            return;
        }

        try
        {
            RootAccessProfile.Write(file, ProfileName, command, Region);
            if (Region is not null)
            {
                // The AWS CLI v2 takes a profile's region from the config file only.
                AwsConfigFile.SetRegion(AwsConfigFile.DefaultPath, ProfileName, Region);
            }
        }
        catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ArgumentException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.ProfileWriteFailed, ErrorCategory.WriteError, ProfileName) { ErrorDetails = new ErrorDetails($"The profile '{ProfileName}' cannot be written: {ex.Message}") });
        }

        WriteObject(new RootAccessProfileInfo { ProfileName = ProfileName, AccountId = AccountId.Value, TaskPolicy = policy, Region = Region ?? string.Empty, CredentialProcess = command });
    }
}
