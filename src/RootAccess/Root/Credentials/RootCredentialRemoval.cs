namespace RootAccess.Root;

/// <summary>The kinds of root user credential.</summary>
public enum RootCredentialType
{
    LoginProfile,
    AccessKey,
    MfaDevice,
    SigningCertificate,
}

/// <summary>What happened to one credential.</summary>
public enum RemovalAction
{
    Removed,
    WouldRemove,
    NotPresent,
    Skipped,
    Failed,
}

/// <summary>One row per credential item: what Remove-RootCredential did to it.</summary>
public sealed class RootCredentialRemoval
{
    public string AccountId { get; set; } = string.Empty;

    public RootCredentialType CredentialType { get; set; }

    /// <summary>The access key id, certificate id or MFA serial; "root" for the login profile; empty when none was present.</summary>
    public string CredentialId { get; set; } = string.Empty;

    public RemovalAction Action { get; set; }

    public string Message { get; set; } = string.Empty;

    public override string ToString() => $"{AccountId} {CredentialType} {CredentialId}: {Action}";
}

/// <summary>One credential found on a root user.</summary>
public sealed class RootCredentialItem
{
    public RootCredentialItem(RootCredentialType type, string id)
    {
        Type = type;
        Id = id;
    }

    public RootCredentialType Type { get; }

    public string Id { get; }

    public string Describe() => Type switch
    {
        RootCredentialType.LoginProfile => "root password (login profile)",
        RootCredentialType.AccessKey => "root access key " + Id,
        RootCredentialType.MfaDevice => "root MFA device " + Id,
        _ => "root signing certificate " + Id,
    };
}
