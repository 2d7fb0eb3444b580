namespace RootAccess.Simulator;

/// <summary>
/// What a simulated service may see of the simulator: the organization's state and the lock that guards it, the
/// trail, session issuing and the knobs tests turn. Services never hold the simulator itself.
/// </summary>
internal interface IServiceContext
{
    SimulatorState State { get; }

    /// <summary>Held while a service reads or changes <see cref="State"/>.</summary>
    object Gate { get; }

    CloudTrailLog Trail { get; }

    /// <summary>The endpoint clients use (SQS builds queue URLs from it).</summary>
    string Endpoint { get; }

    int OrganizationsPageSize { get; }

    int IamPageSize { get; }

    int CloudTrailRequestsPerSecond { get; }

    /// <summary>Counts one LookupEvents call refused for its rate.</summary>
    void CountCloudTrailThrottle();

    /// <summary>The region the last request to <paramref name="service"/> was signed for (us-east-1 before any).</summary>
    string SigningRegionOf(string service);

    IssuedSession IssueSession(string accountId, string taskPolicy, int durationSeconds, string callerArn);

    /// <summary>A role session (AssumeRole, AssumeRoleWithWebIdentity): a principal of the role's account, not confined like a root session.</summary>
    IssuedRoleSession IssueRoleSession(string accountId, string roleArn, SimIamRole role, string sessionName, int durationSeconds);
}
