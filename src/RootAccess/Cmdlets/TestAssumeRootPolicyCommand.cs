using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using RootAccess.Policy;
using RootAccess.Core;

namespace RootAccess.Cmdlets;

/// <summary>
/// Checks IAM policies, SCPs and trust policies offline against the AssumeRoot hardening guide, and (with
/// -AuthorizationDetails) finds every principal that can reach sts:AssumeRoot. No AWS call is made.
/// </summary>
// The Document set is the default so piped JSON strings bind to it; a positional argument is still a -Path.
[Cmdlet(VerbsDiagnostic.Test, "AssumeRootPolicy", DefaultParameterSetName = DocumentSet)]
[OutputType(typeof(PolicyFinding), ParameterSetName = new[] { PathSet, LiteralPathSet, DocumentSet })]
[OutputType(typeof(AssumeRootReach), ParameterSetName = new[] { DetailsSet })]
[OutputType(typeof(bool))]
public sealed class TestAssumeRootPolicyCommand : PSCmdlet
{
    public const string PathSet = "Path";

    public const string LiteralPathSet = "LiteralPath";
    public const string DocumentSet = "Document";
    public const string DetailsSet = "AuthorizationDetails";

    private readonly List<PolicyDocument> _documents = new();
    private readonly List<object> _results = new();
    private bool _unreadable;
    private readonly List<string> _pending = new();

