using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using RootAccess.Core;

namespace RootAccess.Cmdlets;

/// <summary>
/// The one way a cmdlet turns -Path values into files: PowerShell's own wildcard resolution against the current
/// location, folders expanded (recursively) to the files a filter accepts when the cmdlet reads folders, and a value
/// that matches nothing reported as one PathNotFound error that names the parameter and what is accepted.
/// </summary>
internal static class InputPaths
{
    /// <param name="folderFiles">Which files of a folder to read; null when the cmdlet takes no folders (they pass through as given).</param>
    /// <param name="refuse">Writes a path's error (default: the cmdlet's WriteError), so a cmdlet can count what it could not read.</param>
    /// <param name="literal">-LiteralPath: the values are paths as written, wildcard characters included.</param>
    public static IEnumerable<string> Files(PSCmdlet cmdlet, IEnumerable<string> values, string accepted, Func<string, bool>? folderFiles, Action<ErrorRecord>? refuse = null, bool literal = false)
    {
        var parameter = literal ? "LiteralPath" : "Path";
        refuse ??= cmdlet.WriteError;
        foreach (var value in values)
        {
            IReadOnlyCollection<string> resolved;
            try
            {
                if (literal)
                {
                    var path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(value);
                    resolved = File.Exists(path) || Directory.Exists(path) ? new[] { path } : Array.Empty<string>();
                }
                else
                {
                    resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(value, out var provider);
                    if (provider.Name != "FileSystem")
                    {
                        resolved = Array.Empty<string>();
                    }
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ArgumentException || ex is NotSupportedException || ex is PSInvalidOperationException)
            {
                resolved = Array.Empty<string>();
            }

            if (resolved.Count == 0)
            {
                var message = $"-{parameter} '{value}' matches no file. {accepted}" + (!literal && value.IndexOfAny(new[] { '[', ']' }) >= 0 ? " [ and ] are wildcard characters in -Path: pass the name with -LiteralPath." : string.Empty);
                refuse(new ErrorRecord(new ItemNotFoundException(message), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, value) { ErrorDetails = new ErrorDetails(message) });
                continue;
            }

            foreach (var path in resolved)
            {
                if (folderFiles is not null && Directory.Exists(path))
                {
                    foreach (var file in FolderFiles(path, parameter, folderFiles, refuse))
                    {
                        yield return file;
                    }
                }
                else
                {
                    yield return path;
                }
            }
        }
    }

    private static IEnumerable<string> FolderFiles(string folder, string parameter, Func<string, bool> accept, Action<ErrorRecord> refuse)
    {
        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(accept).OrderBy(f => f, StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            var message = $"-{parameter} '{folder}': the folder cannot be read ({ex.Message}).";
            refuse(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ReadError, folder) { ErrorDetails = new ErrorDetails(message) });
            yield break;
        }

        if (files.Count == 0)
        {
            var message = $"-{parameter} '{folder}' is a folder with no files to read in it (nor in its subfolders).";
            refuse(new ErrorRecord(new ItemNotFoundException(message), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, folder) { ErrorDetails = new ErrorDetails(message) });
            yield break;
        }

        foreach (var file in files)
        {
            yield return file;
        }
    }
}
