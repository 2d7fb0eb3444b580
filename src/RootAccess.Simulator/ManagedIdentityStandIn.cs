using System;
using System.Security.Cryptography;

namespace RootAccess.Simulator;

/// <summary>
/// For tests only: what Azure Automation gives a runbook to get its managed identity's token, a local endpoint
/// (IDENTITY_ENDPOINT) that answers GET ?resource=...&amp;api-version=... when the X-IDENTITY-HEADER header carries the
/// secret it put in IDENTITY_HEADER. Tokens come from the fixture's first identity issuer, for its subject, with the
/// resource as their audience. A test can shorten their lifetime (a negative one gives an expired token).
/// </summary>
public sealed class ManagedIdentityStandIn
{
    /// <summary>The path under the simulator's endpoint: IDENTITY_ENDPOINT is the endpoint followed by this.</summary>
    public const string Path = "/__azure/msi/token";

    /// <summary>The header secret a runbook must send back (IDENTITY_HEADER), fresh per simulator.</summary>
    public string Header { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>How long a token is valid from when it is issued (Entra gives managed identities about a day).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Every token handed out, so a test can prove none reached output, logs or files.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Issued { get; } = new();

    public void Reset() => Lifetime = TimeSpan.FromHours(24);
}
