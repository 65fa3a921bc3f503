using System.Net;
using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

/// <summary>The batch preview at <c>/agent/batch</c>: each card priced and extended from its own expiry, and each line that cannot be renewed says why.</summary>
public class BatchPreviewTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<(TestBrowser Agent, TestBrowser.Page Page)> AgentAsync()
    {
        var agent = portal.NewBrowser();
        await AccountTests.SignInAsync(agent, "agent@posrenewal.test", "Demo-agent-1");
        return (agent, await agent.GetAsync("/agent/batch"));
    }

    [Fact]
    public async Task Does_preview_each_card_from_its_own_expiry_and_say_why_the_others_cannot_be_renewed()
    {
        var (agent, page) = await AgentAsync();
        using var _ = agent;
        var today = ChinaTime.Today(TimeProvider.System);
        var active = DemoData.DemoIccid(0, 0);
        var expired = DemoData.DemoIccid(2, 2);
        var deactivated = DemoData.DemoIccid(0, 4);
        var otherAgents = DemoData.DemoIccid(1, 0);
        var text = string.Join("\n", $"{active[..4]} {active[4..8]} {active[8..]}", expired, "8986001234", deactivated, otherAgents, active) + "\n\n";

        var answer = await agent.SubmitAsync(page, "form[data-testid='batch-form']", new Dictionary<string, string> { ["iccids"] = text, ["term"] = "1" });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var preview = await TestBrowser.Page.ReadAsync(answer);
        var rows = preview.Document.QuerySelectorAll("[data-testid='batch-lines'] tbody tr").ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(["true", "true", "false", "false", "false", "false"], rows.Select(r => r.GetAttribute("data-ok")));
        Assert.Contains(ExpiryRule.NewExpiry(today.AddDays(200), today, 1).ToString("MMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture), rows[0].TextContent);
        Assert.Contains(ExpiryRule.NewExpiry(today.AddDays(-10), today, 1).ToString("MMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture), rows[1].TextContent);
        Assert.Contains("too short", rows[2].TextContent);
        Assert.Contains("Deactivated", rows[3].TextContent);
        Assert.Contains("among your merchants", rows[4].TextContent);
        Assert.Contains("already on line 1", rows[5].TextContent);
        // China Mobile ¥12.00 and China Telecom ¥11.50, plus the agent's flat ¥2.00 each.
        Assert.Equal("¥27.50", preview.TestId("batch-total"));
        Assert.Equal("¥4.00", preview.TestId("batch-fees"));
    }

    [Fact]
    public async Task Does_refuse_an_empty_an_oversized_or_an_unknown_term_batch()
    {
        var (agent, page) = await AgentAsync();
        using var _ = agent;
        var tooMany = string.Join("\n", Enumerable.Range(0, 1001).Select(_ => DemoData.DemoIccid(0, 0)));
        foreach (var (iccids, term) in new[] { ("", "1"), (DemoData.DemoIccid(0, 0), "7"), (DemoData.DemoIccid(0, 0), "x"), (tooMany, "1") })
        {
            var refused = await agent.SubmitAsync(page, "form[data-testid='batch-form']", new Dictionary<string, string> { ["iccids"] = iccids, ["term"] = term });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("notice bad error", await refused.Content.ReadAsStringAsync());
        }

        using var merchant = portal.NewBrowser();
        await AccountTests.SignInAsync(merchant, "merchant@posrenewal.test", "Demo-merchant-1");
        Assert.NotEqual(HttpStatusCode.OK, (await merchant.Http.GetAsync("/agent/batch")).StatusCode);
    }
}
