using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RootAccess.Playground;
using Xunit;

namespace RootAccess.Tests;

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class PlaygroundTests
{
    [Fact]
    public async Task The_main_command_prints_a_table_and_writes_csv_with_Export_Csv_columns()
    {
        var csv = Path.Combine(Path.GetTempPath(), "rootaccess-playground-" + Guid.NewGuid() + ".csv");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await PlaygroundRunner.RunAsync(PlaygroundOptions.Parse(new[] { "Get-OrgAccounts | Get-RootCredentialStatus", "--output", "csv", csv }), stdout, stderr);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr.ToString());
        Assert.Matches(@"(?m)^AccountId\s+AccountName\s+Status\s+HasRootCredentials", stdout.ToString());
        Assert.Matches(@"(?m)^111111111111\s+management\s+Skipped", stdout.ToString());
        var lines = File.ReadAllLines(csv);
        File.Delete(csv);
        Assert.StartsWith("\"AccountId\",\"AccountName\",\"Email\",\"OuPath\",\"OuNames\",\"Status\"", lines[0]);
        Assert.Equal(1 + 8, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("\"444444444444\",\"prod-payments\",\"aws-payments@example.com\",,,\"Audited\",,,\"True\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_signature_pipeline_runs_exactly_as_written_and_writes_its_csv()
    {
        var directory = Path.Combine(Path.GetTempPath(), "rootaccess-pipeline-" + Guid.NewGuid());
        Directory.CreateDirectory(directory);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = directory;
        int exit;
        try
        {
            exit = await PlaygroundRunner.RunAsync(PlaygroundOptions.Parse(new[] { "Get-OrgAccounts | Get-RootCredentialStatus | Export-Csv root-credentials.csv" }), stdout, stderr);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        var lines = File.ReadAllLines(Path.Combine(directory, "root-credentials.csv"));
        Directory.Delete(directory, true);
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr.ToString());
        Assert.Equal(1 + 8, lines.Length);
        Assert.Single(lines, l => l.StartsWith("\"111111111111\",\"management\",\"aws-management@example.com\",,,\"Skipped\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Utility_commands_are_PowerShells_own()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await PlaygroundRunner.RunAsync(PlaygroundOptions.Parse(new[] { "(Get-Command Export-Csv).Source; Get-OrgAccounts | Select-Object -First 2 AccountId, Name | ConvertTo-Json" }), stdout, stderr);

        Assert.Equal(string.Empty, stderr.ToString());
        Assert.Equal(0, exit);
        Assert.Matches(@"(?m)^Microsoft\.PowerShell\.Utility\s*$", stdout.ToString());
        Assert.Contains("\"AccountId\": \"111111111111\"", stdout.ToString());
    }

    [Fact]
    public async Task Each_warning_is_printed_once()
    {
        var stdout = new StringWriter();

        await PlaygroundRunner.RunAsync(PlaygroundOptions.Parse(new[] { "& { [CmdletBinding()] param() $PSCmdlet.WriteWarning('only once') }; Get-OrgRootAccessStatus" }), stdout, new StringWriter());

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(stdout.ToString(), "WARNING: ").Cast<System.Text.RegularExpressions.Match>());
    }

    [Fact]
    public async Task Help_says_the_engine_is_PowerShells_own()
    {
        var stdout = new StringWriter();

        var exit = await PlaygroundRunner.RunAsync(PlaygroundOptions.Parse(new[] { "--help" }), stdout, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Contains("Microsoft.PowerShell.SDK 7.6.9 with PowerShell's default session state", stdout.ToString());
    }

    [Fact]
    public async Task Errors_print_as_error_records_and_make_the_exit_code_non_zero()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await PlaygroundRunner.RunAsync(PlaygroundOptions.Parse(new[] { "Get-RootCredentialStatus 222222222222, 999999999999" }), stdout, stderr);

        Assert.Equal(1, exit);
        Assert.Contains("222222222222", stdout.ToString());
        Assert.Contains("FullyQualifiedErrorId : AssumeRootFailed,AccessDenied,RootAccess.Cmdlets.GetRootCredentialStatusCommand", stderr.ToString());
        Assert.Contains("999999999999", stderr.ToString());
    }

    [Fact]
    public async Task Bad_options_say_what_is_accepted()
    {
        var stderr = new StringWriter();

        var exit = await PlaygroundRunner.RunAsync(PlaygroundOptions.Parse(new[] { "--output", "xml", "out.xml" }), new StringWriter(), stderr);

        Assert.Equal(2, exit);
        Assert.Contains("csv or json", stderr.ToString());
    }
}
