using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using RootAccess.Evidence;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

/// <summary>Export-RootAccessEvidence and Test-RootAccessEvidence: what a pack holds, and that any one edit is caught.</summary>
public sealed class EvidenceTests : IDisposable
{
    private static readonly string[] PackFiles = { "accounts.csv", "accounts.json", "compliance.csv", "events.csv", "organization.json", "hardening.json", "rollout.json", "summary.html", "manifest.json" };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rootaccess-evidence-" + Guid.NewGuid().ToString("N"));

    public EvidenceTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, true);

    private async Task<(SimulatedOrganization Org, string Pack)> RolledOutAsync()
    {
        var state = OrgBuilder.Organization(6);
        state.FindAccount(OrgBuilder.ManagementAccountId)!.Buckets.Add(new SimBucket { Name = "evidence-100000000000" });
        var org = await SimulatedOrganization.StartAsync(state);
        var statePath = Path.Combine(_folder, "rollout.json");
        var pack = Path.Combine(_folder, "pack");
        var run = org.Run($"Invoke-RootCredentialRollout -StatePath '{statePath}' -Force -ChangeReference CHG-7 -ExcludeAccountId {OrgBuilder.MemberId(3)} -ExcludeReason 'break-glass' -EvidencePath '{pack}'");
        Assert.Empty(run.Errors);
        return (org, pack);
    }

    [Fact]
    public async Task A_completed_rollout_writes_a_pack_that_verifies_and_fails_to_verify_after_any_one_file_is_edited_removed_or_added()
    {
        var (org, pack) = await RolledOutAsync();
        await using var _ = org;

        Assert.Equal(PackFiles.OrderBy(f => f), Directory.GetFiles(pack).Select(Path.GetFileName).OrderBy(f => f));
        var intact = org.Run($"Test-RootAccessEvidence -Path '{pack}'");
        Assert.True((bool)intact.Output.Single().BaseObject);
        Assert.Empty(intact.Warnings);

        foreach (var name in PackFiles)
        {
            var file = Path.Combine(pack, name);
            var original = File.ReadAllBytes(file);
            File.WriteAllBytes(file, original.Concat(Encoding.UTF8.GetBytes(" ")).ToArray());
            var edited = org.Run($"Test-RootAccessEvidence -Path '{pack}'");
            Assert.False((bool)edited.Output.Single().BaseObject, name);
            Assert.Contains(edited.Warnings, w => w.Contains(name, StringComparison.Ordinal) || name == "manifest.json");
            File.WriteAllBytes(file, original);
        }

        File.Move(Path.Combine(pack, "events.csv"), Path.Combine(_folder, "events.csv"));
        var missing = org.Run($"Test-RootAccessEvidence -Path '{pack}'");
        Assert.False((bool)missing.Output.Single().BaseObject);
        Assert.Contains("Missing from the pack: events.csv (the manifest lists it).", missing.Warnings);
        File.Move(Path.Combine(_folder, "events.csv"), Path.Combine(pack, "events.csv"));

        Directory.CreateDirectory(Path.Combine(pack, "extra"));
        File.WriteAllText(Path.Combine(pack, "extra", "note.csv"), "x");
        var nested = org.Run($"Test-RootAccessEvidence -Path '{pack}'");
        Assert.False((bool)nested.Output.Single().BaseObject);
        Assert.Contains("Added to the pack: extra/note.csv (the manifest does not list it).", nested.Warnings);
        Directory.Delete(Path.Combine(pack, "extra"), true);

        File.WriteAllText(Path.Combine(pack, "extra.csv"), "x");
        var added = org.Run($"Test-RootAccessEvidence -Path '{pack}'");
        Assert.False((bool)added.Output.Single().BaseObject);
        Assert.Contains("Added to the pack: extra.csv (the manifest does not list it).", added.Warnings);
        File.Delete(Path.Combine(pack, "extra.csv"));
        Assert.True((bool)org.Run($"Test-RootAccessEvidence -Path '{pack}'").Output.Single().BaseObject);
    }

    [Fact]
    public async Task A_pack_replaced_whole_by_another_consistent_one_is_caught_only_by_the_recorded_manifest_hash()
    {
        var (org, pack) = await RolledOutAsync();
        await using var _ = org;
        var recorded = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(pack, "manifest.json")))).ToLowerInvariant();
        var other = Path.Combine(_folder, "other");
        Assert.Empty(org.Run($"Export-RootAccessEvidence -StatePath '{Path.Combine(_folder, "rollout.json")}' -Path '{other}' -SkipHardening").Errors);
        Directory.Delete(pack, true);
        Directory.Move(other, pack);

        Assert.True((bool)org.Run($"Test-RootAccessEvidence -Path '{pack}'").Output.Single().BaseObject);
        var forged = org.Run($"Test-RootAccessEvidence -Path '{pack}' -ManifestSha256 {recorded}");
        Assert.False((bool)forged.Output.Single().BaseObject);
        Assert.Contains(forged.Warnings, w => w.Contains("manifest.json", StringComparison.Ordinal) && w.Contains("-ManifestSha256", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_pack_holds_before_and_after_the_controls_the_events_and_no_secret()
    {
        var (org, pack) = await RolledOutAsync();
        await using var _ = org;

        var accounts = File.ReadAllLines(Path.Combine(pack, "accounts.csv"));
        Assert.Equal(1 + 7, accounts.Length);
        var six = accounts.Single(l => l.StartsWith($"\"{OrgBuilder.MemberId(6)}\"", StringComparison.Ordinal));
        Assert.Contains("\"Verified\"", six);
        Assert.Contains("\"True\",\"2\"", six);
        Assert.Contains("\"CHG-7\"", six);
        Assert.Contains("\"break-glass\"", accounts.Single(l => l.StartsWith($"\"{OrgBuilder.MemberId(3)}\"", StringComparison.Ordinal)));

        var compliance = File.ReadAllLines(Path.Combine(pack, "compliance.csv"));
        Assert.StartsWith("\"AccountId\",\"State\",\"Cis211\",\"SecurityHubIam4\",\"SecurityHubIam6\",\"SecurityHubIam9\",\"Basis\"", compliance[0]);
        Assert.StartsWith($"\"{OrgBuilder.MemberId(6)}\",\"Verified\",\"Pass\",\"Pass\",\"NotApplicable\",\"NotApplicable\"", compliance.Single(l => l.StartsWith($"\"{OrgBuilder.MemberId(6)}\"", StringComparison.Ordinal)));

        var events = File.ReadAllLines(Path.Combine(pack, "events.csv"));
        var deleteSession = events.Single(l => l.Contains(OrgBuilder.MemberId(6), StringComparison.Ordinal) && l.Contains("IAMDeleteRootUserCredentials", StringComparison.Ordinal));
        Assert.Contains("LoginProfile root: Removed", deleteSession);
        Assert.DoesNotContain(events, l => l.Contains($"\"{OrgBuilder.MemberId(3)}\"", StringComparison.Ordinal));

        var everything = string.Join("\n", Directory.GetFiles(pack).Select(File.ReadAllText));
        Assert.DoesNotContain(OrgBuilder.AdminSecret, everything);
        Assert.DoesNotContain("SessionToken", everything, StringComparison.OrdinalIgnoreCase);
        var html = File.ReadAllText(Path.Combine(pack, "summary.html"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", html, StringComparison.Ordinal);
        Assert.Contains("data-complete=\"true\"", html);
        Assert.Contains("<td data-state=\"Verified\">5</td>", html);

        var again = org.Run($"Export-RootAccessEvidence -StatePath '{Path.Combine(_folder, "rollout.json")}' -Path '{pack}'");
        Assert.Equal("EvidenceWriteFailed", Assert.Single(again.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public async Task A_pack_in_S3_verifies_and_an_object_changed_there_is_named()
    {
        var (org, _) = await RolledOutAsync();
        await using var __ = org;
        const string prefix = "s3://evidence-100000000000/rollouts/chg-7/";

        var written = org.Run($"Export-RootAccessEvidence -StatePath '{Path.Combine(_folder, "rollout.json")}' -Path '{prefix}' -SkipHardening");

        Assert.Empty(written.Errors);
        var result = (EvidenceResult)written.Output.Single().BaseObject;
        Assert.Equal(9, result.Files);
        Assert.True((bool)org.Run($"Test-RootAccessEvidence '{prefix}'").Output.Single().BaseObject);
        var objects = org.State.FindAccount(OrgBuilder.ManagementAccountId)!.Buckets.Single(b => b.Name == "evidence-100000000000").Objects;
        objects["rollouts/chg-7/compliance.csv"] = Encoding.UTF8.GetBytes("\"AccountId\"\n");
        var changed = org.Run($"Test-RootAccessEvidence '{prefix}'");
        Assert.False((bool)changed.Output.Single().BaseObject);
        Assert.Contains("Changed since the pack was written: compliance.csv (its SHA-256 differs from the manifest's).", changed.Warnings);
    }
}
