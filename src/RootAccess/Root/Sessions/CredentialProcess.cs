using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>
/// A root session as the AWS SDKs' and CLI's credential_process contract wants it: one JSON document on standard
/// output (Version 1, AccessKeyId, SecretAccessKey, SessionToken, Expiration in UTC ISO 8601, so the caller refreshes
/// the short session itself). The only place the module writes a secret as text, so who may receive it is narrow.
/// </summary>
public static class CredentialProcess
{
    /// <summary>Why the document may not be printed here, or null: never to a console, never beside other output, never the password task.</summary>
    public static string? Refusal(string taskPolicy, bool outputRedirected, bool chatty)
    {
        if (taskPolicy == TaskPolicies.CreateRootUserPassword)
        {
            return Messages.CredentialProcessPasswordTask;
        }

        if (!outputRedirected)
        {
            return Messages.CredentialProcessConsole;
        }

        return chatty ? "-AsCredentialProcess prints only the credential document; -Verbose and -Debug would mix other text into it." : null;
    }

    /// <summary>The document for <paramref name="session"/>.</summary>
    public static string Document(RootSession session)
    {
        var credentials = session.Credentials.GetCredentials();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("Version", 1);
            json.WriteString("AccessKeyId", credentials.AccessKey);
            json.WriteString("SecretAccessKey", credentials.SecretKey);
            json.WriteString("SessionToken", credentials.Token);
            json.WriteString("Expiration", session.Expiration.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
