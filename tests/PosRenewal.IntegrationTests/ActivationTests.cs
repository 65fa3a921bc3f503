using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure.Carriers.Simulated;
using PosRenewal.Infrastructure.Outbox;

namespace PosRenewal.IntegrationTests;

/// <summary>Paid renewals reach the (simulated) carrier exactly once, whatever the carrier does.</summary>
public class ActivationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task SetFaultsAsync(CarrierFaults faults)
    {
        using var browser = portal.NewBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/carrier-sim/faults/ChinaMobile") { Content = JsonContent.Create(faults) };
        request.Headers.Add(SimulatedCarrierPlatform.ApiKeyHeader, "dev-only-carrier-simulator-key");
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.SendAsync(request)).StatusCode);
    }

    /// <summary>Places an order for the card and has the gateway notify its payment (the notification path, not the browser).</summary>
    private async Task<string> PayAsync(Card card, string packageCode, string amount)
    {
        using var browser = portal.NewBrowser();
        var (orderNo, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, packageCode);
        var answer = await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(tradeNo, amount)));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return orderNo;
    }

    private Task<SimCarrierCard?> CarrierCardAsync(string iccid) =>
        portal.WithSimulatorsAsync(db => db.CarrierCards.AsNoTracking().SingleOrDefaultAsync(c => c.Iccid == iccid));

    private Task<int> CarrierRequestsAsync(string orderNo) =>
        portal.WithSimulatorsAsync(db => db.CarrierRequests.CountAsync(r => r.RequestId == orderNo));

    /// <summary>Waits (bounded) until the carrier's books say what <paramref name="done"/> wants.</summary>
    private async Task<SimCarrierCard> WaitForCarrierAsync(string iccid, Func<SimCarrierCard, bool> done)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await CarrierCardAsync(iccid) is { } card && done(card))
            {
                return card;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The carrier never showed the expected state for {iccid}.");
    }

    [Fact]
    public async Task Does_take_a_refunded_renewal_back_off_the_carrier_and_send_supports_suspend_and_resume_there()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var payer = portal.NewBrowser();
        var (orderNo, _, payUrl) = await Flow.ConfirmAsync(payer, card.Iccid, "CM-1M");
        await Flow.ActAtSandboxAsync(payer, payUrl, "Pay");
        await portal.WaitForOrderAsync(orderNo, o => o.Status == OrderStatus.Active);
        Assert.Equal(new DateOnly(2027, 4, 10), (await CarrierCardAsync(card.Iccid))!.Expiry);

        using var support = portal.NewBrowser();
        await AccountTests.SignInAsync(support, "support@posrenewal.test", "Demo-support-1");
        var page = await support.GetAsync($"/support/cards/{card.Iccid}");
        var reason = new Dictionary<string, string> { ["Reason"] = "wrong card", ["Confirmed"] = "true" };
        Assert.Equal(HttpStatusCode.Redirect, (await support.SubmitAsync(page, $"[data-order='{orderNo}'] form.refund-form", reason)).StatusCode);
        Assert.Equal(new DateOnly(2027, 3, 10), (await WaitForCarrierAsync(card.Iccid, c => c.Expiry == new DateOnly(2027, 3, 10))).Expiry);

        page = await support.GetAsync($"/support/cards/{card.Iccid}");
        Assert.Equal(HttpStatusCode.Redirect, (await support.SubmitAsync(page, "form[data-testid=suspend-form]", reason)).StatusCode);
        Assert.Equal("SUSPENDED", (await WaitForCarrierAsync(card.Iccid, c => c.State == "SUSPENDED")).State);

        // Paid while support holds it suspended: renewed, and still suspended, here and on the carrier.
        var second = await PayAsync(card, "CM-1M", "12.00");
        await portal.WaitForOrderAsync(second, o => o.Status == OrderStatus.Active);
        Assert.Equal(CardStatus.Suspended, (await portal.ReloadCardAsync(card.Id)).Status);
        var held = await WaitForCarrierAsync(card.Iccid, c => c.State == "SUSPENDED" && c.Expiry == new DateOnly(2027, 4, 10));
        Assert.Equal(new DateOnly(2027, 4, 10), held.Expiry);

        page = await support.GetAsync($"/support/cards/{card.Iccid}");
        Assert.Equal(HttpStatusCode.Redirect, (await support.SubmitAsync(page, "form[data-testid=suspend-form]", reason)).StatusCode);
        Assert.Equal("ACTIVE", (await WaitForCarrierAsync(card.Iccid, c => c.State == "ACTIVE")).State);

        // Support reads the carrier's answers on the card's timeline (written just after the carrier answered).
        var said = new Dictionary<string, string>();
        for (var i = 0; i < 50 && !said.ContainsKey("carrier.resume"); i++)
        {
            await Task.Delay(100);
            said = (await support.GetAsync($"/support/cards/{card.Iccid}")).Document.QuerySelectorAll("[data-testid=timeline] tr[data-kind^='carrier.']")
                .GroupBy(r => r.GetAttribute("data-kind")!).ToDictionary(g => g.Key, g => g.First().QuerySelectorAll("td")[1].TextContent);
        }

        Assert.StartsWith("Sent the term to the carrier: — → expiry Mar 10, 2027, carrier: Applied — reason: request ", said["carrier.term"]);
        Assert.StartsWith("Asked the carrier to suspend: — → service off", said["carrier.suspend"]);
        Assert.StartsWith("Asked the carrier to resume: — → service on", said["carrier.resume"]);
    }

    [Fact]
    public async Task Does_activate_a_paid_renewal_on_the_carrier_once()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        var orderNo = await PayAsync(card, "CM-1M", "12.00");

        var order = await portal.WaitForOrderAsync(orderNo, o => o.Status == OrderStatus.Active);

        Assert.NotNull(order.ActivatedAtUtc);
        using (var visitor = portal.NewBrowser())
        {
            Assert.Null((await visitor.GetAsync($"/cards/{card.Iccid}")).TestId("activating"));
        }

        Assert.Equal(new DateOnly(2027, 4, 10), (await CarrierCardAsync(card.Iccid))!.Expiry);
        Assert.Equal(1, await CarrierRequestsAsync(orderNo));
        Assert.True(await portal.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Payload == orderNo && m.ProcessedAtUtc != null)));
    }

    [Fact]
    public async Task Does_keep_an_expired_card_suspended_until_its_paid_renewal_is_active_on_the_carrier()
    {
        var today = PosRenewal.Core.Common.ChinaTime.Today(TestClock.Instance);
        var card = await portal.AddCardAsync(today.AddDays(-3), CardStatus.Expired);
        await SetFaultsAsync(new CarrierFaults { FailureRate = 1 });
        string orderNo;
        try
        {
            orderNo = await PayAsync(card, "CM-1M", "12.00");
            await portal.WithDbAsync(async db => await new PosRenewal.Core.Lifecycle.CardLifecycle(db, TestClock.Instance,
                NullLogger<PosRenewal.Core.Lifecycle.CardLifecycle>.Instance).RunAsync(90, default));

            var paid = await portal.ReloadCardAsync(card.Id);
            Assert.True(paid.ExpiryDate > today);
            Assert.Equal(CardStatus.Expired, paid.Status);
            using var visitor = portal.NewBrowser();
            Assert.NotNull((await visitor.GetAsync($"/cards/{card.Iccid}")).TestId("activating"));
        }
        finally
        {
            await SetFaultsAsync(new CarrierFaults());
        }

        await portal.WaitForOrderAsync(orderNo, o => o.Status == OrderStatus.Active);
        Assert.True((await portal.ReloadCardAsync(card.Id)).Status is CardStatus.Active or CardStatus.ExpiringSoon);
    }

    [Fact]
    public async Task Does_activate_every_paid_order_once_when_the_carrier_comes_back_after_an_outage()
    {
        var cards = new List<Card>();
        for (var i = 0; i < 3; i++)
        {
            cards.Add(await portal.AddCardAsync(new DateOnly(2027, 3, 10)));
        }

        await SetFaultsAsync(new CarrierFaults { FailureRate = 1 });
        var orders = new List<string>();
        foreach (var card in cards)
        {
            orders.Add(await PayAsync(card, "CM-1M", "12.00"));
        }

        // The carrier stays down until every activation has failed at least once, then recovers.
        for (var i = 0; i < 100 && !await portal.WithDbAsync(db => db.Outbox.Where(m => orders.Contains(m.Payload)).AllAsync(m => m.Attempts >= 1)); i++)
        {
            await Task.Delay(50);
        }

        await SetFaultsAsync(new CarrierFaults());
        foreach (var orderNo in orders)
        {
            await portal.WaitForOrderAsync(orderNo, o => o.Status == OrderStatus.Active);
            Assert.Equal(1, await CarrierRequestsAsync(orderNo));
        }

        Assert.True(await portal.WithDbAsync(db => db.Outbox.Where(m => orders.Contains(m.Payload)).AllAsync(m => m.Attempts >= 1)));
        foreach (var card in cards)
        {
            Assert.Equal(new DateOnly(2027, 4, 10), (await CarrierCardAsync(card.Iccid))!.Expiry);
        }
    }

    [Fact]
    public async Task Does_leave_the_carrier_with_both_terms_when_two_renewals_of_one_card_activate_with_duplicates_accepted()
    {
        await SetFaultsAsync(new CarrierFaults { DuplicateAcceptance = true });
        try
        {
            var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
            var monthly = await PayAsync(card, "CM-1M", "12.00");
            var quarterly = await PayAsync(card, "CM-3M", "33.00");

            await portal.WaitForOrderAsync(monthly, o => o.Status == OrderStatus.Active);
            await portal.WaitForOrderAsync(quarterly, o => o.Status == OrderStatus.Active);

            Assert.Equal(new DateOnly(2027, 7, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
            Assert.Equal(new DateOnly(2027, 7, 10), (await CarrierCardAsync(card.Iccid))!.Expiry);
        }
        finally
        {
            await SetFaultsAsync(new CarrierFaults());
        }
    }

    [Fact]
    public async Task Does_give_up_after_the_retry_budget_flag_the_order_and_let_support_retry()
    {
        await SetFaultsAsync(new CarrierFaults { DownUntil = TestClock.Instance.GetUtcNow().AddMinutes(5) });
        try
        {
            var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
            var orderNo = await PayAsync(card, "CM-1M", "12.00");

            var order = await portal.WaitForOrderAsync(orderNo, o => o.Status == OrderStatus.ActivationFailed);

            Assert.Contains("carrier activation failed", order.Attention);
            using (var visitor = portal.NewBrowser())
            {
                Assert.Contains("Renewal paid, activating", (await visitor.GetAsync($"/cards/{card.Iccid}")).TestId("activating"));
            }

            Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
            var message = await portal.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Payload == orderNo));
            Assert.Equal(4, message.Attempts);
            Assert.NotNull(message.ProcessedAtUtc);
            using var browser = portal.NewBrowser();
            Assert.Contains("we keep trying", (await browser.GetAsync($"/orders/{orderNo}")).TestId("order-status"));

            // Support sees it, the carrier recovers, support retries: the renewal becomes active.
            await SetFaultsAsync(new CarrierFaults());
            using var support = await SupportTests.SupportAsync(portal);
            Assert.Contains(orderNo, (await support.GetAsync("/support")).Document.QuerySelector("[data-testid=attention]")!.TextContent);
            var cardPage = await support.GetAsync($"/support/cards/{card.Iccid}");
            Assert.Equal(HttpStatusCode.Redirect, (await support.SubmitAsync(cardPage, "form.retry-form")).StatusCode);
            await portal.WaitForOrderAsync(orderNo, o => o.Status == OrderStatus.Active);
            Assert.Equal(new DateOnly(2027, 4, 10), (await CarrierCardAsync(card.Iccid))!.Expiry);
        }
        finally
        {
            await SetFaultsAsync(new CarrierFaults());
        }
    }

    [Fact]
    public async Task Does_never_process_a_message_twice_when_several_dispatchers_race()
    {
        // Hold the hosted dispatcher back with a slow carrier, queue messages, then race three dispatchers over them.
        await SetFaultsAsync(new CarrierFaults { DuplicateAcceptance = true, LatencyMs = 50 });
        try
        {
            var orders = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                orders.Add(await PayAsync(await portal.AddCardAsync(new DateOnly(2027, 3, 10)), "CM-1M", "12.00"));
            }

            var scopes = portal.Services.GetRequiredService<IServiceScopeFactory>();
            var options = portal.Services.GetRequiredService<IOptions<OutboxOptions>>();
            var racers = Enumerable.Range(0, 3)
                .Select(_ => new OutboxDispatcher(scopes, options, TestClock.Instance, NullLogger<OutboxDispatcher>.Instance))
                .ToList();
            await Task.WhenAll(racers.Select(r => r.DispatchDueAsync(CancellationToken.None)));

            foreach (var orderNo in orders)
            {
                await portal.WaitForOrderAsync(orderNo, o => o.Status == OrderStatus.Active);
                Assert.Equal(1, await CarrierRequestsAsync(orderNo));
            }
        }
        finally
        {
            await SetFaultsAsync(new CarrierFaults());
        }
    }
}
