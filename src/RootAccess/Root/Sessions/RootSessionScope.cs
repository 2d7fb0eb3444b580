using System.Collections.Generic;

namespace RootAccess.Root;

/// <summary>
/// The environment a root session is handed to a -Command program through (its start info only, never this
/// process's environment): the variables every AWS SDK and the AWS CLI read. A -ScriptBlock gets the session as
/// variables in its own scope instead. The values live only in the dictionary and the child's environment, never in output.
/// </summary>
public static class RootSessionScope
{
    /// <summary>The variables to set (null removes: a profile must not override the session).</summary>
    public static IReadOnlyDictionary<string, string?> Environment(RootSession session)
    {
        var credentials = session.Credentials.GetCredentials();
        return new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretKey,
            ["AWS_SESSION_TOKEN"] = credentials.Token,
            ["AWS_REGION"] = session.Region,
            ["AWS_DEFAULT_REGION"] = session.Region,
            ["AWS_PROFILE"] = null,
        };
    }
}
