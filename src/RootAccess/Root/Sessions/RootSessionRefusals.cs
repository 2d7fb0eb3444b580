using System;
using System.Collections.Generic;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>A root session refused before any call: the account it names and the stable error id it is written with.</summary>
public abstract class RootSessionRefusal : Exception
{
    protected RootSessionRefusal(string message, string accountId, string errorId)
        : base(message)
    {
        AccountId = accountId;
        ErrorId = errorId;
    }

    public string AccountId { get; }

    public string ErrorId { get; }
}

/// <summary>A session was handed to a job its task policy cannot do; refused before any call.</summary>
public sealed class TaskPolicyMismatchException : RootSessionRefusal
{
    public TaskPolicyMismatchException(RootSession session, string neededTaskPolicy, IReadOnlyList<string> deniedActions)
        : base(Text.Format(Messages.TaskPolicyCannotDoThis, session.TaskPolicy, session.AccountId, string.Join(", ", deniedActions), neededTaskPolicy, neededTaskPolicy), session.AccountId, ErrorIds.TaskPolicyCannotDoThis)
    {
        NeededTaskPolicy = neededTaskPolicy;
    }

    public string NeededTaskPolicy { get; }
}

/// <summary>A session handed in has already expired; refused before any call.</summary>
public sealed class RootSessionExpiredException : RootSessionRefusal
{
    public RootSessionExpiredException(RootSession session)
        : base($"Account {session.AccountId}: the {session.TaskPolicy} root session expired at {session.Expiration:u}. Open a new one with Invoke-AssumeRoot, or pass the account id to let this command open its own.", session.AccountId, ErrorIds.RootSessionExpired)
    {
    }
}

/// <summary>
/// The caller's own credentials are a root session (inside Invoke-AssumeRoot -ScriptBlock, or -Credential $s.Credentials)
/// and the command needs a different account or task: a root session cannot call sts:AssumeRoot, so it is refused here.
/// </summary>
public sealed class RootSessionInUseException : RootSessionRefusal
{
    public RootSessionInUseException(RootSession current, string accountId, string taskPolicy)
        : base(Describe(current, accountId, taskPolicy), accountId, ErrorIds.RootSessionInUse)
    {
    }

    private static string Describe(RootSession current, string accountId, string taskPolicy)
    {
        var wanted = accountId != current.AccountId ? $"account {accountId}" : $"{taskPolicy}";
        return Text.Format(Messages.RootSessionInUse, current.TaskPolicy, current.AccountId)
            + Text.Format(Messages.RootSessionInUseAdvice, current.AccountId, current.TaskPolicy, wanted);
    }
}

/// <summary>-Session was given with an -AccountId it does not belong to; refused before any call.</summary>
public sealed class SessionAccountMismatchException : RootSessionRefusal
{
    public SessionAccountMismatchException(RootSession session, string accountId)
        : base(Text.Format(Messages.SessionAccountMismatch, session.TaskPolicy, session.AccountId, accountId, accountId, accountId, session.TaskPolicy), accountId, ErrorIds.SessionAccountMismatch)
    {
    }
}

/// <summary>An account given as an ARN of one partition, with a region of another: refused before any call.</summary>
public sealed class PartitionMismatchException : RootSessionRefusal
{
    public PartitionMismatchException(AccountId account, string region)
        : base(Text.Format(Messages.PartitionMismatch, account.RootArnIn(account.Partition ?? AwsPartition.OfRegion(region)), account.Partition, region, AwsPartition.OfRegion(region), account.Value, AwsPartition.ExampleRegion(account.Partition)), account.Value, ErrorIds.PartitionMismatch)
    {
    }

    /// <summary>A task policy ARN of another partition than the session's.</summary>
    public PartitionMismatchException(AccountId account, string taskPolicyArn, string taskPartition, string partition, string region)
        : base(Text.Format(Messages.TaskPolicyPartitionMismatch, taskPolicyArn, taskPartition, partition, region), account.Value, ErrorIds.PartitionMismatch)
    {
    }
}
