using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using RootAccess.Core;

namespace RootAccess.Root;

/// <summary>
/// Who vouches for a backup record. A record's SHA-256 proves it is whole, not who wrote it: anyone who can write the
/// backup folder can edit a policy and recompute the hash. So the store seals every record it writes with an
/// HMAC-SHA256 under a key that only this user can read (created on first use, owner-only), and a restore trusts a
/// record only when its seal verifies under that key; any other record needs the admin's explicit consent.
/// </summary>
public sealed class BackupSeal
{
    /// <summary>Overrides where the key lives (a runbook points it at durable, access-controlled storage).</summary>
    public const string KeyPathVariable = "ROOTACCESS_BACKUP_KEY_PATH";

    private const int KeyBytes = 32;

    private readonly byte[] _key;

    private BackupSeal(byte[] key, string path)
    {
        _key = key;
        KeyPath = path;
    }

    /// <summary>The key file.</summary>
    public string KeyPath { get; }

    public static string DefaultKeyPath()
    {
        var configured = Environment.GetEnvironmentVariable(KeyPathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured!;
        }

        return Path.Combine(UserData.Folder(), "backup-seal.key");
    }

    /// <summary>The key at <paramref name="path"/> (default: <see cref="DefaultKeyPath"/>), created owner-only if there is none.</summary>
    public static BackupSeal Open(string? path = null)
    {
        path ??= DefaultKeyPath();
        try
        {
            if (File.Exists(path))
            {
                var key = File.ReadAllBytes(path);
                if (key.Length != KeyBytes)
                {
                    throw new PolicyBackupException(Text.Format(Messages.BackupKeyDamaged, path, key.Length, KeyBytes));
                }

                return new BackupSeal(key, path);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var fresh = new byte[KeyBytes];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(fresh);
            }

            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                OwnerOnly(path);
                stream.Write(fresh, 0, fresh.Length);
            }

            return new BackupSeal(fresh, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another command created it first: use that one.
            return Open(path);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            throw new PolicyBackupException($"Cannot read or create the backup seal key '{path}': {ex.Message} Set {KeyPathVariable} to a file this user can write.", ex);
        }
    }

    /// <summary>The seal of a record's canonical bytes.</summary>
    public string Seal(byte[] canonical)
    {
        using var hmac = new HMACSHA256(_key);
        return string.Concat(hmac.ComputeHash(canonical).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Whether <paramref name="seal"/> is this key's seal of <paramref name="canonical"/> (compared in constant time).</summary>
    public bool Verifies(byte[] canonical, string? seal)
    {
        if (seal is null || seal.Length != 64)
        {
            return false;
        }

        var expected = Seal(canonical);
        var difference = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            difference |= expected[i] ^ char.ToLowerInvariant(seal[i]);
        }

        return difference == 0;
    }

    // On Linux and macOS the key file is the owner's alone (0600); .NET's File.SetUnixFileMode exists in every
    // runtime PowerShell 7 runs on, but not in netstandard2.0, so it is found at run time. Windows: the profile's ACLs.
    private static void OwnerOnly(string path)
    {
        var mode = Type.GetType("System.IO.UnixFileMode");
        var set = mode is null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), mode });
        if (set is not null && Path.DirectorySeparatorChar == '/')
        {
            set.Invoke(null, new[] { path, Enum.ToObject(mode!, 0x180) }); // UserRead | UserWrite
        }
    }
}
