using System.Collections.Generic;
using System.Management.Automation;

namespace RootAccess.Playground.StandIns;

/// <summary>The playground's stand-in for ConvertTo-Json (pwsh uses its own): Newtonsoft, indented, -Depth 2 by default.</summary>
[Cmdlet(VerbsData.ConvertTo, "Json")]
[OutputType(typeof(string))]
public sealed class ConvertToJsonCommand : PSCmdlet
{
    private readonly List<PSObject> _objects = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    [Parameter]
    [ValidateRange(0, 100)]
    public int Depth { get; set; } = 2;

    [Parameter]
    public SwitchParameter Compress { get; set; }

    [Parameter]
    public SwitchParameter AsArray { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            _objects.Add(InputObject);
        }
    }

    protected override void EndProcessing()
    {
        if (_objects.Count > 0 || AsArray)
        {
            WriteObject(ObjectExport.ToJson(_objects, Compress, AsArray, Depth));
        }
    }
}
