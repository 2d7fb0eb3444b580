namespace RootAccess.Core;

/// <summary>What an account's Organizations state (ACTIVE, SUSPENDED, PENDING_CLOSURE) means for AssumeRoot.</summary>
public static class AccountStates
{
    /// <summary>
    /// Why an account in <paramref name="state"/> is not one AssumeRoot can target (SUSPENDED, PENDING_CLOSURE, ...), or
    /// null for ACTIVE or an unknown state: every per-account command skips such an account the same way, before any call.
    /// </summary>
    public static string? InactiveReason(string? state)
        => state is { Length: > 0 } && !string.Equals(state, "ACTIVE", System.StringComparison.OrdinalIgnoreCase)
            ? $"The account is {state.ToUpperInvariant()}: AssumeRoot targets ACTIVE member accounts only, so no session was attempted."
            : null;
}
