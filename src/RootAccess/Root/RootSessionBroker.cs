using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using RootAccess.Aws;

namespace RootAccess.Root;

/// <summary>Opens root sessions with <c>sts:AssumeRoot</c> on the regional STS endpoint of the context's region.</summary>
public sealed class RootSessionBroker : IDisposable
{
    public const int MaxDurationSeconds = 900;

    private readonly AwsContext _context;
    private readonly IAmazonSecurityTokenService _sts;

    public RootSessionBroker(AwsContext context)
    {
        _context = context;
        _sts = AwsClientFactory.CreateSts(context);
    }

    public async Task<RootSession> OpenAsync(string accountId, string taskPolicy, int durationSeconds, CancellationToken cancellationToken)
    {
        var policy = TaskPolicies.Resolve(taskPolicy);
        var response = await _sts.AssumeRootAsync(
            new AssumeRootRequest
            {
                TargetPrincipal = AccountIds.Parse(accountId),
                TaskPolicyArn = new PolicyDescriptorType { Arn = TaskPolicies.ArnOf(policy) },
                DurationSeconds = durationSeconds,
            },
            cancellationToken).ConfigureAwait(false);

        var issued = response.Credentials;
        var expiration = (issued.Expiration ?? DateTime.UtcNow.AddSeconds(durationSeconds)).ToUniversalTime();
        var credentials = new RootSessionCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, expiration);
        return new RootSession(AccountIds.Parse(accountId), policy, issued.AccessKeyId, expiration, _context.Region.SystemName, credentials);
    }

    /// <summary>Opens a session for one step of a per-account task; a failure is an <see cref="AccountStepException"/>.</summary>
    public Task<RootSession> OpenForTaskAsync(string accountId, string taskPolicy, int durationSeconds, CancellationToken cancellationToken)
        => AccountStepException.RunAsync(accountId, AccountStepException.AssumeRootFailed, $"could not open an {taskPolicy} root session", () => OpenAsync(accountId, taskPolicy, durationSeconds, cancellationToken));

    public void Dispose() => _sts.Dispose();
}
