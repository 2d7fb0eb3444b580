using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;

namespace RootAccess.Root;

/// <summary>What a member account's root user has, as read in one go through a root session.</summary>
public sealed class RootCredentials
{
    public RootCredentials(IamUser? user, IamLoginProfile? loginProfile, IReadOnlyList<IamMfaDevice> mfaDevices, IReadOnlyList<IamAccessKey> accessKeys, IReadOnlyList<IamAccessKeyLastUsed> accessKeyLastUsed, IReadOnlyList<IamSigningCertificate> signingCertificates)
    {
        User = user;
        LoginProfile = loginProfile;
        MfaDevices = mfaDevices;
        AccessKeys = accessKeys;
        AccessKeyLastUsed = accessKeyLastUsed;
        SigningCertificates = signingCertificates;
    }

    /// <summary>The root user (for PasswordLastUsed); null when it was not read.</summary>
    public IamUser? User { get; }

    public IamLoginProfile? LoginProfile { get; }

    public IReadOnlyList<IamMfaDevice> MfaDevices { get; }

    public IReadOnlyList<IamAccessKey> AccessKeys { get; }

    /// <summary>Last use of each access key, in the order of <see cref="AccessKeys"/>.</summary>
    public IReadOnlyList<IamAccessKeyLastUsed> AccessKeyLastUsed { get; }

    public IReadOnlyList<IamSigningCertificate> SigningCertificates { get; }
}

/// <summary>The one reader of a root user's credentials, shared by the audit and the removal plan.</summary>
public static class RootCredentialReader
{
    /// <summary>The IAM calls a read makes; a session's task policy must allow all of them.</summary>
    public static IReadOnlyList<string> Actions { get; } = new[] { "iam:GetUser", "iam:GetLoginProfile", "iam:ListMFADevices", "iam:ListAccessKeys", "iam:ListSigningCertificates", "iam:GetAccessKeyLastUsed" };

    public static async Task<RootCredentials> ReadAsync(IamClient iam, CancellationToken cancellationToken)
    {
        var user = iam.GetUserAsync(cancellationToken);
        var loginProfile = iam.GetLoginProfileAsync(cancellationToken);
        var mfaDevices = iam.ListMfaDevicesAsync(cancellationToken);
        var accessKeys = iam.ListAccessKeysAsync(cancellationToken);
        var certificates = iam.ListSigningCertificatesAsync(cancellationToken);
        await Task.WhenAll(user, loginProfile, mfaDevices, accessKeys, certificates).ConfigureAwait(false);
        var lastUsed = await Task.WhenAll(accessKeys.Result.Select(k => iam.GetAccessKeyLastUsedAsync(k.AccessKeyId, cancellationToken))).ConfigureAwait(false);
        return new RootCredentials(user.Result, loginProfile.Result, mfaDevices.Result, accessKeys.Result, lastUsed, certificates.Result);
    }
}
