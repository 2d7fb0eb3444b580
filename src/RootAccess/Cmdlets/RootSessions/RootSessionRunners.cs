using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Runs a script block as a root session, visible to that block only: $RootSession, and AWS.Tools' session
/// defaults $StoredAWSCredentials/$StoredAWSRegion, are defined in the block's own new scope (so this module's
/// cmdlets and AWS.Tools cmdlets in the block use the session, and an outer $StoredAWSCredentials in any scope is
/// shadowed, not changed). The process environment is never touched, so no other runspace and no program can
/// observe the session, and nothing is left behind however the block ends. Everything the block writes streams
/// through this command as it happens: output, and errors, warnings, verbose, debug, information and progress on the
/// command's own streams, so -ErrorVariable, 2&gt;&amp;1, $? and -ErrorAction (Stop ends the block at its first error) work
/// as they do for any cmdlet.
/// </summary>
internal sealed class RootSessionBlockRunner
{
    // Runs in the block's own session state (bound to its module, if any), so the block's new scope is a child of this
    // one and sees the three variables. Every stream is merged into one (*>&1) so records keep their order and reach this
    // command's own streams, where the caller's preferences decide; under Stop the block ends at its first error.
    private const string Wrapper = "param($RootSession, $StoredAWSCredentials, $StoredAWSRegion, $__RootAccessBlock, $__RootAccessErrorAction, $__RootAccessVerbose, $__RootAccessDebug) "
        + "$ErrorActionPreference = $__RootAccessErrorAction; $WarningPreference = 'Continue'; $InformationPreference = 'Continue'; "
        + "if ($__RootAccessVerbose) { $VerbosePreference = 'Continue' }; if ($__RootAccessDebug) { $DebugPreference = 'Continue' }; "
        + "& $__RootAccessBlock *>&1";

    private readonly PSCmdlet _cmdlet;

    public RootSessionBlockRunner(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    public void Run(RootSession session, ScriptBlock block)
    {
        var wrapper = System.Management.Automation.ScriptBlock.Create(Wrapper);
        if (block.Module is { } module)
        {
            wrapper = module.NewBoundScriptBlock(wrapper);
        }

        var bound = _cmdlet.MyInvocation.BoundParameters;
        var preference = bound.TryGetValue("ErrorAction", out var errorAction) ? errorAction : _cmdlet.GetVariableValue("ErrorActionPreference");
        var stop = preference?.ToString() == nameof(ActionPreference.Stop);
        using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddScript("param($w, $a) & $w @a", useLocalScope: true)
            .AddArgument(wrapper)
            .AddArgument(new object?[]
            {
                session, AwsToolsSession.Wrap(session.Credentials, session.ToString()), session.Region, block,
                stop ? ActionPreference.Stop : ActionPreference.Continue, IsOn(bound, "Verbose"), IsOn(bound, "Debug"),
            });

        // The nested pipeline runs on this thread, so each record is passed on while the block runs, in order.
        using var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, e) => Forward(output[e.Index]);
        try
        {
            ps.Invoke(null, output);
        }
        catch (RuntimeException ex) when (ex is not PipelineStoppedException)
        {
            // A throw in the block, or its first error under -ErrorAction Stop: the command ends with it.
            _cmdlet.ThrowTerminatingError(ex.ErrorRecord);
        }
    }

    private static bool IsOn(System.Collections.Generic.Dictionary<string, object> bound, string name)
        => bound.TryGetValue(name, out var value) && value is SwitchParameter { IsPresent: true };

    private void Forward(PSObject item)
    {
        switch (item.BaseObject)
        {
            case ErrorRecord error:
                _cmdlet.WriteError(error);
                break;
            case WarningRecord warning:
                _cmdlet.WriteWarning(warning.Message);
                break;
            case VerboseRecord verbose:
                _cmdlet.WriteVerbose(verbose.Message);
                break;
            case DebugRecord debug:
                _cmdlet.WriteDebug(debug.Message);
                break;
            case InformationRecord information:
                _cmdlet.WriteInformation(information);
                break;
            default:
                _cmdlet.WriteObject(item);
                break;
        }
    }
}

