using System;
using System.IO;

namespace RootAccess.Playground;

/// <summary>Finds the repository and its built module folder (out/RootAccess) from wherever the process runs.</summary>
public static class ModuleLocator
{
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "RootAccess.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Cannot find the RootAccess repository (a folder holding RootAccess.psd1 and src/) above the current directory.");
    }

    public static string ModuleManifest()
    {
        var manifest = Path.Combine(RepositoryRoot(), "out", "RootAccess", "RootAccess.psd1");
        if (!File.Exists(manifest))
        {
            throw new FileNotFoundException($"The module is not built: {manifest} is missing. Run 'dotnet build' at the repository root.", manifest);
        }

        return manifest;
    }
}
