using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using RootAccess.Root;

namespace RootAccess.Evidence;

/// <summary>
/// The pack's one-page summary: plain HTML and inline CSS, no script and no external asset, so it reads the same in a
/// browser, a mail client or a ticket attachment.
/// </summary>
internal static class EvidenceSummary
{
    private static string Organization(EvidenceInputs inputs)
        => inputs.Organization is { } o
            ? $"root credentials management {(o.RootCredentialsManagement ? "on" : "off")}, root sessions {(o.RootSessions ? "on" : "off")}"
            : "not read: " + inputs.OrganizationUnread;

    public static string Render(EvidenceInputs inputs, IReadOnlyList<ComplianceRow> compliance, int events, IReadOnlyList<string> files)
    {
        var rollout = inputs.Rollout;
        string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
        int Count(RolloutAccountState state) => rollout.Accounts.Count(a => a.State == state);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Root credential rollout evidence</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
            .Append(".Verified,.Pass{color:#176b2c}.Failed,.Fail{color:#a11}.Skipped,.Excluded,.NotApplicable,.Unknown{color:#666}</style></head><body>");
        html.Append("<h1>Root credential rollout</h1><table>")
            .Append($"<tr><th>Rollout</th><td>{E(rollout.RolloutId)}</td></tr>")
            .Append($"<tr><th>Organization</th><td>{E(rollout.OrganizationId)} (management account {E(rollout.ManagementAccountId)})</td></tr>")
            .Append($"<tr><th>Change reference</th><td>{E(rollout.ChangeReference ?? "none given")}</td></tr>")
            .Append($"<tr><th>Started / last run ended</th><td>{E(AccountEvidence.Iso(rollout.CreatedAt))} / {E(AccountEvidence.Iso(rollout.FinishedAt))}</td></tr>")
            .Append($"<tr><th>Complete</th><td data-complete=\"{(rollout.IsComplete ? "true" : "false")}\">{(rollout.IsComplete ? "yes: every account is in a final state" : "no: " + E(rollout.StoppedBecause))}</td></tr>")
            .Append("<tr><th>Centralized root access</th><td>").Append(E(Organization(inputs))).Append("</td></tr>")
            .Append("</table>");
        html.Append("<h2>Accounts</h2><table><tr>");
        foreach (RolloutAccountState state in System.Enum.GetValues(typeof(RolloutAccountState)))
        {
            html.Append($"<th class=\"{state}\">{state}</th>");
        }

        html.Append("<th>Total</th></tr><tr>");
        foreach (RolloutAccountState state in System.Enum.GetValues(typeof(RolloutAccountState)))
        {
            html.Append($"<td data-state=\"{state}\">{Count(state).ToString(CultureInfo.InvariantCulture)}</td>");
        }

        html.Append($"<td data-state=\"Total\">{rollout.Accounts.Count.ToString(CultureInfo.InvariantCulture)}</td></tr></table>");
        html.Append("<h2>Controls (RootAccess's reading of the audited facts)</h2><table><tr><th>Control</th><th>Pass</th><th>Fail</th><th>Not applicable</th><th>Unknown</th></tr>");
        foreach (var (name, value) in new (string, System.Func<ComplianceRow, string>)[] { ("CIS v7 2.1.1", r => r.Cis211), ("Security Hub IAM.4", r => r.SecurityHubIam4), ("Security Hub IAM.6", r => r.SecurityHubIam6), ("Security Hub IAM.9", r => r.SecurityHubIam9) })
        {
            html.Append($"<tr data-control=\"{E(name)}\"><td>{E(name)}</td>");
            foreach (var outcome in new[] { "Pass", "Fail", "NotApplicable", "Unknown" })
            {
                html.Append($"<td class=\"{outcome}\">{compliance.Count(r => value(r) == outcome).ToString(CultureInfo.InvariantCulture)}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
        var notVerified = rollout.Accounts.Where(a => a.State != RolloutAccountState.Verified).ToList();
        html.Append($"<h2>Accounts not verified ({notVerified.Count.ToString(CultureInfo.InvariantCulture)})</h2><table><tr><th>Account</th><th>Name</th><th>State</th><th>Reason</th><th>Error id</th></tr>");
        foreach (var a in notVerified)
        {
            html.Append($"<tr data-account=\"{E(a.AccountId)}\"><td>{E(a.AccountId)}</td><td>{E(a.Name)}</td><td class=\"{a.State}\">{a.State}</td><td>{E(a.Reason)}</td><td>{E(a.ErrorId)}</td></tr>");
        }

        html.Append("</table>");
        var hardening = inputs.Hardening is { } h
            ? $"{h.Count(c => c.Status == Hardening.CheckStatus.Pass)} of {h.Count} hardening controls pass (hardening.json)"
            : "the hardening check was not run: " + inputs.HardeningUnread;
        html.Append("<h2>Also in this pack</h2><p>").Append(events.ToString(CultureInfo.InvariantCulture)).Append(" AssumeRoot events in events.csv; ").Append(E(hardening)).Append(".</p><ul>");
        foreach (var file in files)
        {
            html.Append($"<li>{E(file)}</li>");
        }

        html.Append("<li>manifest.json (the SHA-256 of every file; Test-RootAccessEvidence checks them)</li></ul></body></html>\n");
        return html.ToString();
    }
}
