using System.Linq;
using RootAccess.Simulator;

namespace RootAccess.Playground;

/// <summary>Every caller of a fixture as a shared-credentials profile named after its account (for -ProfileName, -LogArchiveProfileName).</summary>
public static class CallerProfiles
{
    public static string Text(SimulatorState state)
        => string.Concat(state.Callers.Select(c => $"[{state.FindAccount(c.AccountId)?.Name ?? c.AccountId}]\naws_access_key_id = {c.AccessKeyId}\naws_secret_access_key = {c.SecretAccessKey}\n\n"));
}
