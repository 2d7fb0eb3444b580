using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace RootAccess.Tests;

/// <summary>The tests seal backups with a key of their own, never the admin's (ROOTACCESS_BACKUP_KEY_PATH).</summary>
internal static class TestKeys
{
    [ModuleInitializer]
    internal static void UseATestKey()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ROOTACCESS_BACKUP_KEY_PATH")))
        {
            Environment.SetEnvironmentVariable("ROOTACCESS_BACKUP_KEY_PATH", Path.Combine(Path.GetTempPath(), $"rootaccess-tests-{Environment.ProcessId}", "backup-seal.key"));
        }
    }
}