    /// <summary>Policy files (JSON); wildcards allowed.</summary>
    [SupportsWildcards]
    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>Files or folders named exactly as written: [ and ] are part of the name, not wildcards.</summary>
    [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = new string[0];

    /// <summary>A policy document as a JSON string.</summary>
    [Parameter(ParameterSetName = DocumentSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string[] PolicyDocument { get; set; } = new string[0];

    /// <summary>What the documents are: Identity (IAM policies), ServiceControl (SCPs, judged as one set) or Trust (role trust policies).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = DocumentSet)]
    public PolicyType PolicyType { get; set; } = PolicyType.Identity;

    /// <summary>
    /// The trust policy of the role the identity policies are attached to. When only a platform's identity can take the
    /// role (a Federated OIDC provider, a Service principal), the MFA and source-IP rules (RA004 to RA006) do not apply,
    /// and the trust itself is judged instead (RA014: bound to one identity or not).
    /// </summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = DocumentSet)]
    [ValidateNotNullOrEmpty]
    public string? TrustPolicyPath { get; set; }

    /// <summary>The output of aws iam get-account-authorization-details, to find who can reach sts:AssumeRoot.</summary>
    [Parameter(ParameterSetName = DetailsSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string AuthorizationDetails { get; set; } = string.Empty;

    /// <summary>
    /// With -AuthorizationDetails, the break-glass principals (ARNs, role/NAME, user/NAME or names; * and ? complete a
    /// name): their IAMCreateRootUserPassword reach is Low when it needs MFA and a source IP, and marked BreakGlass.
    /// </summary>
    [Parameter(ParameterSetName = DetailsSet)]
    [ValidateNotNullOrEmpty]
    [ValidateBreakGlassPrincipal]
    public string[]? BreakGlassPrincipal { get; set; }

    /// <summary>The management account: IAM write grants become Critical, and trust from other accounts is flagged.</summary>
    [Parameter]
    [AccountIdTransformation]
    [ValidateAccountId]
    public AccountId? ManagementAccountId { get; set; }

    /// <summary>With -Quiet, the lowest severity that counts (default Low: any finding).</summary>
    [Parameter]
    public FindingSeverity MinimumSeverity { get; set; } = FindingSeverity.Low;

    /// <summary>Return only $true (no findings at or above -MinimumSeverity) or $false, for runbooks and CI gates.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PathSet:
            case LiteralPathSet:
                foreach (var file in Resolve(ParameterSetName == PathSet ? Path : LiteralPath))
                {
                    Read(() => PolicyFile(file), file);
                }

                break;
            case DocumentSet:
                _pending.AddRange(PolicyDocument);
                break;
        }
    }

    protected override void EndProcessing()
    {
        ReadDocuments();
        var managementAccount = ManagementAccountId?.Value;
        if (ParameterSetName == DetailsSet)
        {

            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(AuthorizationDetails);
            try
            {
                if (Directory.Exists(path))
                {
                    throw new IOException($"-AuthorizationDetails '{path}' is a folder; pass the JSON file that 'aws iam get-account-authorization-details --output json' wrote.");
                }

                _results.AddRange(AssumeRootReachability.Analyze(File.ReadAllText(path), path, new BreakGlass(BreakGlassPrincipal)));
            }
            catch (PolicyParseException ex)
            {
                Unreadable(ex, path);
            }
            catch (IOException ex)
            {
                Unreadable(ex, path);
            }
            catch (System.UnauthorizedAccessException ex)
            {
                Unreadable(new IOException($"-AuthorizationDetails '{path}' cannot be read ({ex.Message}); pass the JSON file 'aws iam get-account-authorization-details' wrote.", ex), path);
            }
        }
        else if (_documents.Count > 0)
        {
            var trust = TrustPolicy();
            if (TrustPolicyPath is not null && trust is null)
            {
                return; // the error record says why; judging without the trust would report rules it may rule out
            }

            if (trust is not null && _documents.Count > 1)
            {
                WriteWarning($"-TrustPolicyPath: the {_documents.Count} documents are judged as the policies of the one role this trust belongs to; lint other roles' policies without it (or with their own trust).");
            }

            _results.AddRange(AssumeRootRules.Analyze(_documents, PolicyType, managementAccount, trust));
        }

        if (Quiet.IsPresent)
        {
            WriteObject(!_unreadable && !_results.Any(r => Severity(r) >= MinimumSeverity));
            return;
        }

        foreach (var result in _results.OrderByDescending(Severity))
        {
            WriteObject(result);
        }
    }

    // No IAM policy is larger than 20 KB (S3 bucket policies; identity policies 10,240 characters, SCPs 5,120): a file
    // many times that is not a policy, and is refused before it is read.
    private const long LargestPolicyFile = 128 * 1024;

    private static string PolicyFile(string file)
    {
        var length = new FileInfo(file).Length;
        return length <= LargestPolicyFile
            ? File.ReadAllText(file)
            : throw new IOException($"{file} is {length / 1024} KB; no IAM policy is larger than 20 KB (S3 bucket policies; identity policies are at most 10,240 characters, SCPs 5,120). Pass a policy document.");
    }

    // Get-Content without -Raw pipes a policy one line at a time: when the lines are no policies alone but are one
    // together, they are read as that one document, and the admin is told how to pipe it whole.
    private void ReadDocuments()
    {
        if (_pending.Count > 1 && _pending.Any(text => !Parses(text)) && Parses(string.Join("\n", _pending)))
        {
            WriteWarning($"The policy arrived as {_pending.Count} lines (Get-Content without -Raw) and was read as one document; pipe it whole with Get-Content -Raw.");
            Read(() => string.Join("\n", _pending), "PolicyDocument");
            return;
        }

        foreach (var json in _pending)
        {
            Read(() => json, "PolicyDocument");
        }
    }

    private static bool Parses(string text)
    {
        try
        {
            PolicyParser.Parse(text, "PolicyDocument");
            return true;
        }
        catch (PolicyParseException)
        {
            return false;
        }
    }

    private static FindingSeverity Severity(object result) => result is PolicyFinding finding ? finding.Severity : ((AssumeRootReach)result).Severity;

    private void Read(System.Func<string> text, string source)
    {
        if (Parse(text, source) is { } document)
        {
            _documents.Add(document);
        }
    }

    // One policy read and parsed, or null after an error record that names the source.
    private Policy.PolicyDocument? Parse(System.Func<string> text, string source)
    {
        try
        {
            return PolicyParser.Parse(text(), source);
        }
        catch (PolicyParseException ex)
        {
            Unreadable(ex, source);
        }
        catch (IOException ex)
        {
            Unreadable(ex, source);
        }
        catch (System.UnauthorizedAccessException ex)
        {
            Unreadable(new IOException($"{source}: the file cannot be read ({ex.Message}).", ex), source);
        }

        return null;
    }

    private Policy.PolicyDocument? TrustPolicy()
    {
        if (TrustPolicyPath is null)
        {
            return null;
        }

        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(TrustPolicyPath);
        return Parse(() => Directory.Exists(path) ? throw new IOException($"-TrustPolicyPath '{path}' is a folder; pass the role's trust policy file (aws iam get-role --query Role.AssumeRolePolicyDocument).") : PolicyFile(path), path);
    }

    private void Unreadable(System.Exception ex, string source)
    {
        _unreadable = true;
        WriteError(new ErrorRecord(ex, Core.ErrorIds.PolicyParseError, ErrorCategory.InvalidData, source) { ErrorDetails = new ErrorDetails(ex.Message) });
    }

    private IEnumerable<string> Resolve(IEnumerable<string> paths)
        => InputPaths.Files(this, paths, "Pass policy JSON files or folders of them (*.json); wildcards are allowed.", f => f.EndsWith(".json", System.StringComparison.OrdinalIgnoreCase), record =>
        {
            // A path that gives nothing to read fails a -Quiet gate too: a CI check must never pass on nothing.
            _unreadable = true;
            WriteError(record);
        }, ParameterSetName == LiteralPathSet);
}
