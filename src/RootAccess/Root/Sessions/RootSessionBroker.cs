using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>
/// Opens root sessions with <c>sts:AssumeRoot</c> on the regional STS endpoint of the context's region, and is the one
/// per-account path: open a task session, hand the step its clients, turn an AWS failure into one per-account error.
/// </summary>
public sealed class RootSessionBroker : IDisposable
{
    public const int MaxDurationSeconds = 900;

    private readonly AwsContext _context;
    private readonly Lazy<StsClient> _sts;
    private readonly RequestPacer _pacer;
    private readonly Lazy<RootSessionScpCheck> _scp;

    public RootSessionBroker(AwsContext context)
    {
        _context = context;
        _sts = new Lazy<StsClient>(() => AwsClientFactory.CreateStsClient(context));
        _pacer = RequestPacer.AssumeRoot(context);
        _scp = new Lazy<RootSessionScpCheck>(() => new RootSessionScpCheck(context));
    }

    /// <summary>The command's one check, before a session opens, of the SCPs that would deny what it does (read once, shared).</summary>
    public RootSessionScpCheck ScpCheck => _scp.Value;

    /// <summary>Why the SCP check was given up in this command (a read it may not make), or null.</summary>
    public string? ScpUnchecked => _scp.IsValueCreated ? _scp.Value.Unchecked : null;

    /// <summary>The caller's context (region, endpoint, credentials).</summary>
    public AwsContext Context => _context;

    /// <summary>Opens a root session; the task policy ARN is built in the account's partition (the ARN's, else the region's).</summary>
    public async Task<RootSession> OpenAsync(AccountId account, string taskPolicy, int durationSeconds, CancellationToken cancellationToken)
    {
        var policy = TaskPolicies.Resolve(taskPolicy);
        if (_context.Credentials is RootSessionCredentials { Session: { } current })
        {
            return Borrow(current, account, policy);
        }

        var region = _context.Region.SystemName;
        var partition = EnsurePartition(account, taskPolicy);

        var issued = await AwsRetry.RunAsync(
            async () =>
            {
                // Every attempt takes a slot under STS's quota, so a wide fan-out does not learn the quota by throttling.
                await _pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
                return await _sts.Value.AssumeRootOnceAsync(account.Value, TaskPolicies.ArnOf(policy, partition), durationSeconds, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

        var expiration = (issued.Expiration ?? DateTime.UtcNow.AddSeconds(durationSeconds)).ToUniversalTime();
        var credentials = new RootSessionCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, expiration);
        return new RootSession(account, policy, issued.AccessKeyId, expiration, region, credentials, partition, issued.SourceIdentity);
    }

    /// <summary>
    /// The partition a session for <paramref name="account"/> would live in, refusing (before any call) an account ARN or
    /// a task policy ARN of another partition than the region's.
    /// </summary>
    public string EnsurePartition(AccountId account, string taskPolicy)
    {
        var region = _context.Region.SystemName;
        var partition = account.PartitionFor(region);
        if (AwsPartition.MismatchWithRegion(partition, region) is not null)
        {
            throw new PartitionMismatchException(account, region);
        }

        if (TaskPolicies.TryResolve(taskPolicy, out _, out var taskPartition) && taskPartition is not null && taskPartition != partition)
        {
            throw new PartitionMismatchException(account, taskPolicy, taskPartition, partition, region);
        }

        return partition;
    }

    /// <summary>Opens a session for one step of a per-account task; a failure is an <see cref="AccountStepException"/>.</summary>
    public async Task<RootSession> OpenForTaskAsync(AccountId account, string taskPolicy, int durationSeconds, CancellationToken cancellationToken)
    {
        try
        {
            return await AccountStepException.RunAsync(account.Value, ErrorIds.AssumeRootFailed, $"could not open an {taskPolicy} root session", () => OpenAsync(account, taskPolicy, durationSeconds, cancellationToken)).ConfigureAwait(false);
        }
        catch (RootSessionRefusal ex)
        {
            throw new AccountStepException(account.Value, ex.ErrorId, $"could not open an {taskPolicy} root session", ex);
        }
    }

    // The caller is itself a root session (inside -ScriptBlock, or -Credential $s.Credentials): root cannot call AssumeRoot,
    // so the command acts with that session when it is for this account and can do this task, and is refused otherwise.
    private static RootSession Borrow(RootSession current, AccountId account, string policy)
    {
        if (current.Account != account || !(current.TaskPolicy == policy || TaskPolicies.Allows(current.TaskPolicy, TaskPolicies.ActionsOf(policy))))
        {
            throw new RootSessionInUseException(current, account.Value, policy);
        }

        if (current.Expiration <= DateTime.UtcNow)
        {
            throw new RootSessionExpiredException(current);
        }

        return current;
    }

    /// <summary>
    /// The per-account path: opens a <paramref name="taskPolicy"/> session in the account, runs the step with it, and
    /// reports an AWS failure of either as one <see cref="AccountStepException"/> naming the account and the step.
    /// </summary>
    public async Task<T> RunAsync<T>(AccountId account, string taskPolicy, int durationSeconds, AccountStep step, Func<RootSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var session = await OpenForTaskAsync(account, taskPolicy, durationSeconds, cancellationToken).ConfigureAwait(false);
        return await RunWithAsync(session, step, work).ConfigureAwait(false);
    }

    /// <summary>Runs a step with a session already open; an AWS failure becomes an <see cref="AccountStepException"/>.</summary>
    public static Task<T> RunWithAsync<T>(RootSession session, AccountStep step, Func<RootSession, Task<T>> work)
        => AccountStepException.RunAsync(session.AccountId, step.ErrorId, step.Description, () => work(session));

    /// <summary>
    /// Refuses, before any call, a session whose task policy cannot make the given calls or that has expired; the
    /// message names the task policy that can.
    /// </summary>
    public static void EnsureCanDo(RootSession session, string neededTaskPolicy, IEnumerable<string> actions, DateTime now)
    {
        var needed = actions.ToList();
        if (!TaskPolicies.Allows(session.TaskPolicy, needed))
        {
            throw new TaskPolicyMismatchException(session, neededTaskPolicy, needed.Where(a => !TaskPolicies.Allows(session.TaskPolicy, new[] { a })).ToList());
        }

        if (session.Expiration <= now)
        {
            throw new RootSessionExpiredException(session);
        }
    }

    /// <summary>The context a root session's calls are made in: the caller's region and endpoint, the session's credentials.</summary>
    public AwsContext ContextOf(RootSession session) => _context.WithCredentials(session.Credentials);

    /// <summary>An IAM client acting as the session's root user.</summary>
    public IamClient Iam(RootSession session) => AwsClientFactory.CreateIam(ContextOf(session));

    public void Dispose()
    {
        if (_sts.IsValueCreated)
        {
            _sts.Value.Dispose();
        }

        if (_scp.IsValueCreated)
        {
            _scp.Value.Dispose();
        }
    }
}

/// <summary>A step of a per-account operation: its stable error id and what it does, for the error it may become.</summary>
public sealed class AccountStep
{
    public AccountStep(string errorId, string description)
    {
        ErrorId = errorId;
        Description = description;
    }

    public string ErrorId { get; }

    /// <summary>For example "reading the root user's credentials failed".</summary>
    public string Description { get; }
}
