using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Policy;
using RootAccess.Root;

namespace RootAccess.Hardening;

/// <summary>
/// What one assessment has read so far, shared by its reads in order: the organization's status, the member
/// accounts, the audit. A read that could not run leaves its part null and the reads after it say so.
/// </summary>
public sealed class Assessment
{
    public Assessment(AwsContext context, RootSessionBroker broker, BreakGlass breakGlass, AwsContext? logArchive)
    {
        Context = context;
        Broker = broker;
        BreakGlass = breakGlass;
        LogArchive = logArchive;
    }

    public AwsContext Context { get; }

    public RootSessionBroker Broker { get; }

    public BreakGlass BreakGlass { get; }

    /// <summary>Credentials of the log archive account, to read its bucket's Object Lock (null: not given).</summary>
    public AwsContext? LogArchive { get; }

    public OrgRootAccessStatus? Status { get; set; }

    public string? ManagementAccountId { get; set; }

    /// <summary>The member accounts, once listed (null: the listing failed).</summary>
    public List<OrgAccount>? Members { get; set; }

    /// <summary>The root-credentials audit of the active members (null: it could not run).</summary>
    public IReadOnlyList<RootCredentialStatus>? Audit { get; set; }

    public List<HardeningCheck> Checks { get; } = new();

    /// <summary>Adds control <paramref name="id"/> and evaluates it; a read the caller may not make (or that fails) makes it Unknown, naming the permissions it needs.</summary>
    public async Task<HardeningCheck> CheckAsync(string id, string needs, Func<HardeningCheck, Task> evaluate)
    {
        var check = ControlCatalogue.New(id);
        Checks.Add(check);
        try
        {
            await evaluate(check).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) || ex is InvalidOperationException || ex is PolicyParseException)
        {
            Unknown(check, ex.Message, needs);
        }

        return check;
    }

    public static void Unknown(HardeningCheck check, string why, string needs)
    {
        check.Status = CheckStatus.Unknown;
        check.Evidence = $"Not evaluated: {why} (needs {needs}).";
    }

    /// <summary>The account the credentials of <paramref name="context"/> belong to (sts:GetCallerIdentity, retried as every call is).</summary>
    public static async Task<string> AccountOfAsync(AwsContext context, CancellationToken cancellationToken)
    {
        using var sts = AwsClientFactory.CreateSts(context);
        var identity = await AwsRetry.RunAsync(() => sts.GetCallerIdentityAsync(new Amazon.SecurityToken.Model.GetCallerIdentityRequest(), cancellationToken), cancellationToken).ConfigureAwait(false);
        return identity.Account;
    }
}

/// <summary>One read of the assessment: what it announces for progress, and the controls it evaluates.</summary>
public interface IHardeningRead
{
    /// <summary>What is read, for progress (may use what earlier reads found).</summary>
    string Step(Assessment assessment);

    Task RunAsync(Assessment assessment, CancellationToken cancellationToken);
}
