using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;

namespace RootAccess.Hardening;

/// <summary>
/// The hardening report as one self-contained HTML file (no external assets, works offline): a score per priority,
/// the guide's kill chain drawn from the checks (a link is broken when every control that breaks it passes), and every
/// control with its evidence and remediation. Every value from AWS is HTML-encoded (account and OU names are the
/// organization's, not ours); the page's script only draws from the embedded data.
/// </summary>
public static class HardeningReport
{
    /// <summary>The guide's kill chain, in order.</summary>
    public static readonly IReadOnlyList<string> KillChain = new[]
    {
        "1. foothold in the management account",
        "2. escalate to sts:AssumeRoot",
        "3. IAMCreateRootUserPassword for persistence",
        "4. cover tracks in CloudTrail",
    };

    // The page's script, embedded beside this file (Hardening/report.js).
    private static readonly string Script = ReadScript();

    public static string Render(IReadOnlyList<HardeningCheck> checks, string organization, DateTime at)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Root access hardening: ").Append(E(organization)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24}h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;table-layout:fixed}")
            // ARNs are long unbroken words: let them wrap inside fixed columns rather than widen the table past the page.
            .Append("th:nth-child(1){width:5.5rem}th:nth-child(3){width:5rem}th:nth-child(2){width:17%}th:nth-child(5){width:24%}th:nth-child(6){width:11%}")
            .Append("td,th{border:1px solid #d0d7de;padding:.4rem;vertical-align:top;text-align:left;overflow-wrap:break-word}.Pass{color:#1a7f37}.Fail{color:#cf222e}.Unknown{color:#9a6700}")
            .Append(".scores{display:flex;gap:1rem;margin:1rem 0}.score{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem}")
            .Append("</style></head><body>");
        html.Append("<h1>Root access hardening of ").Append(E(organization)).Append("</h1><p>Checked ").Append(E(at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))).Append(" by Test-RootAccessHardening.</p>");
        html.Append("<div class=\"scores\">");
        foreach (var priority in new[] { "P0", "P1", "P2" })
        {
            var of = checks.Where(c => c.Priority == priority).ToList();
            html.Append("<div class=\"score\" data-priority=\"").Append(priority).Append("\"><strong>").Append(priority).Append("</strong> ")
                .Append(of.Count(c => c.Status == CheckStatus.Pass)).Append(" of ").Append(of.Count).Append(" pass</div>");
        }

        html.Append("</div><h2>Kill chain</h2><svg id=\"chain\" width=\"960\" height=\"120\" role=\"img\" aria-label=\"kill chain\"></svg>");
        // The same chain as text, for readers where no script runs (mail clients, previews): the drawing adds to it.
        html.Append("<ol id=\"chain-text\">");
        foreach (var link in KillChain)
        {
            var judged = checks.Where(c => c.KillChainLink == link).ToList();
            var state = judged.Count == 0 ? "not checked yet" : judged.All(c => c.Status == CheckStatus.Pass) ? "broken: every control passes" : "open";
            html.Append("<li data-state=\"").Append(judged.Count > 0 && judged.All(c => c.Status == CheckStatus.Pass) ? "broken" : "open").Append("\">")
                .Append(E(link)).Append(": ").Append(state).Append(" (").Append(string.Join(", ", judged.Select(c => E(c.ControlId + " " + c.Status)))).Append(")</li>");
        }

        html.Append("</ol>");
        html.Append("<h2>Controls</h2><table><thead><tr><th>Priority</th><th>Control</th><th>Status</th><th>Evidence</th><th>Remediation</th><th>Breaks</th></tr></thead><tbody>");
        foreach (var check in checks.OrderBy(c => c.Priority, StringComparer.Ordinal).ThenBy(c => c.ControlId, StringComparer.Ordinal))
        {
            html.Append("<tr data-control=\"").Append(E(check.ControlId)).Append("\"><td>").Append(E(check.Priority)).Append("</td><td>").Append(E(check.ControlId)).Append(' ').Append(E(check.Title))
                .Append("</td><td class=\"").Append(E(check.Status)).Append("\">").Append(E(check.Status)).Append("</td><td>").Append(E(check.Evidence))
                .Append("</td><td>").Append(E(check.Remediation)).Append("</td><td>").Append(E(check.KillChainLink)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");

        // The chain is drawn by the page from the checks, so a real browser is what proves the report renders.
        var links = KillChain.Select(link => new
        {
            name = link,
            broken = checks.Any(c => c.KillChainLink == link) && checks.Where(c => c.KillChainLink == link).All(c => c.Status == CheckStatus.Pass),
            checkedBy = checks.Count(c => c.KillChainLink == link),
        });
        var data = JsonSerializer.Serialize(links).Replace("<", "\\u003c");
        html.Append("<script>const links=").Append(data).Append(";\n").Append(Script).Append("</script></body></html>");
        return html.ToString();
    }

    private static string ReadScript()
    {
        using var stream = typeof(HardeningReport).Assembly.GetManifestResourceStream("RootAccess.Hardening.report.js")!;
        using var reader = new System.IO.StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);
}
