using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace RootAccess.Playground.StandIns;

/// <summary>
/// The playground's stand-in for Out-File (pwsh uses its own): the objects rendered by PowerShell's own formatter
/// (Out-Default, through the playground host) and written to the file instead of the screen.
/// </summary>
[Cmdlet(VerbsData.Out, "File", DefaultParameterSetName = "ByPath", SupportsShouldProcess = true)]
public sealed class OutFileCommand : PSCmdlet
{
    private readonly List<PSObject> _objects = new();

    [Parameter(ParameterSetName = "ByPath", Mandatory = true, Position = 0)]
    [Alias("Path")]
    public string? FilePath { get; set; }

    [Parameter(ParameterSetName = "ByLiteralPath", Mandatory = true)]
    [Alias("PSPath", "LP")]
    public string? LiteralPath { get; set; }

    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter]
    public SwitchParameter Append { get; set; }

    [Parameter]
    public SwitchParameter NoNewline { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            _objects.Add(InputObject);
        }
    }

    protected override void EndProcessing()
    {
        var path = StandInPath.Resolve(this, FilePath ?? LiteralPath!);
        if (!ShouldProcess(path))
        {
            return;
        }

        if (Host.PrivateData?.BaseObject is not CapturingHost host)
        {
            ThrowTerminatingError(new ErrorRecord(new PSNotSupportedException("Out-File here is the playground's stand-in and needs the playground host."), "OutFileNeedsPlaygroundHost", ErrorCategory.NotImplemented, null));
            return;
        }

        var text = host.Capture(() => InvokeCommand.InvokeScript(false, ScriptBlock.Create("$input | Out-Default"), _objects));
        if (NoNewline)
        {
            text = text.Replace("\n", string.Empty);
        }

        StandInPath.Write(path, text, Append);
    }
}
