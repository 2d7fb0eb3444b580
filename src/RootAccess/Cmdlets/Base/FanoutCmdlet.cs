using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Fanout;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// A per-account cmdlet that fans out: -ThrottleLimit accounts in flight, outcomes written as they finish
/// (or in input order with -Ordered), progress with the rate, each failure an error record naming its account.
/// </summary>
public abstract class FanoutCmdlet<TIn, TOut> : AwsCmdlet
{
    private FanoutEngine<TIn, TOut>? _engine;
    private DateTime _lastProgress;
    private PreflightResult? _preflight;

    /// <summary>
    /// Accounts processed at once, as a hard cap (1 = one after another). Without it the limit adapts: it starts at 16,
    /// grows while AWS answers, and halves when AWS throttles, so an org-wide run settles near the account's quotas.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = FanoutOptions.DefaultThrottleLimit;

    /// <summary>Write results in input order rather than as they finish.</summary>
    [Parameter]
    public SwitchParameter Ordered { get; set; }

    /// <summary>What the progress bar calls the work, for example "Auditing root credentials".</summary>
    protected abstract string Activity { get; }

    /// <summary>The work for one input; it runs off the pipeline thread and must not touch the cmdlet's streams.</summary>
    protected abstract Task<TOut> RunAsync(TIn input, CancellationToken cancellationToken);

    /// <summary>The account an input is about, for error records.</summary>
    protected abstract string AccountOf(TIn input);

    /// <summary>Writes one output; the default writes the object.</summary>
    protected virtual void WriteOutput(TOut output) => WriteObject(output);

    /// <summary>Queues one input; writes whatever finished meanwhile.</summary>
    protected void Enqueue(TIn input)
    {
        _engine ??= new FanoutEngine<TIn, TOut>(RunAsync, new FanoutOptions
        {
            ThrottleLimit = ThrottleLimit,
            Adaptive = !MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)),
            Ordered = Ordered.IsPresent,
        }, Cancellation);
        Drain(() => _engine.Post(input));
    }

    protected override void EndProcessing()
    {
        if (_engine is not null)
        {
            Drain(_engine.Complete);
            WriteVerbose(Text.Format(Messages.FanoutSummary, _engine.Completed, (_engine.Limit.IsAdaptive ? $"adaptive, peak {_engine.Limit.Peak}, ended at {_engine.Limit.Current}" : $"fixed at {_engine.Limit.Current}"), _engine.Limit.Throttles));
            WriteProgress(new ProgressRecord(ProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            if (Broker.ScpUnchecked is { } note)
            {
                WriteVerbose($"Preflight: could not check {note}; removals went ahead without that check.");
            }

            _engine.Dispose();
            _engine = null;
        }

        base.EndProcessing();
    }

    /// <summary>The task policy the run's root sessions use; the preflight checks the organization feature it needs.</summary>
    protected abstract string TaskPolicy { get; }

    /// <summary>
    /// The one check before the first account (organization and feature), run once per command: a feature that is off
    /// ends the command with one error saying how to turn it on, rather than one identical error per account.
    /// </summary>
    protected PreflightResult Preflight()
    {
        if (_preflight is not null)
        {
            return _preflight;
        }

        try
        {
            _preflight = Await(ct => RootAccessPreflight.RunAsync(Context, TaskPolicy, ct));
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            WriteAwsError(ex, ErrorIds.DescribeOrganizationFailed, "organization", "Checking the organization before the run failed");
            _preflight = new PreflightResult();
        }

        foreach (var note in _preflight.Unchecked)
        {
            WriteVerbose($"Preflight: could not check {note}; going on without that check.");
        }

        if (_preflight.NotEnabled is { } message)
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(message), ErrorIds.RootAccessNotEnabled, ErrorCategory.NotEnabled, "organization")
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Run Enable-OrgRootAccess from the management account." },
            });
        }

        return _preflight;
    }

    /// <summary>
    /// True (with a warning) for the organization's management account, which AssumeRoot cannot target; learned by the
    /// preflight, so callers without organizations:DescribeOrganization still run.
    /// </summary>
    protected bool SkipManagementAccount(AccountId accountId)
    {
        if (accountId.Value != Preflight().ManagementAccountId)
        {
            return false;
        }

        WriteWarning($"Skipping {accountId.Value}: it is the organization's management account, which cannot be the target of AssumeRoot. Manage its root user from the account itself.");
        return true;
    }

    /// <summary>The row an input that failed also gets (written before its error record), or null for none.</summary>
    protected virtual object? FailedRow(TIn input, ErrorRecord error) => null;

    // The command ends without EndProcessing (an upstream command failed with a terminating error, or the user stopped
    // it): in-flight work is waited for before the token goes away. PowerShell takes no more output or errors from a
    // command by then, so every account taken in but not reported is named on the host instead, with how it ended,
    // so that none disappears silently and the admin knows which accounts to run again.
    protected override void Dispose(bool disposing)
    {
        if (_engine is not null)
        {
            var engine = _engine;
            _engine = null;
            engine.Dispose();
            var unreported = engine.Leftovers().ToList();
            if (unreported.Count > 0)
            {
                TellHost($"{MyInvocation.MyCommand.Name} ended before it could report {unreported.Count} account(s) it had started; run it again for them:");
                foreach (var result in unreported)
                {
                    TellHost($"  {AccountOf(result.Input)}: {Outcome(result)}");
                }
            }
        }

        base.Dispose(disposing);
    }

    private static string Outcome(FanoutResult<TIn, TOut> result) => result.Error switch
    {
        null => "finished, but its result could not be written",
        OperationCanceledException => "stopped before it finished",
        AccountStepException step => "failed: " + step.Message,
        { } other => "failed: " + other.Message,
    };

    private void TellHost(string line)
    {
        try
        {
            Host.UI.WriteWarningLine(line);
        }
        catch (Exception ex) when (ex is PipelineStoppedException || ex is InvalidOperationException || ex is NotImplementedException || ex is NullReferenceException)
        {
            // A host without a UI: nothing more can be said.
        }
    }

    private int ProgressId => GetHashCode() & 0x7fffffff;

    private void Drain(Func<System.Collections.Generic.IEnumerable<FanoutResult<TIn, TOut>>> results)
    {
        try
        {
            foreach (var result in results())
            {
                if (result.Error is null)
                {
                    WriteOutput(result.Output!);
                }
                else
                {
                    WriteFailure(result);
                }

                ReportProgress();
            }
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private void WriteFailure(FanoutResult<TIn, TOut> result)
    {
        if (result.Error is OperationCanceledException && Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        var account = AccountOf(result.Input);
        var cause = result.Error is AccountStepException step ? step.InnerException ?? step : result.Error!;
        var record = result.Error is AccountStepException failed
            ? StepErrorRecord(failed)
            : AwsErrorRecord(result.Error!, ErrorIds.AccountOperationFailed, account, $"Account {account}: {Activity.ToLowerInvariant()} failed");
        if (FailedRow(result.Input, record) is { } row)
        {
            WriteObject(row);
        }

        WriteAwsError(cause, record);
    }

    // Progress at most every 250 ms: thousands of accounts must not turn into thousands of host repaints.
    private void ReportProgress()
    {
        var now = DateTime.UtcNow;
        if (_engine is null || (now - _lastProgress).TotalMilliseconds < 250)
        {
            return;
        }

        _lastProgress = now;
        WriteProgress(new ProgressRecord(ProgressId, Activity, $"{_engine.Completed} of {_engine.Posted} accounts done ({_engine.Rate:0.0}/s, {_engine.Limit.Current} at once)"));
    }
}
