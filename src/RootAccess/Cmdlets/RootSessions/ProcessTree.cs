using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace RootAccess.Cmdlets;

/// <summary>
/// Ends a program and everything it started, and returns only once they are gone. On Linux the tree is frozen
/// top-down with SIGSTOP (so nothing in it can start more processes while it is walked through /proc), then killed,
/// and each process is waited for; elsewhere .NET's Kill(entireProcessTree) does the walk. No library here does this
/// for netstandard2.0, so it is our own, kept to the one job.
/// </summary>
internal static class ProcessTree
{
    private const int SigKill = 9;
    private const int SigStopLinux = 19;

    private static readonly MethodInfo? KillTree = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });

    public static void End(Process process)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && Directory.Exists("/proc"))
            {
                var tree = Freeze(process.Id);
                foreach (var pid in tree)
                {
                    _ = kill(pid, SigKill);
                }

                process.WaitForExit(10000);
                WaitUntilGone(tree, TimeSpan.FromSeconds(10));
                return;
            }

            if (KillTree is not null)
            {
                KillTree.Invoke(process, new object[] { true });
            }
            else
            {
                process.Kill();
            }

            process.WaitForExit(10000);
        }
        catch (Exception ex) when (ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception || ex is TargetInvocationException)
        {
            // It ended on its own meanwhile.
        }
    }

    // Stops a process, then finds its children (which can no longer multiply once stopped), and so on down.
    private static List<int> Freeze(int root)
    {
        var tree = new List<int>();
        var pending = new Queue<int>();
        pending.Enqueue(root);
        while (pending.Count > 0)
        {
            var pid = pending.Dequeue();
            _ = kill(pid, SigStopLinux);
            tree.Add(pid);
            foreach (var child in ChildrenOf(pid))
            {
                if (!tree.Contains(child) && !pending.Contains(child))
                {
                    pending.Enqueue(child);
                }
            }
        }

        return tree;
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat && stat.ParentId == parent)
            {
                yield return pid;
            }
        }
    }

    // A process is gone when /proc no longer has it or it is a zombie (dead, waiting only to be reaped).
    private static void WaitUntilGone(List<int> tree, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        foreach (var pid in tree)
        {
            while (Stat(pid) is { } stat && stat.State != 'Z' && stat.State != 'X' && clock.Elapsed < limit)
            {
                Thread.Sleep(5);
            }
        }
    }

    // /proc/<pid>/stat is "pid (comm) state ppid ...": the command name may hold spaces and parentheses, so read after the last ')'.
    private static (char State, int ParentId)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text.Substring(text.LastIndexOf(')') + 2).Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is FormatException || ex is ArgumentException || ex is IndexOutOfRangeException)
        {
            return null;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