/// <summary>
/// Runs an external program with a root session in its own environment only (like atmos auth exec): output lines
/// stream as they come, the exit code lands in $LASTEXITCODE, Ctrl+C ends the program (and its children) and
/// returns only once it is gone.
/// </summary>
internal sealed class RootSessionProcessRunner
{
    private readonly PSCmdlet _cmdlet;
    private readonly CancellationToken _cancellation;

    public RootSessionProcessRunner(PSCmdlet cmdlet, CancellationToken cancellation)
    {
        _cmdlet = cmdlet;
        _cancellation = cancellation;
    }

    public void Run(RootSession session, string command, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath,
        };
        start.Arguments = string.Join(" ", System.Linq.Enumerable.Select(arguments, Quote));

        foreach (var pair in RootSessionScope.Environment(session))
        {
            if (pair.Value is null)
            {
                start.Environment.Remove(pair.Key);
            }
            else
            {
                start.Environment[pair.Key] = pair.Value;
            }
        }

        // Never disposed while the process's reader callbacks may still add to it; they end with the streams.
        var lines = new BlockingCollection<(bool Error, string Text)>();
        var open = 2;
        void Receive(bool error, string? text)
        {
            try
            {
                if (text is not null)
                {
                    lines.Add((error, text));
                }
                else if (Interlocked.Decrement(ref open) == 0)
                {
                    lines.CompleteAdding();
                }
            }
            catch (InvalidOperationException)
            {
                // Adding after completion: the command is already over.
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Receive(false, e.Data);
        process.ErrorDataReceived += (_, e) => Receive(true, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            _cmdlet.ThrowTerminatingError(new ErrorRecord(ex, Core.ErrorIds.CommandNotFound, ErrorCategory.ObjectNotFound, command)
            {
                ErrorDetails = new ErrorDetails($"-Command '{command}' could not be started: {ex.Message}. Pass a program on PATH (for example aws) or a full path."),
            });
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            foreach (var (error, text) in lines.GetConsumingEnumerable(_cancellation))
            {
                if (error)
                {
                    // As pwsh does for a native program: each stderr line is an error record (2>&1 and 2>file take it).
                    _cmdlet.WriteError(new ErrorRecord(new RemoteException(text), Core.ErrorIds.CommandStandardError, ErrorCategory.FromStdErr, command));
                }
                else
                {
                    _cmdlet.WriteObject(text);
                }
            }

            process.WaitForExit();
        }
        catch (Exception ex) when (ex is OperationCanceledException || ex is PipelineStoppedException)
        {
            ProcessTree.End(process);
            throw new PipelineStoppedException();
        }
        catch
        {
            // -ErrorAction Stop on a stderr line, or anything else that ends the command: the program ends with it.
            ProcessTree.End(process);
            throw;
        }

        _cmdlet.SessionState.PSVariable.Set("global:LASTEXITCODE", process.ExitCode);
        if (process.ExitCode != 0)
        {
            // $? is False after a failed program, as for any failed command.
            _cmdlet.WriteError(new ErrorRecord(new InvalidOperationException($"-Command '{command}' exited with code {process.ExitCode}."), Core.ErrorIds.CommandExitCode, ErrorCategory.NotSpecified, command)
            {
                ErrorDetails = new ErrorDetails($"-Command '{command}' exited with code {process.ExitCode} ($LASTEXITCODE).") { RecommendedAction = "Read the program's error output above; the root session it ran with has ended." },
            });
        }
    }

    // netstandard2.0 has no ProcessStartInfo.ArgumentList: quote each argument the way .NET splits Arguments back.
    internal static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '"' }) < 0)
        {
            return argument;
        }

        var quoted = new System.Text.StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            quoted.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes);
            backslashes = 0;
            quoted.Append(c);
        }

        quoted.Append('\\', backslashes * 2).Append('"');
        return quoted.ToString();
    }
}
