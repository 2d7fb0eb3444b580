using System;

namespace RootAccess.Root;

/// <summary>A per-account operation failed at a named step (AssumeRootFailed, RootCredentialAuditFailed, ...).</summary>
public sealed class AccountStepException : Exception
{
    public AccountStepException(string accountId, string step, string description, Exception inner)
        : base($"Account {accountId}: {description}: {inner.Message}", inner)
    {
        AccountId = accountId;
        Step = step;
        Description = description;
    }

    public string AccountId { get; }

    /// <summary>The stable error id of the step that failed.</summary>
    public string Step { get; }

    /// <summary>What was being done, for example "could not open an IAMAuditRootUserCredentials root session".</summary>
    public string Description { get; }
}
