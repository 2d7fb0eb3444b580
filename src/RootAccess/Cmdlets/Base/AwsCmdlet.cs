using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// The AWS.Tools-style common parameters, their resolution into one <see cref="AwsContext"/>, cancellation
/// (StopProcessing cancels in-flight requests) and the one place where cmdlets wait on async services.
/// </summary>
public abstract class AwsCmdlet : PSCmdlet, IDisposable
{
    private CancellationTokenSource? _cancellation;
    private AwsContext? _context;
    private RootSessionBroker? _broker;

    /// <summary>The AWS region for the calls (for example us-east-1); defaults to the SDK chain: the profile, AWS_REGION, AWS_DEFAULT_REGION, instance metadata. AssumeRoot needs a regional STS endpoint, so a region is required.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    /// <summary>A profile from the shared config or credentials file (~/.aws/config, ~/.aws/credentials), SSO profiles included.</summary>
    [Parameter]
    [Alias("StoredCredentials", "AWSProfileName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    public string? ProfileName { get; set; }

    /// <summary>The shared credentials file to read -ProfileName from, when it is not the default.</summary>
    [Parameter]
    [Alias("AWSProfilesLocation", "ProfilesLocation")]
    [ValidateNotNullOrEmpty]
    public string? ProfileLocation { get; set; }

    /// <summary>An AWSCredentials object to call AWS with (for example from Get-AWSCredential, or a RootSession's Credentials).</summary>
    [Parameter]
    public AWSCredentials? Credential { get; set; }

    /// <summary>The access key id of explicit credentials; use with -SecretKey (and -SessionToken for temporary credentials).</summary>
    [Parameter]
    [Alias("AK")]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    /// <summary>The secret access key of explicit credentials. It is never written to any output or log.</summary>
    [Parameter]
    [Alias("SK")]
    [ValidateNotNullOrEmpty]
    public string? SecretKey { get; set; }

    /// <summary>The session token of temporary explicit credentials.</summary>
    [Parameter]
    [Alias("ST")]
    [SessionTokenTransformation]
    [ValidateNotNullOrEmpty]
    public string? SessionToken { get; set; }

    /// <summary>Send every call to this endpoint instead of AWS (a proxy, LocalStack, or the RootAccess simulator); AWS_ENDPOINT_URL does the same from the environment.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EndpointUrl { get; set; }

    protected CancellationToken Cancellation => (_cancellation ??= new CancellationTokenSource()).Token;

    /// <summary>The resolved caller, region and endpoint; resolved once, terminating the command if it cannot be.</summary>
    protected AwsContext Context => _context ??= ResolveContext();

    /// <summary>The command's one root session broker: made on first use, released with the command (also after a stop).</summary>
    protected RootSessionBroker Broker => _broker ??= new RootSessionBroker(Context);

    /// <summary>An s3:// location as given, or a local path resolved against the current PowerShell location.</summary>
    protected string LocalOrS3(string path) => S3Uri.IsS3(path) ? path : SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>True when the command previews only (-WhatIf, or $WhatIfPreference).</summary>
    protected bool IsWhatIf => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound) ? ((SwitchParameter)bound).IsPresent : GetVariableValue("WhatIfPreference") is bool preference && preference;

    protected override void BeginProcessing()
    {
        _cancellation ??= new CancellationTokenSource();
    }

    protected override void StopProcessing()
    {
        _cancellation?.Cancel();
    }

    protected override void EndProcessing()
    {
        Dispose();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the command holds; PowerShell calls it after EndProcessing and after a stop.</summary>
    protected virtual void Dispose(bool disposing)
    {
        _broker?.Dispose();
        _broker = null;
        _cancellation?.Dispose();
        _cancellation = null;
    }

    /// <summary>What ShouldProcess decided.</summary>
    protected enum Consent
    {
        Proceed,
        WhatIf,
        Declined,
    }

    /// <summary>
    /// ShouldProcess, telling -WhatIf from a declined -Confirm; -Force skips the confirmation but never -WhatIf.
    /// </summary>
    protected Consent Ask(string description, string caption, bool force = false)
    {
        if (force && !IsWhatIf)
        {
            return Consent.Proceed;
        }

        if (ShouldProcess(description, "Are you sure you want to " + char.ToLowerInvariant(description[0]) + description.Substring(1) + "?", caption, out var reason))
        {
            return Consent.Proceed;
        }

        return reason == ShouldProcessReason.WhatIf ? Consent.WhatIf : Consent.Declined;
    }

    /// <summary>
    /// The one consent step of a change: true to go ahead; otherwise the row for -WhatIf or a declined prompt is
    /// written (made by <paramref name="row"/> from the decision and a message saying nothing changed).
    /// </summary>
    protected bool Approved<TRow>(string description, string caption, bool force, Func<Consent, string, TRow> row)
    {
        var consent = Ask(description, caption, force);
        if (consent == Consent.Proceed)
        {
            return true;
        }

        WriteObject(row(consent, consent == Consent.WhatIf ? "-WhatIf: nothing was changed." : "Not confirmed; nothing was changed."));
        return false;
    }

    /// <summary>Runs a per-account service call; its step failure becomes one error record naming the account (null then).</summary>
    protected T? RunStep<T>(Func<CancellationToken, Task<T>> call, object? target = null)
        where T : class
    {
        try
        {
            return Await(call);
        }
        catch (AccountStepException ex)
        {
            WriteStepError(ex, target);
            return null;
        }
    }

    /// <summary>The one way a per-account step failure is written: its step's error id, the account, what failed.</summary>
    protected void WriteStepError(AccountStepException ex, object? target = null)
        => WriteAwsError(ex.InnerException ?? ex, StepErrorRecord(ex, target));

    /// <summary>The error record a per-account step failure becomes (not yet written).</summary>
    protected ErrorRecord StepErrorRecord(AccountStepException ex, object? target = null)
        => AwsErrorRecords.Create(ex.InnerException ?? ex, ex.Step, target ?? ex.AccountId, $"Account {ex.AccountId}: {ex.Description}", Context);

    /// <summary>The error record a failed AWS call for one item becomes (not yet written).</summary>
    protected ErrorRecord AwsErrorRecord(Exception exception, string errorId, object target, string what)
        => AwsErrorRecords.Create(exception, errorId, target, what, Context);

    /// <summary>
    /// True (and a warning naming the account and why) when <paramref name="state"/>, bound from Get-OrgAccount's State,
    /// says AssumeRoot cannot target the account: it is skipped before any call, as Get-RootCredentialStatus skips it.
    /// </summary>
    protected bool SkipInactive(AccountId account, string? state)
    {
        if (AccountStates.InactiveReason(state) is not { } reason)
        {
            return false;
        }

        WriteWarning($"Skipping {account.Value}: {reason}");
        return true;
    }

    /// <summary>Writes a refusal made before any call (wrong or expired session, partition mismatch) as a non-terminating error.</summary>
    protected void WriteRefusal(Exception ex, string errorId, object target)
        => WriteError(new ErrorRecord(ex, errorId, ErrorCategory.InvalidArgument, target) { ErrorDetails = new ErrorDetails(ex.Message) });

    /// <summary>Waits for a service call on the pipeline thread; the command's cancellation token is passed in.</summary>
    protected T Await<T>(Func<CancellationToken, Task<T>> call)
    {
        try
        {
            return call(Cancellation).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Writes each item of an async stream as it arrives (after <paramref name="observe"/> sees it).</summary>
    protected void WriteStream<T>(IAsyncEnumerable<T> items, Action<T>? observe = null)
        => ForEach(items, item =>
        {
            observe?.Invoke(item);
            WriteObject(item);
        });

    /// <summary>Hands each item of an async stream to <paramref name="action"/> on the pipeline thread as it arrives.</summary>
    protected void ForEach<T>(IAsyncEnumerable<T> items, Action<T> action)
    {
        var enumerator = items.GetAsyncEnumerator(Cancellation);
        try
        {
            while (Await(_ => enumerator.MoveNextAsync().AsTask()))
            {
                action(enumerator.Current);
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Reports a failed AWS call for one item. An unreachable endpoint stops the whole command (every item
    /// would fail the same way); anything else is a non-terminating error that names the target.
    /// </summary>
    protected void WriteAwsError(Exception exception, string errorId, object target, string what)
        => WriteAwsError(exception, AwsErrorRecords.Create(exception, errorId, target, what, Context));

    /// <summary>Writes the record of a failed AWS call: terminating for an unreachable endpoint, else non-terminating.</summary>
    protected void WriteAwsError(Exception exception, ErrorRecord record)
    {
        if (AwsFailures.IsEndpointUnreachable(exception))
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    // The access key id is no secret (CloudTrail records it); credentials that cannot say it yet (SSO, roles) say so.
    private static string AccessKeyIdOf(AwsContext context)
    {
        try
        {
            return context.Credentials.GetCredentials().AccessKey;
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            return "(not resolved yet)";
        }
    }

    private AwsContext ResolveContext()
    {
        try
        {
            var context = AwsContextResolver.Resolve(new AwsContextRequest
            {
                Region = Region,
                ProfileName = ProfileName,
                ProfileLocation = ProfileLocation,
                Credential = Credential,
                AccessKey = AccessKey,
                SecretKey = SecretKey,
                SessionToken = SessionToken,
                EndpointUrl = EndpointUrl,
                StoredCredentials = AwsToolsSession.Credentials(SessionState.PSVariable),
                StoredRegion = AwsToolsSession.Region(SessionState.PSVariable),
            });
            var endpoint = context.EndpointUrl ?? (Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") is { Length: > 0 } fromEnvironment ? fromEnvironment + " (AWS_ENDPOINT_URL)" : "AWS's public one");
            WriteVerbose(Text.Format(Messages.VerboseCaller, AccessKeyIdOf(context), context.CredentialSource, context.Region.SystemName, endpoint));
            return context;
        }
        catch (AwsContextException ex)
        {
            var category = ex.ErrorId == ErrorIds.NoCredentials || ex.ErrorId == ErrorIds.ProfileCredentialsUnusable
                ? ErrorCategory.AuthenticationError
                : ErrorCategory.InvalidArgument;
            ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, category, ex.ParameterName)
            {
                ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Check -" + ex.ParameterName + "." },
            });
            throw; // ThrowTerminatingError does not return.
        }
    }
}
