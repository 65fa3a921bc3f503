using System.Net;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Common;

namespace PosRenewal.IntegrationTests;

public class AdminTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<(TestBrowser Browser, TestBrowser.Page Page, long AgentId)> AdminOnAgentsAsync()
    {
        var browser = portal.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.SignInAsync(browser, "admin@posrenewal.test", "Demo-admin-1")).StatusCode);
        var agentId = await portal.WithDbAsync(db => db.Agents.Where(a => a.Name.StartsWith("Bay")).Select(a => a.Id).SingleAsync());
        return (browser, await browser.GetAsync("/admin/agents"), agentId);
    }

    private Task<Agent> AgentAsync(long id) => portal.WithDbAsync(db => db.Agents.AsNoTracking().SingleAsync(a => a.Id == id));

    [Fact]
    public async Task Does_top_up_an_agents_balance_with_a_ledger_entry_and_an_audit_entry()
    {
        var (browser, page, agentId) = await AdminOnAgentsAsync();
        using var _ = browser;
        var before = (await AgentAsync(agentId)).Balance;

        var response = await browser.SubmitAsync(page, $"section[data-agent='{agentId}'] form.topup-form",
            new Dictionary<string, string> { ["Amount"] = "150.50", ["Reason"] = "ICBC transfer 0042", ["Confirmed"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before + new Money(150.50m), (await AgentAsync(agentId)).Balance);
        var entry = await portal.WithDbAsync(db => db.LedgerEntries.Where(e => e.AgentId == agentId).OrderBy(e => e.Id).LastAsync());
        Assert.Equal(LedgerKind.TopUp, entry.Kind);
        Assert.Equal(150.50m, entry.Amount);
        var audit = await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "top up").OrderBy(e => e.Id).LastAsync());
        Assert.Equal("admin@posrenewal.test", audit.UserName);
        Assert.Equal("ICBC transfer 0042", audit.Reason);
    }

    [Theory]
    [InlineData("zh-CN", "充值", "余额 ¥{0} → 余额 ¥{1}")]
    [InlineData("en-US", "Topped up", "balance ¥{0} → balance ¥{1}")]
    public async Task Does_say_the_audit_trail_in_the_readers_language_and_keep_the_typed_reason_as_typed(string language, string action, string change)
    {
        var (browser, page, agentId) = await AdminOnAgentsAsync();
        using var _ = browser;
        var before = (await AgentAsync(agentId)).Balance;
        await browser.SubmitAsync(page, $"section[data-agent='{agentId}'] form.topup-form",
            new Dictionary<string, string> { ["Amount"] = "20.00", ["Reason"] = $"transfer for agent {agentId}", ["Confirmed"] = "true" });
        using var reader = portal.NewBrowser(language);
        await AccountTests.SignInAsync(reader, "admin@posrenewal.test", "Demo-admin-1");

        var audit = await reader.GetAsync("/admin/audit");

        var row = audit.Document.QuerySelectorAll("[data-testid=audit] tbody tr").First(r => r.TextContent.Contains($"transfer for agent {agentId}", StringComparison.Ordinal));
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(action, cells[2]);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, change, before.ToWire(), (before + new Money(20m)).ToWire()), cells[4]);
        Assert.Equal("no", row.QuerySelectorAll("td")[5].QuerySelector("bdi")!.GetAttribute("translate"));
        Assert.Empty(row.QuerySelectorAll("[lang]"));
    }

    [Theory]
    [InlineData("-5", "reason", "true", "from ¥0.01")]
    [InlineData("1.005", "reason", "true", "from ¥0.01")]
    [InlineData("abc", "reason", "true", "from ¥0.01")]
    [InlineData("10", "", "true", "Give a reason")]
    [InlineData("10", "reason", "false", "Tick the confirmation")]
    public async Task Does_refuse_a_bad_top_up_with_400_and_change_nothing(string amount, string reason, string confirmed, string message)
    {
        var (browser, page, agentId) = await AdminOnAgentsAsync();
        using var _ = browser;
        var before = (await AgentAsync(agentId)).Balance;

        var response = await browser.SubmitAsync(page, $"section[data-agent='{agentId}'] form.topup-form",
            new Dictionary<string, string> { ["Amount"] = amount, ["Reason"] = reason, ["Confirmed"] = confirmed });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await AgentAsync(agentId)).Balance);
    }

    [Fact]
    public async Task Does_change_the_fee_rule_that_agent_quotes_use()
    {
        var (browser, page, agentId) = await AdminOnAgentsAsync();
        using var _ = browser;

        var response = await browser.SubmitAsync(page, $"section[data-agent='{agentId}'] form.fee-form",
            new Dictionary<string, string> { ["Kind"] = "Flat", ["Value"] = "3.5" });
        var tooMuch = await browser.SubmitAsync(page, $"section[data-agent='{agentId}'] form.fee-form",
            new Dictionary<string, string> { ["Kind"] = "Percent", ["Value"] = "150" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        var agent = await AgentAsync(agentId);
        Assert.Equal(FeeKind.Flat, agent.FeeKind);
        Assert.Equal(new Money(3.50m), agent.FeeFor(new Money(30m)));
        using var agentBrowser = portal.NewBrowser();
        await AccountTests.SignInAsync(agentBrowser, "agent2@posrenewal.test", "Demo-agent-2");
        var confirm = await agentBrowser.GetAsync($"/cards/{Infrastructure.Data.DemoData.UnicomLetterIccid}/renew/CU-1M");
        Assert.Equal("¥14.50", confirm.TestId("total"));
    }

    [Theory]
    [InlineData("agent@posrenewal.test", "Demo-agent-1")]
    [InlineData("support@posrenewal.test", "Demo-support-1")]
    [InlineData("merchant@posrenewal.test", "Demo-merchant-1")]
    public async Task Does_keep_agents_support_and_merchants_out_of_the_admin_area(string email, string password)
    {
        using var user = portal.NewBrowser();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await AccountTests.SignInAsync(user, email, password)).StatusCode);
        foreach (var path in new[] { "/admin/agents", "/admin/users", "/admin/packages", "/admin/orders", "/admin/audit" })
        {
            var response = await user.Http.GetAsync(path);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
    }
}
