using System;
using System.Diagnostics;
using RootAccess.Playground;

/// <summary>Import-Module in a fresh runspace, cold (first in the process) and warm; the engine is warmed by opening its runspace, so the time is the module's own.</summary>
internal static class ImportBench
{
    public static (TimeSpan Cold, TimeSpan Warm) Measure()
    {
    var manifest = ModuleLocator.ModuleManifest();
    TimeSpan TimeImport()
    {
        using var fresh = HostedPowerShell.OpenWithoutModule();
        var clock = Stopwatch.StartNew();
        var import = fresh.Run("Import-Module -Name $args[0] -ErrorAction Stop", arguments: new object[] { manifest });
        clock.Stop();
        if (import.Errors.Count > 0)
        {
            throw new InvalidOperationException(import.Errors[0].ToString());
        }

        return clock.Elapsed;
    }

        var cold = TimeImport();
        return (cold, TimeImport());
    }
}
