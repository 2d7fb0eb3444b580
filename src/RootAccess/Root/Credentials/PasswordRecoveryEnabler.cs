using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Aws.Protocol;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>
/// Creates a member account's root login profile. The current state is read through a read-only audit session;
/// the IAMCreateRootUserPassword session is opened only after the user confirmed, just before the change.
/// </summary>
public sealed class PasswordRecoveryEnabler
{
    // The audit session reads one login profile; the create session makes one call.
    private const int InspectSeconds = 120;
    private const int CreateSeconds = 120;

    private static readonly AccountStep ReadStep = new(ErrorIds.PasswordRecoveryFailed, "reading the root login profile failed");
    private static readonly AccountStep CreateStep = new(ErrorIds.PasswordRecoveryFailed, "creating the root login profile failed");

    private readonly RootSessionBroker _broker;

    public PasswordRecoveryEnabler(RootSessionBroker broker) => _broker = broker;

    /// <summary>The current login profile (null: the root user has no password), read through an audit session.</summary>
    public Task<IamLoginProfile?> InspectAsync(AccountId account, CancellationToken cancellationToken)
        => _broker.RunAsync(account, TaskPolicies.AuditRootUserCredentials, InspectSeconds, ReadStep, async session =>
        {
            using var iam = _broker.Iam(session);
            return await iam.GetLoginProfileAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Creates the login profile; Created is false when one appeared since it was read (nothing changed then).</summary>
    public Task<(IamLoginProfile Profile, bool Created)> EnableAsync(AccountId account, CancellationToken cancellationToken)
        => _broker.RunAsync(account, TaskPolicies.CreateRootUserPassword, CreateSeconds, CreateStep, async session =>
        {
            using var iam = _broker.Iam(session);
            try
            {
                return (await iam.CreateLoginProfileAsync(cancellationToken).ConfigureAwait(false), true);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "EntityAlreadyExists")
            {
                return ((await iam.GetLoginProfileAsync(cancellationToken).ConfigureAwait(false)) ?? new IamLoginProfile(null, false), false);
            }
        }, cancellationToken);
}
