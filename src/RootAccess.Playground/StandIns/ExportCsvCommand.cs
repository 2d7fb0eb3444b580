using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace RootAccess.Playground.StandIns;

/// <summary>
/// The playground's stand-in for Export-Csv (Microsoft.PowerShell.Utility is not in the hostable engine; pwsh uses its
/// own): the first object's properties are the columns, one quoted line per object, UTF-8 without BOM, no type line.
/// </summary>
[Cmdlet(VerbsData.Export, "Csv", DefaultParameterSetName = "Path", SupportsShouldProcess = true)]
public sealed class ExportCsvCommand : PSCmdlet
{
    private readonly List<PSObject> _objects = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter(ParameterSetName = "Path", Mandatory = true, Position = 0)]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true)]
    [Alias("PSPath", "LP")]
    public string? LiteralPath { get; set; }

    [Parameter(Position = 1)]
    public char Delimiter { get; set; } = ',';

    [Parameter]
    public SwitchParameter Append { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    [Alias("NoOverwrite")]
    public SwitchParameter NoClobber { get; set; }

    [Parameter]
    [Alias("NTI")]
    public SwitchParameter NoTypeInformation { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            _objects.Add(InputObject);
        }
    }

    protected override void EndProcessing()
    {
        var path = StandInPath.Resolve(this, Path ?? LiteralPath!);
        if (NoClobber && !Append && File.Exists(path))
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"The file '{path}' already exists."), "NoClobber,Microsoft.PowerShell.Commands.ExportCsvCommand", ErrorCategory.ResourceExists, path));
        }

        if (!ShouldProcess(path))
        {
            return;
        }

        var appending = Append && File.Exists(path) && new FileInfo(path).Length > 0;
        var columns = appending ? ExistingColumns(path) : ObjectExport.Columns(_objects);
        var lines = ObjectExport.CsvLines(_objects, columns, Delimiter, header: !appending && _objects.Count > 0);
        var text = string.Concat(lines.Select(l => l + System.Environment.NewLine));
        StandInPath.Write(path, text, appending);
    }

    // -Append keeps the file's columns, as Export-Csv does.
    private IReadOnlyList<string> ExistingColumns(string path)
        => File.ReadLines(path).First().Split(Delimiter).Select(c => c.Trim('"')).ToList();
}
