using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Accounts;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure.Data;
using PosRenewal.Infrastructure.Identity;
using PosRenewal.Web.Pages;
using PosRenewal.Web.Pages.Agent;

namespace PosRenewal.IntegrationTests;

public class AgentTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string AgentEmail = "agent@posrenewal.test";
    private const string AgentPassword = "Demo-agent-1";
    private static readonly string ServedMobile = DemoData.DemoIccid(0, 0);

    private async Task<TestBrowser> SignedInAsync(string email, string password)
    {
        var browser = portal.NewBrowser();
        var response = await AccountTests.SignInAsync(browser, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    [Fact]
    public async Task Does_list_only_the_cards_of_merchants_the_agent_serves()
    {
        using var agent = await SignedInAsync(AgentEmail, AgentPassword);
        var page = await agent.GetAsync("/agent");
        var iccids = page.Document.QuerySelectorAll("[data-testid=cards] li").Select(li => li.GetAttribute("data-iccid")!).ToList();

        Assert.Equal(10, iccids.Count);
        Assert.All(iccids, i => Assert.True(i.StartsWith("898600", StringComparison.Ordinal) || i.StartsWith("898603", StringComparison.Ordinal), i));
        Assert.DoesNotContain(DemoData.UnicomLetterIccid, iccids);
        Assert.Equal("¥200.00", page.TestId("balance"));
    }

    [Fact]
    public async Task Does_list_the_most_urgent_cards_first_and_those_with_nothing_to_do_last()
    {
        using var agent = await SignedInAsync(AgentEmail, AgentPassword);
        var page = await agent.GetAsync("/agent");
        var iccids = page.Document.QuerySelectorAll("[data-testid=cards] li").Select(li => li.GetAttribute("data-iccid")!).ToList();

        // Demo cards 0..4 of each merchant: active, expiring soon, expired, suspended, deactivated. Suspended (out of
        // service) first, then expired, expiring, active; deactivated (cannot be renewed online) last.
        int[] states = [3, 3, 2, 2, 1, 1, 0, 0, 4, 4];
        int[] carriers = [0, 2, 0, 2, 0, 2, 0, 2, 0, 2];
        Assert.Equal(states.Select((s, i) => DemoData.DemoIccid(carriers[i], s)), iccids);
    }

    [Theory]
    [InlineData("?status=Expired", 2)]
    [InlineData("?status=Deactivated", 2)]
    [InlineData("?within=10", 8)]
    [InlineData("?q=SN-CT-001", 1)]
    [InlineData("?q=13800138000", 5)]
    [InlineData("?q=好又多", 5)]
    [InlineData("?q=0012345676", 1)]
    [InlineData("?q=8986%200325", 5)]
    [InlineData("?status=Active&within=400&q=张记", 1)]
    public async Task Does_filter_by_status_expiry_window_and_search(string query, int expected)
    {
        using var agent = await SignedInAsync(AgentEmail, AgentPassword);
        var page = await agent.GetAsync("/agent" + query);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(expected, page.Document.QuerySelectorAll("[data-testid=cards] li").Length);
    }

    [Theory]
    [InlineData("?within=abc", "number of days")]
    [InlineData("?within=-3", "number of days")]
    [InlineData("?status=Sleeping", "status from the list")]
    public async Task Does_answer_400_with_a_message_for_a_bad_filter(string query, string message)
    {
        using var agent = await SignedInAsync(AgentEmail, AgentPassword);
        var page = await agent.GetAsync("/agent" + query);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains(message, page.Text);
    }

    [Fact]
    public async Task Does_add_the_agents_fee_as_its_own_line_and_record_the_agent_on_the_order()
    {
        var (agentId, browser, card) = await NewAgentWithCardAsync(FeeKind.Percent, 5m, balance: 0m);
        using var _ = browser;
        var confirm = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-3M");

        Assert.Contains("Service fee", confirm.Text);
        Assert.Equal("¥34.65", confirm.TestId("total"));
        var toGateway = await browser.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["Gateway"] = "Sandbox" });
        Assert.StartsWith("/sandbox/pay", toGateway.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var orderNo = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(toGateway.Headers.Location.Query)["trade_no"].ToString()[..15];

        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.Equal(agentId, order.AgentId);
        Assert.Equal(new Money(1.65m), order.AgentFee);
        Assert.Equal(new Money(34.65m), order.Total);
    }

    [Fact]
    public async Task Does_pay_from_the_balance_and_renew_at_once()
    {
        var (agentId, browser, card) = await NewAgentWithCardAsync(FeeKind.Flat, 2m, balance: 50m);
        using var _ = browser;
        var confirm = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M");

        var response = await browser.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["Gateway"] = "AgentBalance" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await browser.GetAsync(response.Headers.Location!.ToString());
        Assert.Contains("Paid", page.TestId("order-status"));
        Assert.Contains("Service fee", page.Text);
        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        var (balance, ledger) = await BalanceAsync(agentId);
        Assert.Equal(new Money(36m), balance);
        Assert.Equal([50m, -14m], ledger);
        var audit = await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.CardId == card.Id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["place order", "pay from balance"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("Agent", e.Role));
        Assert.Equal("{\"balance\":\"50.00\",\"expiry\":\"2027-03-10\"}", audit[1].Before);
        Assert.Equal("{\"balance\":\"36.00\",\"expiry\":\"2027-04-10\"}", audit[1].After);
    }

    [Fact]
    public async Task Does_refuse_a_balance_payment_the_balance_cannot_cover_and_change_nothing()
    {
        var (agentId, browser, card) = await NewAgentWithCardAsync(FeeKind.Flat, 2m, balance: 10m);
        using var _ = browser;
        var confirm = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M");

        var response = await browser.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["Gateway"] = "AgentBalance" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("does not cover", await response.Content.ReadAsStringAsync());
        Assert.Equal(card.ExpiryDate, (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        Assert.Equal(new Money(10m), (await BalanceAsync(agentId)).Balance);
    }

    [Fact]
    public async Task Does_never_take_the_balance_below_zero_under_concurrent_renewals()
    {
        // ¥30 covers two ¥12 renewals, not five.
        var (agentId, browser, first) = await NewAgentWithCardAsync(FeeKind.Flat, 0m, balance: 30m);
        using var _ = browser;
        var cards = new List<Card> { first };
        for (var i = 0; i < 4; i++)
        {
            cards.Add(await AddCardForAgentAsync(agentId));
        }

        var pages = new List<TestBrowser.Page>();
        foreach (var card in cards)
        {
            pages.Add(await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M"));
        }

        var answers = await Task.WhenAll(pages.Select(p =>
            browser.SubmitAsync(p, "form.confirm", new Dictionary<string, string> { ["Gateway"] = "AgentBalance" })));

        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var (balance, ledger) = await BalanceAsync(agentId);
        Assert.Equal(new Money(6m), balance);
        Assert.Equal(6m, ledger.Sum());
        var paid = await portal.WithDbAsync(db => db.Orders.CountAsync(o => o.AgentId == agentId && o.Status != OrderStatus.AwaitingPayment));
        Assert.Equal(2, paid);
    }

    [Fact]
    public async Task Does_prepare_an_order_with_a_pay_link_the_merchant_can_pay()
    {
        var (_, browser, card) = await NewAgentWithCardAsync(FeeKind.Flat, 2m, balance: 0m);
        using var _ = browser;
        var confirm = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M");
        var response = await browser.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["Gateway"] = "PayLink" });
        var agentOrder = await browser.GetAsync(response.Headers.Location!.ToString());
        var link = new Uri(agentOrder.Document.QuerySelector("[data-testid=pay-link]")!.GetAttribute("value")!);

        using var merchant = portal.NewBrowser();
        var orderPage = await merchant.GetAsync(link.PathAndQuery);
        Assert.Contains("Waiting for payment", orderPage.TestId("order-status"));
        var pay = await merchant.SubmitAsync(orderPage, "form[action*='handler=Pay']");
        await Flow.ActAtSandboxAsync(merchant, pay.Headers.Location!, "Pay");

        var orderNo = link.AbsolutePath.Split('/')[^1];
        var order = await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);
        Assert.Equal(new Money(14m), order.Total);
    }

    [Fact]
    public async Task Does_answer_404_when_an_agent_guesses_another_agents_card_or_order()
    {
        using var own = await SignedInAsync(AgentEmail, AgentPassword);
        var confirm = await own.GetAsync($"/cards/{ServedMobile}/renew/CM-1M");
        var response = await own.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["Gateway"] = "PayLink" });
        var orderNo = response.Headers.Location!.ToString().Split('/')[^1];
        using var other = await SignedInAsync("agent2@posrenewal.test", "Demo-agent-2");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/cards/{ServedMobile}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/cards/{ServedMobile}/renew/CM-1M")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/agent/orders/{orderNo}")).Status);
        Assert.DoesNotContain(orderNo, (await other.GetAsync("/agent/orders")).Text);
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync($"/agent/orders/{orderNo}")).Status);
    }

    [Fact]
    public async Task Does_keep_merchants_and_anonymous_visitors_out_of_the_agent_area()
    {
        using var merchant = portal.NewBrowser();
        await AccountTests.SignInAsync(merchant, "merchant@posrenewal.test", "Demo-merchant-1");
        using var anonymous = portal.NewBrowser();

        var asMerchant = await merchant.Http.GetAsync("/agent");
        var asAnonymous = await anonymous.Http.GetAsync("/agent/orders?handler=Csv");

        Assert.Equal(HttpStatusCode.Redirect, asMerchant.StatusCode);
        Assert.StartsWith("/account/denied", asMerchant.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.StartsWith("/account/login", asAnonymous.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_export_the_agents_orders_with_fees_as_csv()
    {
        var (_, browser, card) = await NewAgentWithCardAsync(FeeKind.Flat, 2m, balance: 100m, merchantName: "=HYPERLINK(\"x\")");
        using var _ = browser;
        var confirm = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M");
        await browser.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["Gateway"] = "AgentBalance" });

        var response = await browser.Http.GetAsync("/agent/orders?handler=Csv");
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("order_no,", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Count);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", lines[1]);
        Assert.Matches(",12.00,0.00,2.00,14.00,\"(Paid|Activating|Active)\",", lines[1]);
        Assert.EndsWith(",\"AgentBalance\",\"\"", lines[1]);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("-1+1", "\"'-1+1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData(null, "\"\"")]
    public void Does_quote_csv_cells_and_defuse_formulas(string? value, string expected) =>
        Assert.Equal(expected, OrderCsv.Cell(value));

    /// <summary>A fresh agent (fee, balance), one merchant it serves with one China Mobile card valid to 2027-03-10, and a signed-in browser.</summary>
    private async Task<(long AgentId, TestBrowser Browser, Card Card)> NewAgentWithCardAsync(FeeKind kind, decimal fee, decimal balance, string merchantName = "Test shop")
    {
        var email = $"a{Guid.NewGuid():N}@posrenewal.test";
        const string password = "Agent-password-1";
        long agentId;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>();
            var agent = new Agent("Test agent", kind, fee);
            if (balance > 0)
            {
                db.LedgerEntries.Add(agent.TopUp(new Money(balance), "test", TestClock.UtcNow));
            }

            db.Agents.Add(agent);
            await db.SaveChangesAsync();
            agentId = agent.Id;
            db.Merchants.Add(new Merchant(merchantName, null, agentId));
            await db.SaveChangesAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, AgentId = agentId };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Agent)).Succeeded);
        }

        var card = await AddCardForAgentAsync(agentId);
        return (agentId, await SignedInAsync(email, password), card);
    }

    private async Task<Card> AddCardForAgentAsync(long agentId)
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        await portal.WithDbAsync(async db =>
        {
            var merchant = await db.Merchants.FirstAsync(m => m.AgentId == agentId);
            var tracked = await db.Cards.SingleAsync(c => c.Id == card.Id);
            tracked.AssignTerminal(merchant, null, null, 0);
            return await db.SaveChangesAsync();
        });
        return card;
    }

    private Task<(Money Balance, List<decimal> Ledger)> BalanceAsync(long agentId) =>
        portal.WithDbAsync(async db => (
            (await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agentId)).Balance,
            await db.LedgerEntries.Where(e => e.AgentId == agentId).OrderBy(e => e.Id).Select(e => e.Amount).ToListAsync()));
}
