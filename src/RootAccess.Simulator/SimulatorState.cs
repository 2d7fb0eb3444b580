using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RootAccess.Simulator;

/// <summary>
/// The simulator's whole world, loaded from a JSON fixture (see FIXTURE.md): the organization, its OUs and
/// accounts, each member's root user credentials, the root-access features, delegated admins, and the IAM
/// principals of the management account or delegated admin that may call AWS.
/// </summary>
public sealed class SimulatorState
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string OrganizationId { get; set; } = "o-sim0example";

    public string ManagementAccountId { get; set; } = "111111111111";

    /// <summary>ALL or CONSOLIDATED_BILLING.</summary>
    public string FeatureSet { get; set; } = "ALL";

    public OrgFeatures Features { get; set; } = new();

    /// <summary>Accounts registered as delegated administrator for iam.amazonaws.com.</summary>
    public List<string> DelegatedAdministrators { get; set; } = new();

    public List<SimRoot> Roots { get; set; } = new() { new SimRoot { Id = "r-sim0", Name = "Root" } };

    public List<SimOrganizationalUnit> OrganizationalUnits { get; set; } = new();

    public List<SimAccount> Accounts { get; set; } = new();

    /// <summary>Long-term IAM principals that may call the simulator (access key id identifies the caller).</summary>
    public List<SimCaller> Callers { get; set; } = new();

    /// <summary>
    /// Service control policies and where they are attached (roots, OUs, accounts). Absent, the organization has AWS's own
    /// FullAWSAccess attached to every root, as a new organization with SCPs enabled does.
    /// </summary>
    public List<SimPolicy>? Policies { get; set; }

    /// <summary>The policies in force: the fixture's, or AWS's default.</summary>
    public List<SimPolicy> EffectivePolicies() => Policies ??= new List<SimPolicy>
    {
        new()
        {
            Id = "p-FullAWSAccess",
            Name = "FullAWSAccess",
            Description = "Allows access to every operation",
            AwsManaged = true,
            Content = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
            Targets = Roots.Select(r => r.Id).ToList(),
        },
    };

    /// <summary>OpenID Connect issuers outside AWS whose tokens AssumeRoleWithWebIdentity may be given (see SimIdentityIssuer).</summary>
    public List<SimIdentityIssuer> IdentityIssuers { get; set; } = new();

    /// <summary>An IAM role by ARN (arn:aws:iam::ACCOUNT:role/PATH/NAME), with its account.</summary>
    public (SimAccount Account, SimIamRole Role)? FindRole(string arn)
    {
        var parts = arn.Split(':');
        if (parts.Length != 6 || parts[2] != "iam" || !parts[5].StartsWith("role/", StringComparison.Ordinal))
        {
            return null;
        }

        var account = FindAccount(parts[4]);
        var name = parts[5].Substring(parts[5].LastIndexOf('/') + 1);
        var role = account?.Iam.Roles.FirstOrDefault(r => r.RoleName == name && (r.Path + r.RoleName) == parts[5].Substring(4));
        return account is null || role is null ? null : (account, role);
    }

    /// <summary>AWS's request-rate quotas as token buckets; all off unless the fixture (or a test, or the bench) sets them.</summary>
    public SimQuotas Quotas { get; set; } = new();

    public static SimulatorState Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a valid simulator fixture: {ex.Message}", ex);
        }
    }

    public static SimulatorState Parse(string json)
        => JsonSerializer.Deserialize<SimulatorState>(json, JsonOptions) ?? throw new InvalidDataException("The fixture is empty.");

    /// <summary>The built-in sample organization used by the playground.</summary>
    public static SimulatorState Sample() => Resource("sample-organization.json");

    /// <summary>A hardened organization on which every hardening control passes.</summary>
    public static SimulatorState Hardened() => Resource("hardened-organization.json");

    private static SimulatorState Resource(string name)
    {
        using var stream = typeof(SimulatorState).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The {name} resource is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public SimAccount? FindAccount(string id) => Accounts.FirstOrDefault(a => a.Id == id);

    /// <summary>The account that owns a bucket (bucket names are global), with the bucket.</summary>
    public (SimAccount Owner, SimBucket Bucket)? FindBucket(string name)
        => Accounts.SelectMany(a => a.Buckets.Select(b => (a, b))).Where(p => p.b.Name == name).Select(p => ((SimAccount, SimBucket)?)(p.a, p.b)).FirstOrDefault();

    public bool IsParent(string id) => Roots.Any(r => r.Id == id) || OrganizationalUnits.Any(o => o.Id == id);

    public string ParentOf(string accountOrOuId)
        => Accounts.FirstOrDefault(a => a.Id == accountOrOuId)?.ParentId
           ?? OrganizationalUnits.FirstOrDefault(o => o.Id == accountOrOuId)?.ParentId
           ?? Roots[0].Id;
}
