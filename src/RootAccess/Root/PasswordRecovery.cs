using System;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;

namespace RootAccess.Root;

public enum PasswordRecoveryAction
{
    Enabled,
    WouldEnable,
    AlreadyPresent,
    Skipped,
    Failed,
}

/// <summary>What Enable-RootPasswordRecovery did in one account.</summary>
public sealed class PasswordRecoveryResult
{
    public string AccountId { get; set; } = string.Empty;

    public PasswordRecoveryAction Action { get; set; }

    /// <summary>When the root login profile was created (now, or earlier when it already existed).</summary>
    public DateTime? PasswordCreated { get; set; }

    public string Message { get; set; } = string.Empty;

    public override string ToString() => $"{AccountId}: {Action}";
}

/// <summary>Creates a member account's root login profile through an IAMCreateRootUserPassword root session.</summary>
public sealed class PasswordRecoveryEnabler
{
    public const string Failed = "PasswordRecoveryFailed";

    // The session only has to read and create one login profile.
    private const int SessionSeconds = 120;

    private readonly AwsContext _context;
    private readonly RootSessionBroker _broker;

    public PasswordRecoveryEnabler(AwsContext context, RootSessionBroker broker)
    {
        _context = context;
        _broker = broker;
    }

    /// <summary>Opens the session and reads the current login profile (null: the root user has no password).</summary>
    public async Task<(RootSession Session, IamLoginProfile? Existing)> InspectAsync(string accountId, CancellationToken cancellationToken)
    {
        var session = await _broker.OpenForTaskAsync(accountId, TaskPolicies.CreateRootUserPassword, SessionSeconds, cancellationToken).ConfigureAwait(false);
        var existing = await AccountStepException.RunAsync(accountId, Failed, "reading the root login profile failed", async () =>
        {
            using var iam = AwsClientFactory.CreateIam(_context.WithCredentials(session.Credentials));
            return await iam.GetLoginProfileAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return (session, existing);
    }

    public Task<IamLoginProfile> EnableAsync(string accountId, RootSession session, CancellationToken cancellationToken)
        => AccountStepException.RunAsync(accountId, Failed, "creating the root login profile failed", async () =>
        {
            using var iam = AwsClientFactory.CreateIam(_context.WithCredentials(session.Credentials));
            return await iam.CreateLoginProfileAsync(cancellationToken).ConfigureAwait(false);
        });
}
