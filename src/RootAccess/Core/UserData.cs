using System;
using System.IO;

namespace RootAccess.Core;

/// <summary>The module's per-user data folder (LocalApplicationData/RootAccess, or ~/.local/share/RootAccess where there is none).</summary>
public static class UserData
{
    public static string Folder()
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
        {
            data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(data, "RootAccess");
    }
}
