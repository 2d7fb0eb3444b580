using System.Linq;
using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// -SessionToken takes text only: a RootSession given to it (PowerShell binds -Session to -SessionToken by prefix on a
/// cmdlet without -Session) would otherwise become its ToString(). Refused, saying what to pass instead.
/// </summary>
public sealed class SessionTokenTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        => (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is RootSession session
            ? throw new ArgumentTransformationMetadataException(Text.Format(Messages.SessionTokenGotSession, session.TaskPolicy, session.AccountId))
            : inputData;
}

/// <summary>-CredentialType also takes the words admins use: Password (the root login profile) and Mfa.</summary>
public sealed class CredentialTypeTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            string text => One(text),
            System.Collections.IEnumerable many => many.Cast<object?>().Select(v => (v is PSObject p ? p.BaseObject : v) is string t ? One(t) : v).ToArray(),
            _ => inputData,
        };
    }

    private static object One(string text) => text.Trim().ToUpperInvariant() switch
    {
        "PASSWORD" or "ROOTPASSWORD" => RootCredentialType.LoginProfile,
        "MFA" => RootCredentialType.MfaDevice,
        "CERTIFICATE" => RootCredentialType.SigningCertificate,
        _ => text,
    };
}
