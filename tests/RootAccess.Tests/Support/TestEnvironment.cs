using System;
using System.Runtime.CompilerServices;

namespace RootAccess.Tests;

internal static class TestEnvironment
{
    /// <summary>No test may wait on EC2 instance metadata: this machine is not an EC2 instance.</summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }
}
