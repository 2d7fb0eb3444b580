namespace RootAccess.Root;

/// <summary>A profile Set-RootAccessProfile wrote: what tools name it and what its credential_process opens (no secret).</summary>
public sealed class RootAccessProfileInfo
{
    public string ProfileName { get; set; } = string.Empty;

    public string AccountId { get; set; } = string.Empty;

    public string TaskPolicy { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    public string CredentialProcess { get; set; } = string.Empty;
}
