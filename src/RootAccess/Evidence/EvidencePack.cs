using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RootAccess.Hardening;
using RootAccess.Root;

namespace RootAccess.Evidence;

/// <summary>What every pack reads around its subject: the organization's status and the hardening check, each optional.</summary>
public abstract class EvidenceReads
{
    public OrgRootAccessStatus? Organization { get; set; }

    /// <summary>Why the organization's status is missing (the read failed), or null.</summary>
    public string? OrganizationUnread { get; set; }

    public IReadOnlyList<HardeningCheck>? Hardening { get; set; }

    public string? HardeningUnread { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>What went into a rollout's evidence pack: the rollout, and what was read around it (each part optional but the rollout).</summary>
public sealed class EvidenceInputs : EvidenceReads
{
    public EvidenceInputs(RolloutDocument rollout) => Rollout = rollout;

    public RolloutDocument Rollout { get; }

    public IReadOnlyList<AssumeRootEvent> Events { get; set; } = Array.Empty<AssumeRootEvent>();

    public string? EventsUnread { get; set; }
}

/// <summary>What went into an audit's evidence pack: the audit rows (Get-RootCredentialStatus), and what was read around them.</summary>
public sealed class AuditEvidenceInputs : EvidenceReads
{
    public AuditEvidenceInputs(IReadOnlyList<RootCredentialStatus> rows) => Rows = rows;

    public IReadOnlyList<RootCredentialStatus> Rows { get; }

    public string? ChangeReference { get; set; }
}

/// <summary>One file of a pack as its manifest lists it.</summary>
public sealed class EvidenceFile
{
    public string Name { get; set; } = string.Empty;

    public string Sha256 { get; set; } = string.Empty;

    public long Bytes { get; set; }
}

/// <summary>manifest.json: every other file of the pack with its SHA-256.</summary>
public sealed class EvidenceManifest
{
    public const string FileName = "manifest.json";

    public string Format { get; set; } = "RootAccess.Evidence";

    public int Version { get; set; } = 1;

    /// <summary>"Audit" for an audit's pack; absent for a rollout's (the first format had only those).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; set; }

    public string RolloutId { get; set; } = string.Empty;

    public string OrganizationId { get; set; } = string.Empty;

    public string? ChangeReference { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<EvidenceFile> Files { get; set; } = new();
}

/// <summary>
/// Builds the files of an evidence pack for a rollout: the accounts before and after (CSV and JSON), the compliance
/// mapping per account, the rollout's AssumeRoot events linked to the removals the state records, the organization's
/// root access status, the hardening check, a one-page HTML summary, and a manifest with the SHA-256 of each.
/// </summary>
public static class EvidencePack
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The pack's files by name, the manifest last (it lists the others).</summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Build(EvidenceInputs inputs)
    {
        var rollout = inputs.Rollout;
        var accounts = rollout.Accounts.Select(a => AccountEvidence.Of(rollout, a)).ToList();
        var compliance = rollout.Accounts.Select(a => ComplianceRow.Of(a, inputs.Organization)).ToList();
        var events = inputs.Events.Select(e => EventEvidence.Of(e, rollout)).ToList();
        var files = new List<KeyValuePair<string, byte[]>>
        {
            File("accounts.csv", Csv.Write(accounts)),
            File("accounts.json", JsonSerializer.Serialize(accounts, Json)),
            File("compliance.csv", Csv.Write(compliance)),
            File("events.csv", Csv.Write(events)),
            File("organization.json", JsonSerializer.Serialize(new { status = inputs.Organization, unread = inputs.OrganizationUnread }, Json)),
            File("hardening.json", JsonSerializer.Serialize(new { checks = inputs.Hardening, unread = inputs.HardeningUnread }, Json)),
            File("rollout.json", JsonSerializer.Serialize(rollout, Json)),
        };
        files.Add(File("summary.html", EvidenceSummary.Render(inputs, compliance, events.Count, files.Select(f => f.Key).ToList())));
        return WithManifest(files, new EvidenceManifest { RolloutId = rollout.RolloutId, OrganizationId = rollout.OrganizationId, ChangeReference = rollout.ChangeReference, CreatedAt = inputs.CreatedAt });
    }

    /// <summary>
    /// The files of an audit's pack: the audit rows as Export-Csv and ConvertTo-Json would give them (CSV and JSON), the
    /// organization's root access status, the hardening check, and the manifest.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> BuildAudit(AuditEvidenceInputs inputs)
    {
        var files = new List<KeyValuePair<string, byte[]>>
        {
            File("accounts.csv", Csv.Write(inputs.Rows)),
            File("accounts.json", JsonSerializer.Serialize(inputs.Rows, Json)),
            File("organization.json", JsonSerializer.Serialize(new { status = inputs.Organization, unread = inputs.OrganizationUnread }, Json)),
            File("hardening.json", JsonSerializer.Serialize(new { checks = inputs.Hardening, unread = inputs.HardeningUnread }, Json)),
        };
        return WithManifest(files, new EvidenceManifest { Kind = "Audit", OrganizationId = inputs.Organization?.OrganizationId ?? string.Empty, ChangeReference = inputs.ChangeReference, CreatedAt = inputs.CreatedAt });
    }

    private static IReadOnlyList<KeyValuePair<string, byte[]>> WithManifest(List<KeyValuePair<string, byte[]>> files, EvidenceManifest manifest)
    {
        manifest.Files = files.Select(f => new EvidenceFile { Name = f.Key, Sha256 = RolloutStateCodec.Digest(f.Value), Bytes = f.Value.Length }).ToList();
        files.Add(new KeyValuePair<string, byte[]>(EvidenceManifest.FileName, EncodeManifest(manifest)));
        return files;
    }

    /// <summary>
    /// Reads a manifest; null when the bytes are not one, or not exactly as RootAccess wrote it: the manifest carries the
    /// SHA-256 of its own content and is written in one canonical form, so any edit (even a space) is caught unless the
    /// editor also recomputes it, which the ManifestSha256 recorded at export then shows.
    /// </summary>
    public static EvidenceManifest? ReadManifest(byte[] bytes)
    {
        try
        {
            using var file = JsonDocument.Parse(bytes);
            var raw = file.RootElement.GetProperty("manifest").GetRawText();
            if (file.RootElement.GetProperty("sha256").GetString() != RolloutStateCodec.Digest(raw))
            {
                return null;
            }

            var manifest = JsonSerializer.Deserialize<EvidenceManifest>(raw, Json);
            return manifest?.Format == "RootAccess.Evidence" && manifest.Files is not null && manifest.Files.All(f => f?.Name is not null && f.Sha256 is not null) && EncodeManifest(manifest).AsSpan().SequenceEqual(bytes) ? manifest : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static byte[] EncodeManifest(EvidenceManifest manifest)
    {
        var body = JsonSerializer.Serialize(manifest, Json);
        return new UTF8Encoding(false).GetBytes("{\n\"sha256\": \"" + RolloutStateCodec.Digest(body) + "\",\n\"manifest\": " + body + "\n}\n");
    }

    private static KeyValuePair<string, byte[]> File(string name, string text) => new(name, new UTF8Encoding(false).GetBytes(text));
}

/// <summary>A pack checked against its manifest: which files are missing, added or changed.</summary>
public sealed class EvidenceCheck
{
    public List<string> Missing { get; } = new();

    public List<string> Added { get; } = new();

    public List<string> Changed { get; } = new();

    public bool Intact => Missing.Count == 0 && Added.Count == 0 && Changed.Count == 0;

    /// <summary>Compares what is there (name to bytes, or null when it cannot be read) with the manifest.</summary>
    public static EvidenceCheck Of(EvidenceManifest manifest, IReadOnlyCollection<string> present, Func<string, byte[]?> read)
    {
        var check = new EvidenceCheck();
        foreach (var file in manifest.Files)
        {
            if (!present.Contains(file.Name))
            {
                check.Missing.Add(file.Name);
            }
            else if (read(file.Name) is not { } bytes || !string.Equals(RolloutStateCodec.Digest(bytes), file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                check.Changed.Add(file.Name);
            }
        }

        check.Added.AddRange(present.Where(n => n != EvidenceManifest.FileName && manifest.Files.All(f => f.Name != n)));
        return check;
    }
}

/// <summary>One account before and after, flat.</summary>
public sealed class AccountEvidence
{
    public string AccountId { get; set; } = string.Empty;

    public string? AccountName { get; set; }

    public string? OuNames { get; set; }

    public int Wave { get; set; }

    public string State { get; set; } = string.Empty;

    public string? Reason { get; set; }

    public string? ErrorId { get; set; }

    public string? BeforeCheckedAt { get; set; }

    public bool? BeforePasswordPresent { get; set; }

    public int? BeforeAccessKeys { get; set; }

    public int? BeforeSigningCertificates { get; set; }

    public int? BeforeMfaDevices { get; set; }

    public string? AfterCheckedAt { get; set; }

    public bool? AfterPasswordPresent { get; set; }

    public int? AfterAccessKeys { get; set; }

    public int? AfterSigningCertificates { get; set; }

    public int? AfterMfaDevices { get; set; }

    public string? Removals { get; set; }

    public string? StartedAt { get; set; }

    public string? FinishedAt { get; set; }

    public string? ChangeReference { get; set; }

    public static AccountEvidence Of(RolloutDocument rollout, RolloutAccountRecord a) => new()
    {
        AccountId = a.AccountId,
        AccountName = a.Name,
        OuNames = a.OuNames,
        Wave = a.Wave,
        State = a.State.ToString(),
        Reason = a.Reason,
        ErrorId = a.ErrorId,
        BeforeCheckedAt = Iso(a.Before?.CheckedAt),
        BeforePasswordPresent = a.Before?.PasswordPresent,
        BeforeAccessKeys = a.Before?.AccessKeyCount,
        BeforeSigningCertificates = a.Before?.SigningCertificateCount,
        BeforeMfaDevices = a.Before?.MfaDeviceCount,
        AfterCheckedAt = Iso(a.After?.CheckedAt),
        AfterPasswordPresent = a.After?.PasswordPresent,
        AfterAccessKeys = a.After?.AccessKeyCount,
        AfterSigningCertificates = a.After?.SigningCertificateCount,
        AfterMfaDevices = a.After?.MfaDeviceCount,
        Removals = a.Removals.Count == 0 ? null : string.Join("; ", a.Removals),
        StartedAt = Iso(a.StartedAt),
        FinishedAt = Iso(a.FinishedAt),
        ChangeReference = rollout.ChangeReference,
    };

    internal static string? Iso(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

/// <summary>
/// Each account against CIS AWS Foundations v7 2.1.1 and Security Hub IAM.4, IAM.6 and IAM.9, read from the facts the
/// rollout audited (the audit after, else the one before). This is RootAccess's reading of those facts, not the
/// services' own findings: Pass, Fail, NotApplicable (no root password: nobody can sign in as root to need MFA), or
/// Unknown (the account was not audited).
/// </summary>
public sealed class ComplianceRow
{
    public string AccountId { get; set; } = string.Empty;

    public string State { get; set; } = string.Empty;

    /// <summary>CIS v7 2.1.1, centralized root access enabled (an organization setting, shown per account).</summary>
    public string Cis211 { get; set; } = "Unknown";

    /// <summary>Security Hub IAM.4: no root user access key.</summary>
    public string SecurityHubIam4 { get; set; } = "Unknown";

    /// <summary>Security Hub IAM.6: hardware MFA for the root user.</summary>
    public string SecurityHubIam6 { get; set; } = "Unknown";

    /// <summary>Security Hub IAM.9: MFA for the root user.</summary>
    public string SecurityHubIam9 { get; set; } = "Unknown";

    public string Basis { get; set; } = string.Empty;

    public static ComplianceRow Of(RolloutAccountRecord a, OrgRootAccessStatus? organization)
    {
        var facts = a.After ?? a.Before;
        var row = new ComplianceRow
        {
            AccountId = a.AccountId,
            State = a.State.ToString(),
            Cis211 = organization is null ? "Unknown" : organization.RootCredentialsManagement && organization.RootSessions ? "Pass" : "Fail",
        };
        if (facts is null)
        {
            row.Basis = "Not audited by the rollout (" + a.State + ").";
            return row;
        }

        row.SecurityHubIam4 = facts.AccessKeyCount == 0 ? "Pass" : "Fail";
        row.SecurityHubIam6 = !facts.PasswordPresent ? "NotApplicable" : facts.HardwareMfaCount > 0 ? "Pass" : "Fail";
        row.SecurityHubIam9 = !facts.PasswordPresent ? "NotApplicable" : facts.MfaDeviceCount > 0 ? "Pass" : "Fail";
        row.Basis = $"Audit {(a.After is null ? "before" : "after")} the rollout at {AccountEvidence.Iso(facts.CheckedAt)}: {facts}.";
        return row;
    }
}

/// <summary>An AssumeRoot event of the rollout's window and accounts, with what the rollout recorded that session doing.</summary>
public sealed class EventEvidence
{
    public string EventTime { get; set; } = string.Empty;

    public string EventId { get; set; } = string.Empty;

    public string TargetAccountId { get; set; } = string.Empty;

    public string TaskPolicy { get; set; } = string.Empty;

    public string CallerArn { get; set; } = string.Empty;

    public string SourceIp { get; set; } = string.Empty;

    public string SessionAccessKeyId { get; set; } = string.Empty;

    public string ErrorCode { get; set; } = string.Empty;

    /// <summary>For an IAMDeleteRootUserCredentials session: the removal calls the rollout recorded for that account.</summary>
    public string? RecordedCalls { get; set; }

    public static EventEvidence Of(AssumeRootEvent e, RolloutDocument rollout)
    {
        var account = rollout.Find(e.TargetAccountId);
        return new EventEvidence
        {
            EventTime = AccountEvidence.Iso(new DateTimeOffset(DateTime.SpecifyKind(e.EventTime, DateTimeKind.Utc))) ?? string.Empty,
            EventId = e.EventId,
            TargetAccountId = e.TargetAccountId,
            TaskPolicy = e.TaskPolicy,
            CallerArn = e.CallerArn,
            SourceIp = e.SourceIp,
            SessionAccessKeyId = e.SessionAccessKeyId,
            ErrorCode = e.ErrorCode,
            RecordedCalls = e.TaskPolicy.EndsWith("IAMDeleteRootUserCredentials", StringComparison.Ordinal) && account is not null && account.Removals.Count > 0 ? string.Join("; ", account.Removals) : null,
        };
    }
}

/// <summary>CSV of flat objects, every field quoted (as Export-Csv writes it). No CSV library is served here; this is RFC 4180 only.</summary>
internal static class Csv
{
    public static string Write<T>(IReadOnlyList<T> rows)
    {
        var properties = typeof(T).GetProperties();
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", properties.Select(p => Quote(p.Name))));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join(",", properties.Select(p => Quote(Convert.ToString(p.GetValue(row), CultureInfo.InvariantCulture)))));
        }

        return text.ToString();
    }

    private static string Quote(string? value) => value is null ? string.Empty : "\"" + value.Replace("\"", "\"\"") + "\"";
}
