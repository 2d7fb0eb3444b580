using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Amazon;
using Amazon.Runtime.CredentialManagement;

namespace RootAccess.Cmdlets;

/// <summary>Completes -Region with the regions AWSSDK.Core knows, as AWS.Tools does.</summary>
public sealed class RegionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return RegionEndpoint.EnumerableAllRegions
            .Where(r => r.SystemName.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => r.SystemName, StringComparer.Ordinal)
            .Select(r => new CompletionResult(r.SystemName, r.SystemName, CompletionResultType.ParameterValue, r.DisplayName));
    }
}

/// <summary>Completes -ProfileName with the profiles of the shared config and credentials files (or -ProfileLocation's).</summary>
public sealed class ProfileNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        IEnumerable<string> names;
        try
        {
            var location = fakeBoundParameters?["ProfileLocation"] as string;
            names = new CredentialProfileStoreChain(location).ListProfiles().Select(p => p.Name).Distinct(StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is InvalidOperationException)
        {
            names = Enumerable.Empty<string>();
        }

        return names.Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => new CompletionResult(n.Any(char.IsWhiteSpace) ? $"'{n}'" : n, n, CompletionResultType.ParameterValue, n));
    }
}
