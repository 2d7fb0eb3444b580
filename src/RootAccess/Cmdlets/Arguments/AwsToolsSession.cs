using System;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using Amazon.Runtime;

namespace RootAccess.Cmdlets;

/// <summary>
/// The session defaults AWS.Tools keeps in shell variables: $StoredAWSCredentials (an AWSPSCredentials wrapper,
/// set by Set-AWSCredential / Initialize-AWSDefaultConfiguration) and $StoredAWSRegion (a region name). Read and
/// written without a dependency on AWS.Tools: the wrapper is reached by reflection when AWS.Tools is loaded.
/// </summary>
internal static class AwsToolsSession
{
    public const string CredentialsVariable = "StoredAWSCredentials";
    public const string RegionVariable = "StoredAWSRegion";

    private const string WrapperTypeName = "Amazon.PowerShell.Common.AWSPSCredentials";

    // The assemblies AWS.Tools ships the wrapper in (the modular AWS.Tools.Common, the monolithic AWSPowerShell modules).
    private static readonly string[] ToolsAssemblies = { "AWS.Tools.Common", "AWSPowerShell.NetCore", "AWSPowerShell" };

    /// <summary>The credentials in $StoredAWSCredentials as seen from the current scope (an AWSPSCredentials or an AWSCredentials), or null.</summary>
    public static AWSCredentials? Credentials(PSVariableIntrinsics variables) => CredentialsIn(variables.GetValue(CredentialsVariable));

    /// <summary>The credentials a value of $StoredAWSCredentials holds (an AWSPSCredentials or an AWSCredentials), or null.</summary>
    public static AWSCredentials? CredentialsIn(object? stored)
    {
        var value = Unwrap(stored);
        return value switch
        {
            AWSCredentials credentials => credentials,
            { } other when other.GetType().FullName == WrapperTypeName
                => other.GetType().GetProperty("Credentials", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(other) as AWSCredentials,
            _ => null,
        };
    }

    /// <summary>The region name in $StoredAWSRegion as seen from the current scope, or null.</summary>
    public static string? Region(PSVariableIntrinsics variables) => RegionIn(variables.GetValue(RegionVariable));

    /// <summary>The region name a value of $StoredAWSRegion holds, or null.</summary>
    public static string? RegionIn(object? stored) => Unwrap(stored) is { } value ? value.ToString() : null;

    /// <summary>
    /// A global variable's value read from inside a running pipeline (an argument completer), where the runspace's
    /// SessionStateProxy refuses concurrent calls: a nested command on the current runspace reads it instead.
    /// </summary>
    public static object? GlobalValue(string name)
    {
        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddCommand("Get-Variable").AddParameter("Name", name).AddParameter("Scope", "Global").AddParameter("ValueOnly").AddParameter("ErrorAction", ActionPreference.Ignore);
        return shell.Invoke().FirstOrDefault()?.BaseObject;
    }

    /// <summary>What AWS.Tools cmdlets accept in $StoredAWSCredentials: its own wrapper when AWS.Tools is loaded, else the credentials.</summary>
    public static object Wrap(AWSCredentials credentials, string name)
    {
        var wrapper = AppDomain.CurrentDomain.GetAssemblies().Where(a => ToolsAssemblies.Contains(a.GetName().Name)).Select(a => a.GetType(WrapperTypeName, false)).FirstOrDefault(t => t is not null);
        var constructor = wrapper?.GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).FirstOrDefault(c => c.GetParameters().Length == 3 && c.GetParameters()[0].ParameterType == typeof(AWSCredentials));
        if (constructor is null)
        {
            return credentials;
        }

        var source = constructor.GetParameters()[2].ParameterType;
        var sessionSource = Enum.IsDefined(source, "Session") ? Enum.Parse(source, "Session") : Enum.ToObject(source, 0);
        return constructor.Invoke(new[] { credentials, name, sessionSource });
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
