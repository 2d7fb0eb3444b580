using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RootAccess.Playground;

/// <summary>What a script produced, stream by stream.</summary>
public sealed class ScriptResult
{
    public List<PSObject> Output { get; } = new();

    public List<ErrorRecord> Errors { get; } = new();

    public List<string> Warnings { get; } = new();

    public List<string> Verbose { get; } = new();

    public List<string> Information { get; } = new();

    public List<string> Debug { get; } = new();

    /// <summary>The progress records written, as "Activity: StatusDescription (percent)".</summary>
    public List<string> Progress { get; } = new();

    /// <summary>What the engine wrote to the host meanwhile (What if: lines, prompts).</summary>
    public string HostText { get; set; } = string.Empty;

    /// <summary>True when the script was stopped part-way (as by Ctrl+C).</summary>
    public bool Stopped { get; set; }

    /// <summary>Every stream as text, for asserting that something appears nowhere.</summary>
    public string AllText()
        => string.Join("\n", Output.Select(o => o?.ToString()).Concat(Errors.Select(e => e + " " + e.ErrorDetails?.Message + " " + e.Exception))
            .Concat(Warnings).Concat(Verbose).Concat(Information).Concat(Debug).Concat(Progress).Concat(new[] { HostText }));
}

/// <summary>
/// PowerShell 7.6 hosted in this process: a runspace with the RootAccess module imported from out/RootAccess by
/// path, exactly as a user imports it, and PowerShell's own formatting for rendering.
/// </summary>
public sealed class HostedPowerShell : IDisposable
{
    private readonly Runspace _runspace;

    private HostedPowerShell(Runspace runspace, CapturingHost host)
    {
        _runspace = runspace;
        Host = host;
    }

    public CapturingHost Host { get; }

    public Runspace Runspace => _runspace;

    /// <summary>Opens a runspace and imports the built module; <paramref name="defaultParameters"/> become $PSDefaultParameterValues.</summary>
    public static HostedPowerShell Open(IDictionary<string, object>? defaultParameters = null, string? manifestPath = null)
    {
        var session = OpenWithoutModule();
        var import = session.Run("Import-Module -Name $args[0] -ErrorAction Stop", arguments: new object[] { manifestPath ?? ModuleLocator.ModuleManifest() });
        if (import.Errors.Count > 0)
        {
            session.Dispose();
            throw new InvalidOperationException("Import-Module failed: " + string.Join("; ", import.Errors.Select(e => e.ToString())));
        }

        if (defaultParameters is not null)
        {
            var table = new System.Collections.Hashtable();
            foreach (var pair in defaultParameters)
            {
                table[pair.Key] = pair.Value;
            }

            session.Runspace.SessionStateProxy.SetVariable("PSDefaultParameterValues", table);
        }

        return session;
    }

    /// <summary>Opens a runspace with PowerShell's default session state (Utility and Management included), plain-text rendering, and nothing imported.</summary>
    public static HostedPowerShell OpenWithoutModule()
    {
        var host = new CapturingHost();
        var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault());
        runspace.Open();
        var session = new HostedPowerShell(runspace, host);
        session.Run("$PSStyle.OutputRendering = 'PlainText'; $ErrorView = 'NormalView'");
        return session;
    }

    /// <summary>Runs a script; terminating errors become error records rather than exceptions.</summary>
    public ScriptResult Run(string script, IEnumerable<object>? input = null, IEnumerable<object>? arguments = null)
        => Run(script, System.Threading.CancellationToken.None, input, arguments);

    /// <summary>Runs a script that <paramref name="stop"/> stops part-way, as Ctrl+C does (PowerShell.Stop).</summary>
    public ScriptResult Run(string script, System.Threading.CancellationToken stop, IEnumerable<object>? input = null, IEnumerable<object>? arguments = null)
    {
        using var ps = PowerShell.Create();
        using var stopping = stop.Register(() => ps.BeginStop(null, null));
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var argument in arguments ?? Enumerable.Empty<object>())
        {
            ps.AddArgument(argument);
        }

        var result = new ScriptResult();
        var hostStart = Host.Text.Length;
        // Output goes to a collection as it is written, so what a script wrote before a terminating error is kept.
        using var output = new PSDataCollection<PSObject>();
        try
        {
            ps.Invoke(input, output);
        }
        catch (RuntimeException ex)
        {
            result.Errors.Add(ex.ErrorRecord);
        }

        result.Output.AddRange(output);
        result.Stopped = ps.InvocationStateInfo.State == PSInvocationState.Stopped;

        result.Errors.InsertRange(0, ps.Streams.Error);
        result.Warnings.AddRange(ps.Streams.Warning.Select(w => w.Message));
        result.Verbose.AddRange(ps.Streams.Verbose.Select(v => v.Message));
        result.Debug.AddRange(ps.Streams.Debug.Select(d => d.Message));
        result.Information.AddRange(ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty));
        result.Progress.AddRange(ps.Streams.Progress.Select(p => $"{p.Activity}: {p.StatusDescription} ({p.PercentComplete})"));
        var hostText = Host.Text;
        result.HostText = hostText.Length >= hostStart ? hostText.Substring(hostStart) : hostText;
        return result;
    }

    /// <summary>Renders objects (or error records) the way the console would, through Out-Default.</summary>
    public string Render(IEnumerable<object> objects)
    {
        Host.Clear();
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddCommand("Out-Default");
        ps.Invoke(objects);
        return Host.Text;
    }

    /// <summary>The objects as PowerShell's own ConvertTo-Csv writes them (header first).</summary>
    public string ToCsv(IEnumerable<object> objects) => Text(objects, "ConvertTo-Csv");

    /// <summary>The objects as PowerShell's own ConvertTo-Json writes them (an array, depth 4).</summary>
    public string ToJson(IEnumerable<object> objects) => Text(objects, "ConvertTo-Json -AsArray -Depth 4");

    public void Dispose() => _runspace.Dispose();

    private string Text(IEnumerable<object> objects, string command)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript($"$input | {command}");
        return string.Join(Environment.NewLine, ps.Invoke(objects).Select(o => o.ToString())) + Environment.NewLine;
    }
}
