using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Runs a script block with a root session as the default AWS credentials: the SDK's environment variables for
/// SDK-based code and AWS.Tools (with AWS.Tools' $StoredAWSCredentials set aside, since it would win), and
/// $RootSession. Everything is put back in a finally block, so errors and Ctrl+C restore it too.
/// </summary>
internal sealed class RootSessionBlockRunner
{
    private static readonly string[] ShellVariables = { "StoredAWSCredentials", "StoredAWSRegion", "RootSession" };

    private readonly PSCmdlet _cmdlet;

    public RootSessionBlockRunner(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    public void Run(RootSession session, ScriptBlock block)
    {
        var savedEnvironment = new Dictionary<string, string?>();
        foreach (var name in RootSessionScope.Variables)
        {
            savedEnvironment[name] = Environment.GetEnvironmentVariable(name);
        }

        var variables = _cmdlet.SessionState.PSVariable;
        // Values, not PSVariable objects: removing a variable clears the object it was.
        var savedVariables = new Dictionary<string, (bool Exists, object? Value)>();
        foreach (var name in ShellVariables)
        {
            var variable = variables.Get(name);
            savedVariables[name] = (variable is not null, variable?.Value);
        }

        try
        {
            foreach (var pair in RootSessionScope.Environment(session))
            {
                Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            }

            variables.Remove("global:StoredAWSCredentials");
            variables.Set(new PSVariable("RootSession", session, ScopedItemOptions.None));
            foreach (var item in block.Invoke())
            {
                _cmdlet.WriteObject(item);
            }
        }
        finally
        {
            foreach (var pair in savedEnvironment)
            {
                Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            }

            variables.Remove("RootSession");
            foreach (var pair in savedVariables)
            {
                if (pair.Value.Exists)
                {
                    variables.Set("global:" + pair.Key, pair.Value.Value);
                }
                else
                {
                    variables.Remove("global:" + pair.Key);
                }
            }
        }
    }
}

/// <summary>
/// Runs an external program with a root session in its environment only (like atmos auth exec): output lines
/// stream as they come, the exit code lands in $LASTEXITCODE, Ctrl+C ends the program.
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

        using var lines = new System.Collections.Concurrent.BlockingCollection<(bool Error, string Text)>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Add((false, e.Data)); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Add((true, e.Data)); } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            _cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "CommandNotFound", ErrorCategory.ObjectNotFound, command)
            {
                ErrorDetails = new ErrorDetails($"-Command '{command}' could not be started: {ex.Message}. Pass a program on PATH (for example aws) or a full path."),
            });
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = new Thread(() =>
        {
            process.WaitForExit();
            lines.CompleteAdding();
        }) { IsBackground = true };
        finished.Start();
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
        }
        catch (OperationCanceledException)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

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
