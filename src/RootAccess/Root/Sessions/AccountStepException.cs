using System;
using System.Threading.Tasks;
using RootAccess.Aws;

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

    /// <summary>Runs one step of a per-account operation; an AWS failure comes back naming the account and the step.</summary>
    public static async Task<T> RunAsync<T>(string accountId, string step, string description, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            throw new AccountStepException(accountId, step, description, ex);
        }
    }
}
