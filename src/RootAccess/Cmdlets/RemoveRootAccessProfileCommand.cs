using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Takes away a profile Set-RootAccessProfile wrote, and no other.</summary>
[Cmdlet(VerbsCommon.Remove, "RootAccessProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveRootAccessProfileCommand : PSCmdlet
{
    /// <summary>The profile to remove; only one whose credential_process calls Invoke-AssumeRoot -AsCredentialProcess.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ProfileName { get; set; } = string.Empty;

    /// <summary>The credentials file (default: AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials).</summary>
    [Parameter]
    [Alias("ProfilesLocation")]
    public string? ProfileLocation { get; set; }

    protected override void ProcessRecord()
    {
        var location = ProfileLocation is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ProfileLocation);
        var file = RootAccessProfile.CredentialsFile(location);
        if (!RootAccessProfile.IsOurs(file, ProfileName, out var exists))
        {
            var message = exists
                ? $"The profile '{ProfileName}' is not one Set-RootAccessProfile wrote (its credential_process does not call {RootAccessProfile.Marker}); it is left as it is."
                : $"There is no profile '{ProfileName}' in {location ?? "the shared credentials file"}.";
            WriteError(new ErrorRecord(new PSInvalidOperationException(message), exists ? ErrorIds.ProfileNotRootAccess : ErrorIds.ProfileNotFound, ErrorCategory.InvalidArgument, ProfileName) { ErrorDetails = new ErrorDetails(message) });
            return;
        }

        if (ShouldProcess($"profile '{ProfileName}' in {location ?? "the shared credentials file"}", "Remove root access profile"))
        {
            file.UnregisterProfile(ProfileName);

            // The region Set-RootAccessProfile -Region put in the config file for the AWS CLI goes with it.
            AwsConfigFile.SetRegion(AwsConfigFile.DefaultPath, ProfileName, null);
        }
    }
}
