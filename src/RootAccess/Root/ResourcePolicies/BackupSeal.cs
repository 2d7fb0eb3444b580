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

    /// <summary>The key at <paramref name="path"/> (default: <see cref="DefaultKeyPath"/>), or null when there is none yet: reading a record never creates a key.</summary>
    public static BackupSeal? OpenExisting(string? path = null)
    {
        path ??= DefaultKeyPath();
        return File.Exists(path) ? Open(path) : null;
    }

    /// <summary>The key at <paramref name="path"/> (default: <see cref="DefaultKeyPath"/>), created owner-only if there is none.</summary>
    public static BackupSeal Open(string? path = null) => Open(path ?? DefaultKeyPath(), retried: false);

    private static BackupSeal Open(string path, bool retried)
    {
        try
        {
            if (File.Exists(path))
            {
                Trusted(path);
                var key = File.ReadAllBytes(path);
                if (key.Length != KeyBytes)
                {
                    throw new PolicyBackupException(Text.Format(Messages.BackupKeyDamaged, path, key.Length, KeyBytes));
                }

                return new BackupSeal(key, path);
            }

            // The folder is the owner's alone before the key exists in it, so nobody else can open the file while it is written.
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(folder);
            SetMode(folder, 0x1C0); // rwx------
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
        catch (IOException) when (!retried && File.Exists(path))
        {
            // Another command created it first: use that one (once: a link to nothing must not loop).
            return Open(path, retried: true);
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

    private static void OwnerOnly(string path) => SetMode(path, 0x180); // rw-------

    // A key someone else could have planted or read is no key: a link, or a file group or others may read or write.
    private static void Trusted(string path)
    {
        if ((File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0)
        {
            throw new PolicyBackupException(Text.Format(Messages.BackupKeyUntrusted, path, "it is a link"));
        }

        if (GetMode(path) is { } mode && (mode & 0x3F) != 0)
        {
            throw new PolicyBackupException(Text.Format(Messages.BackupKeyUntrusted, path, "group or others may read or write it"));
        }
    }

    // On Linux and macOS the key and its folder are the owner's alone; .NET's File.Get/SetUnixFileMode exist in every
    // runtime PowerShell 7 runs on, but not in netstandard2.0, so they are found at run time. Windows: the profile's ACLs.
    private static readonly Type? UnixFileMode = Path.DirectorySeparatorChar == '/' ? Type.GetType("System.IO.UnixFileMode") : null;

    private static void SetMode(string path, int mode)
    {
        if (UnixFileMode is not null && typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), UnixFileMode }) is { } set)
        {
            set.Invoke(null, new[] { path, Enum.ToObject(UnixFileMode, mode) });
        }
    }

    private static int? GetMode(string path)
        => UnixFileMode is not null && typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) }) is { } get
            ? Convert.ToInt32(get.Invoke(null, new object[] { path }), System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
