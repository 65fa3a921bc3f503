using System.Net;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

public class SupportTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public static async Task<TestBrowser> SupportAsync(PortalFactory portal)
    {
        var browser = portal.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.SignInAsync(browser, "support@posrenewal.test", "Demo-support-1")).StatusCode);
        return browser;
    }

    private static Dictionary<string, string> Confirmed(string reason) => new() { ["Reason"] = reason, ["Confirmed"] = "true" };

    /// <summary>A card with one order paid through the Sandbox gateway (notification applied).</summary>
    private async Task<(Card Card, string OrderNo, string TradeNo)> PaidCardAsync()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var merchant = portal.NewBrowser();
        var (orderNo, tradeNo, payUrl) = await Flow.ConfirmAsync(merchant, card.Iccid, "CM-3M");
        await Flow.ActAtSandboxAsync(merchant, payUrl, "Pay");
        await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);
        return (card, orderNo, tradeNo);
    }

    [Fact]
    public async Task Does_find_a_card_by_any_identifier_a_caller_reads_out()
    {
        var (card, orderNo, tradeNo) = await PaidCardAsync();
        using var support = await SupportAsync(portal);
        var demo = DemoData.DemoIccid(2, 1);

        foreach (var term in new[] { card.Iccid, card.Iccid[^6..], orderNo, tradeNo, orderNo.ToLowerInvariant() })
        {
            var response = await support.Http.GetAsync($"/support?q={Uri.EscapeDataString(term)}");
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{term}: {response.StatusCode}");
            Assert.Equal($"/support/cards/{card.Iccid}", response.Headers.Location!.ToString());
        }

        Assert.Equal($"/support/cards/{demo}", (await support.Http.GetAsync("/support?q=SN-CT-002")).Headers.Location!.ToString());
        Assert.Equal($"/support/cards/{demo}", (await support.Http.GetAsync("/support?q=144021001212")).Headers.Location!.ToString());
        var byMerchant = await support.GetAsync("/support?q=" + Uri.EscapeDataString("好又多"));
        Assert.Equal(5, byMerchant.Document.QuerySelectorAll("[data-testid=results] li").Length);
        Assert.Equal(HttpStatusCode.BadRequest, (await support.GetAsync("/support?q=89")).Status);
    }

    [Fact]
    public async Task Does_show_the_whole_timeline_newest_first()
    {
        var (card, orderNo, tradeNo) = await PaidCardAsync();
        using var support = await SupportAsync(portal);

        var page = await support.GetAsync($"/support/cards/{card.Iccid}");
        var rows = page.Document.QuerySelectorAll("[data-testid=timeline] tbody tr").Select(r => r.TextContent).ToList();

        Assert.Contains(rows, r => r.Contains($"Order {orderNo} placed", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains($"Payment {tradeNo} started via Sandbox", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains($"Notification for {tradeNo}: Applied", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("expiry Mar 10, 2027 → Jun 10, 2027", StringComparison.Ordinal));
        Assert.Contains("placed", rows[^1]);
    }

    [Fact]
    public async Task Does_refund_once_and_roll_the_expiry_back_once_even_when_two_colleagues_click_together()
    {
        var (card, orderNo, tradeNo) = await PaidCardAsync();
        using var first = await SupportAsync(portal);
        using var second = await SupportAsync(portal);
        var page1 = await first.GetAsync($"/support/cards/{card.Iccid}");
        var page2 = await second.GetAsync($"/support/cards/{card.Iccid}");

        var answers = await Task.WhenAll(
            first.SubmitAsync(page1, "form.refund-form", Confirmed("merchant renewed the wrong card")),
            second.SubmitAsync(page2, "form.refund-form", Confirmed("duplicate ticket")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        Assert.Equal(new DateOnly(2027, 3, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        Assert.Equal(OrderStatus.Refunded, (await portal.ReloadOrderAsync(orderNo)).Status);
        var refunds = await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "refund" && e.CardId == card.Id).ToListAsync());
        var refund = Assert.Single(refunds);
        Assert.Equal("support@posrenewal.test", refund.UserName);
        Assert.Equal("Support", refund.Role);
        Assert.Contains("2027-06-10", refund.Before);
        Assert.Contains("2027-03-10", refund.After);
        var sandbox = await portal.WithSimulatorsAsync(db => db.SandboxTrades.SingleAsync(t => t.TradeNo == tradeNo));
        Assert.Equal(Infrastructure.Payments.Sandbox.SandboxTradeMessage.Refunded, sandbox.Status);
        using var merchant = portal.NewBrowser();
        Assert.Contains("Refunded", (await merchant.GetAsync($"/orders/{orderNo}")).TestId("order-status"));
    }

    [Fact]
    public async Task Does_refuse_a_refund_or_suspension_without_a_reason_and_confirmation()
    {
        var (card, orderNo, _) = await PaidCardAsync();
        using var support = await SupportAsync(portal);
        var page = await support.GetAsync($"/support/cards/{card.Iccid}");

        var noConfirm = await support.SubmitAsync(page, "form.refund-form", new Dictionary<string, string> { ["Reason"] = "why not" });
        var noReason = await support.SubmitAsync(page, "form[data-testid=suspend-form]", new Dictionary<string, string> { ["Confirmed"] = "true" });

        Assert.Equal(HttpStatusCode.BadRequest, noConfirm.StatusCode);
        Assert.Contains("I confirm", await noConfirm.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Give a reason", await noReason.Content.ReadAsStringAsync());
        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
        Assert.Equal(CardStatus.Active, (await portal.ReloadCardAsync(card.Id)).Status);
    }

    [Fact]
    public async Task Does_suspend_and_resume_a_card_and_keep_notes_on_its_timeline()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var support = await SupportAsync(portal);
        var page = await support.GetAsync($"/support/cards/{card.Iccid}");

        Assert.Equal(HttpStatusCode.Redirect, (await support.SubmitAsync(page, "form[data-testid=suspend-form]", Confirmed("carrier reported fraud"))).StatusCode);
        Assert.Equal(CardStatus.Suspended, (await portal.ReloadCardAsync(card.Id)).Status);
        page = await support.GetAsync($"/support/cards/{card.Iccid}");
        Assert.Equal(HttpStatusCode.Redirect, (await support.SubmitAsync(page, "form[data-testid=suspend-form]", Confirmed("cleared"))).StatusCode);
        Assert.Equal(CardStatus.Active, (await portal.ReloadCardAsync(card.Id)).Status);
        page = await support.GetAsync($"/support/cards/{card.Iccid}");
        await support.SubmitAsync(page, "form[data-testid=note-form]", new Dictionary<string, string> { ["Text"] = "Merchant called about signal" });

        page = await support.GetAsync($"/support/cards/{card.Iccid}");
        // Support's own entries (the carrier's answers to the suspend and resume are on the timeline too).
        var rows = page.Document.QuerySelectorAll("[data-testid=timeline] tbody tr").Select(r => r.TextContent).Where(r => r.Contains("(Support)")).ToList();
        Assert.Contains("Merchant called about signal", rows[0]);
        Assert.Contains("Resumed the card: Suspended → Active — reason: cleared", rows[1]);
        Assert.Contains("Suspended the card: Active → Suspended — reason: carrier reported fraud", rows[2]);
        Assert.All(rows.Take(3), r => Assert.Contains("support@posrenewal.test (Support)", r));
    }

    [Fact]
    public async Task Does_refund_a_balance_paid_order_back_to_the_agents_balance()
    {
        using var agent = portal.NewBrowser();
        await AccountTests.SignInAsync(agent, "agent@posrenewal.test", "Demo-agent-1");
        var iccid = DemoData.DemoIccid(2, 0);
        var before = (await portal.WithDbAsync(db => db.Cards.AsNoTracking().SingleAsync(c => c.Iccid == iccid))).ExpiryDate;
        var confirm = await agent.GetAsync($"/cards/{iccid}/renew/CT-1M");
        var paid = await agent.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["Gateway"] = "AgentBalance" });
        var orderNo = paid.Headers.Location!.ToString().Split('/')[^1];
        using var support = await SupportAsync(portal);
        var page = await support.GetAsync($"/support/cards/{iccid}");

        var refund = await support.SubmitAsync(page, $"section[data-order='{orderNo}'] form.refund-form", Confirmed("agent asked"));

        Assert.Equal(HttpStatusCode.Redirect, refund.StatusCode);
        Assert.Equal(before, (await portal.WithDbAsync(db => db.Cards.AsNoTracking().SingleAsync(c => c.Iccid == iccid))).ExpiryDate);
        var ledger = await portal.WithDbAsync(db => db.LedgerEntries.Where(e => e.OrderNo == orderNo).OrderBy(e => e.Id).Select(e => e.Amount).ToListAsync());
        Assert.Equal([-13.50m, 13.50m], ledger);
    }

    [Fact]
    public async Task Does_keep_other_roles_out_of_support_and_admin_and_show_admins_the_audit_trail()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var support = await SupportAsync(portal);
        var page = await support.GetAsync($"/support/cards/{card.Iccid}");
        await support.SubmitAsync(page, "form[data-testid=note-form]", new Dictionary<string, string> { ["Text"] = "audit me" });
        using var agent = portal.NewBrowser();
        await AccountTests.SignInAsync(agent, "agent@posrenewal.test", "Demo-agent-1");
        using var admin = portal.NewBrowser();
        await AccountTests.SignInAsync(admin, "admin@posrenewal.test", "Demo-admin-1");

        Assert.StartsWith("/account/denied", (await agent.Http.GetAsync($"/support/cards/{card.Iccid}")).Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.StartsWith("/account/denied", (await support.Http.GetAsync("/admin/audit")).Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var audit = await admin.GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.OK, audit.Status);
        Assert.Contains("audit me", audit.Text);
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync("/support/cards/89860099999999999996")).Status);
    }
}

/// <summary>Support re-queries a payment whose notification never arrived.</summary>
public class SupportRequeryTests(QuietGatewayPortalFactory portal) : IClassFixture<QuietGatewayPortalFactory>
{
    [Fact]
    public async Task Does_complete_an_order_by_re_querying_the_gateway_and_record_who_did_it()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var merchant = portal.NewBrowser();
        var (orderNo, _, payUrl) = await Flow.ConfirmAsync(merchant, card.Iccid, "CM-1M");
        await Flow.ActAtSandboxAsync(merchant, payUrl, "Pay");
        using var support = await SupportTests.SupportAsync(portal);
        var page = await support.GetAsync($"/support/cards/{card.Iccid}");

        var requery = await support.SubmitAsync(page, "form.requery-form");

        Assert.Equal(HttpStatusCode.Redirect, requery.StatusCode);
        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
        var after = await support.GetAsync($"/support/cards/{card.Iccid}");
        // Not necessarily the top row: the payment it completed is stamped in the same instant or just after.
        Assert.Contains(after.Document.QuerySelectorAll("[data-testid=timeline] tbody tr"), r => r.TextContent.Contains("Asked the gateway again: Awaiting payment → Paid, activating", StringComparison.Ordinal));
    }
}
