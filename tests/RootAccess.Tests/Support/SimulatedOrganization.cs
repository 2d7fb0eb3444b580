using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using RootAccess.Playground;
using RootAccess.Simulator;

namespace RootAccess.Tests;

/// <summary>One test's world: a simulator with an organization and a PowerShell runspace pointed at it.</summary>
internal sealed class SimulatedOrganization : IAsyncDisposable
{
    private HostedPowerShell? _powershell;

    private SimulatedOrganization(AwsSimulator simulator) => Simulator = simulator;

    public AwsSimulator Simulator { get; }

    public SimulatorState State => Simulator.State;

    /// <summary>A runspace with the built module imported and every RootAccess cmdlet pointed at the simulator as the management admin.</summary>
    public HostedPowerShell PowerShell => _powershell ??= HostedPowerShell.Open(new Dictionary<string, object>
    {
        ["*:EndpointUrl"] = Simulator.Endpoint,
        ["*:Region"] = "us-east-1",
        ["*:AccessKey"] = OrgBuilder.AdminKey,
        ["*:SecretKey"] = OrgBuilder.AdminSecret,
    });

    public static async Task<SimulatedOrganization> StartAsync(SimulatorState state)
        => new(await AwsSimulator.StartAsync(state));

    public ScriptResult Run(string script, params object[] arguments) => PowerShell.Run(script, arguments: arguments);

    public async ValueTask DisposeAsync()
    {
        _powershell?.Dispose();
        await Simulator.DisposeAsync();
    }
}
