using System;
using System.Collections.Generic;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>A session was handed to a job its task policy cannot do; refused before any call.</summary>
public sealed class TaskPolicyMismatchException : Exception
{
    public TaskPolicyMismatchException(RootSession session, string neededTaskPolicy, IReadOnlyList<string> deniedActions)
        : base($"The {session.TaskPolicy} root session for {session.AccountId} cannot do this: its task policy does not allow {string.Join(", ", deniedActions)}. Open a {neededTaskPolicy} session (Invoke-AssumeRoot -TaskPolicy {neededTaskPolicy}), or pass the account id and let the command open one.")
    {
        AccountId = session.AccountId;
        NeededTaskPolicy = neededTaskPolicy;
    }

    public string AccountId { get; }

    public string NeededTaskPolicy { get; }

    public string ErrorId => ErrorIds.TaskPolicyCannotDoThis;
}

/// <summary>A session handed in has already expired; refused before any call.</summary>
public sealed class RootSessionExpiredException : Exception
{
    public RootSessionExpiredException(RootSession session)
        : base($"Account {session.AccountId}: the {session.TaskPolicy} root session expired at {session.Expiration:u}. Open a new one with Invoke-AssumeRoot, or pass the account id to let this command open its own.")
    {
        AccountId = session.AccountId;
    }

    public string AccountId { get; }

    public string ErrorId => ErrorIds.RootSessionExpired;
}
