using System;
using RootAccess.Hardening;
using Xunit;

namespace RootAccess.Tests.Services;

/// <summary>The report's HTML without a browser: self-contained, every value from AWS encoded (tests/Browser renders it).</summary>
public sealed class HardeningReportTests
{
    [Fact]
    public void Names_from_the_organization_are_encoded_and_nothing_is_fetched()
    {
        var checks = new[]
        {
            new HardeningCheck { Priority = "P1", ControlId = "RA-H07", Title = "SCP", Status = CheckStatus.Fail, Evidence = "222222222222 (<script>alert(1)</script>, r-x)", Remediation = "Attach it", KillChainLink = HardeningReport.KillChain[1] },
            new HardeningCheck { Priority = "P0", ControlId = "RA-H01", Title = "On", Status = CheckStatus.Pass, Evidence = "ok", Remediation = "-", KillChainLink = HardeningReport.KillChain[2] },
        };

        var html = HardeningReport.Render(checks, "o-</title><script>x</script>", new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc));

        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("</title><script>x", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
        Assert.Contains("data-priority=\"P0\"><strong>P0</strong> 1 of 1 pass", html);
        Assert.Contains("data-priority=\"P1\"><strong>P1</strong> 0 of 1 pass", html);
        Assert.Contains("2026-12-01T03:00:00Z", html);
    }

    [Fact]
    public void The_kill_chain_reads_without_a_script_as_a_list_of_links_and_their_state()
    {
        var checks = new[]
        {
            new HardeningCheck { ControlId = "RA-H07", Status = CheckStatus.Fail, KillChainLink = HardeningReport.KillChain[1] },
            new HardeningCheck { ControlId = "RA-H01", Status = CheckStatus.Pass, KillChainLink = HardeningReport.KillChain[2] },
        };

        var html = HardeningReport.Render(checks, "o-x", new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc));
        var withoutScripts = System.Text.RegularExpressions.Regex.Replace(html, "<script>.*?</script>", string.Empty, System.Text.RegularExpressions.RegexOptions.Singleline);

        Assert.Contains($"<li data-state=\"open\">{HardeningReport.KillChain[0]}: not checked yet ()</li>", withoutScripts);
        Assert.Contains($"<li data-state=\"open\">{HardeningReport.KillChain[1]}: open (RA-H07 Fail)</li>", withoutScripts);
        Assert.Contains($"<li data-state=\"broken\">{HardeningReport.KillChain[2]}: broken: every control passes (RA-H01 Pass)</li>", withoutScripts);
    }
}
