using System;
using System.IO;
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
        Assert.Matches(@"(?m)^AccountId\s+AccountName\s+RootCredentials", stdout.ToString());
        Assert.Contains("WARNING: Skipping 111111111111", stdout.ToString());
        var lines = File.ReadAllLines(csv);
        File.Delete(csv);
        Assert.StartsWith("\"AccountId\",\"AccountName\",\"PasswordPresent\"", lines[0]);
        Assert.Equal(1 + 7, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("\"444444444444\",\"prod-payments\",\"True\"", StringComparison.Ordinal));
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
