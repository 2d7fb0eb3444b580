using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using RootAccess.Root;
using RootAccess.Core;

namespace RootAccess.Cmdlets;

/// <summary>
/// Runs a script block as a root session, visible to that block only: $RootSession, and AWS.Tools' session
/// defaults $StoredAWSCredentials/$StoredAWSRegion, are defined in the block's own new scope (so this module's
/// cmdlets and AWS.Tools cmdlets in the block use the session, and an outer $StoredAWSCredentials in any scope is
/// shadowed, not changed). The process environment is never touched, so no other runspace and no program can
/// observe the session, and nothing is left behind however the block ends.
/// </summary>
internal sealed class RootSessionBlockRunner
{
    private readonly PSCmdlet _cmdlet;

    public RootSessionBlockRunner(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    public void Run(RootSession session, ScriptBlock block)
    {
        var variables = new List<PSVariable>
        {
            new("RootSession", session),
            new(AwsToolsSession.CredentialsVariable, AwsToolsSession.Wrap(session.Credentials, session.ToString())),
            new(AwsToolsSession.RegionVariable, session.Region),
        };
        foreach (var item in block.InvokeWithContext(null, variables))
        {
            _cmdlet.WriteObject(item);
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
                    // Like Write-Host: shown by the host, kept out of the output so pipelines get only stdout.
                    _cmdlet.WriteInformation(new InformationRecord(new HostInformationMessage { Message = text }, command), new[] { "PSHOST", "stderr" });
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

        _cmdlet.SessionState.PSVariable.Set("global:LASTEXITCODE", process.ExitCode);
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
