using System.Reflection;

namespace RootAccess;

/// <summary>Facts about this build of the module.</summary>
internal static class ModuleInfo
{
    /// <summary>The module version, stamped from RootAccess.psd1 by the build.</summary>
    public static string Version { get; } =
        typeof(ModuleInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
