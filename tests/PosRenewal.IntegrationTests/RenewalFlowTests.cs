using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;

namespace PosRenewal.IntegrationTests;

public class RenewalFlowTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly System.Globalization.CultureInfo English = System.Globalization.CultureInfo.GetCultureInfo("en-US");

    private static DateOnly Today => ChinaTime.Today(TestClock.Instance);

    [Fact]
    public async Task Does_renew_the_card_end_to_end_when_the_merchant_pays()
    {
        var card = await portal.AddCardAsync(new DateOnly(2026, 12, 5));
        using var browser = portal.NewBrowser();

        var lookup = await browser.Http.GetAsync($"/?iccid={card.Iccid[..4]}-{card.Iccid[4..]}");
        Assert.Equal(HttpStatusCode.Redirect, lookup.StatusCode);
        var cardPage = await browser.GetAsync(lookup.Headers.Location!.ToString());
        var expected = new DateOnly(2027, 3, 5);
        Assert.Contains(expected.ToString("MMM d, yyyy", English), cardPage.Text);

        var confirm = await browser.GetAsync(cardPage.Document.QuerySelector($"a[href$='/renew/CM-3M']")!.GetAttribute("href")!);
        Assert.Equal("¥33.00", confirm.TestId("total"));
        Assert.Equal(expected.ToString("MMM d, yyyy", English), confirm.TestId("new-expiry"));
        var (orderNo, _, payUrl) = await Flow.SubmitConfirmationAsync(browser, confirm);

        var waiting = await browser.GetAsync($"/orders/{orderNo}");
        Assert.Contains("Waiting for payment", waiting.TestId("order-status"));

        var returnUrl = await Flow.ActAtSandboxAsync(browser, payUrl, "Pay");
        Assert.Equal($"/orders/{orderNo}", returnUrl.AbsolutePath);
        var order = await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);

        Assert.Equal(card.ExpiryDate, order.PreviousExpiry);
        Assert.Equal(expected, order.NewExpiry);
        Assert.Equal(expected, (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        var receipt = await browser.GetAsync(returnUrl.ToString());
        Assert.Equal(HttpStatusCode.OK, receipt.Status);
        Assert.Equal(expected.ToString("MMM d, yyyy", English), receipt.TestId("receipt-new-expiry"));
        Assert.Equal("¥33.00", receipt.TestId("receipt-total"));
        Assert.Contains("Paid", receipt.TestId("order-status"));
        Assert.Contains(card.ExpiryDate.ToString("MMM d, yyyy", English), receipt.Text);
    }

    [Fact]
    public async Task Does_create_one_order_when_the_confirmation_is_submitted_twice()
    {
        var card = await portal.AddCardAsync(Today.AddDays(10));
        using var browser = portal.NewBrowser();
        var confirm = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M");

        // A double click: the same form, twice at once; then a refresh that re-posts it.
        var twice = await Task.WhenAll(
            Flow.SubmitConfirmationAsync(browser, confirm),
            Flow.SubmitConfirmationAsync(browser, confirm));
        var refresh = await Flow.SubmitConfirmationAsync(browser, confirm);

        Assert.Equal(twice[0].OrderNo, twice[1].OrderNo);
        Assert.Equal(twice[0].OrderNo, refresh.OrderNo);
        Assert.Equal(1, await CountOrdersAsync(card.Id));
        var order = await portal.ReloadOrderAsync(refresh.OrderNo);
        Assert.Single(order.Attempts);
    }

    [Fact]
    public async Task Does_wait_for_a_twin_requests_payment_link_instead_of_opening_a_second_attempt()
    {
        // A double click where the twin came first: it has opened attempt P01 and is still asking the gateway for its link.
        var card = await portal.AddCardAsync(Today.AddDays(10));
        var orderNo = await portal.WithScopeAsync(async services =>
        {
            var renewals = services.GetRequiredService<IRenewalService>();
            var iccid = Iccid.Parse(card.Iccid);
            var quote = await renewals.QuoteAsync(iccid, "CM-1M", null, null, default);
            var order = (await renewals.PlaceOrderAsync(iccid, "CM-1M", Guid.NewGuid().ToString("N"), null, null, null, quote.Value!.Total, default)).Value!;
            order.AddAttempt("Sandbox", PaymentMode.HostedPage, TestClock.Instance.GetUtcNow().UtcDateTime);
            await services.GetRequiredService<IPosRenewalDb>().SaveChangesAsync(default);
            return order.OrderNo;
        });

        var started = portal.WithScopeAsync(services => services.GetRequiredService<IPaymentService>().StartAsync(orderNo, "Sandbox",
            new Payer(false, "127.0.0.1"), _ => new PaymentUrls(new Uri("http://localhost/back"), new Uri("http://localhost/notify")), default));
        await Task.Delay(300);
        Assert.False(started.IsCompleted);
        await portal.WithDbAsync(db => db.PaymentAttempts.Where(a => a.TradeNo == orderNo + "P01")
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.RedirectUrl, "http://localhost/sandbox/pay/twin")));

        var attempt = (await started).Value!;
        Assert.Equal((orderNo + "P01", "http://localhost/sandbox/pay/twin"), (attempt.TradeNo, attempt.RedirectUrl));
        Assert.Single((await portal.ReloadOrderAsync(orderNo)).Attempts);
    }

    [Fact]
    public async Task Does_create_one_order_when_two_tabs_confirm_the_same_renewal()
    {
        var card = await portal.AddCardAsync(Today.AddDays(10));
        using var browser = portal.NewBrowser();
        var tab1 = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M");
        var tab2 = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M");

        var first = await Flow.SubmitConfirmationAsync(browser, tab1);
        var second = await Flow.SubmitConfirmationAsync(browser, tab2);

        Assert.Equal(first.OrderNo, second.OrderNo);
        Assert.Equal(1, await CountOrdersAsync(card.Id));
    }

    [Fact]
    public async Task Does_leave_the_card_untouched_when_the_payment_is_declined()
    {
        var card = await portal.AddCardAsync(Today.AddDays(-3), CardStatus.Suspended);
        using var browser = portal.NewBrowser();
        var (orderNo, _, payUrl) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");

        await Flow.ActAtSandboxAsync(browser, payUrl, "Decline");
        var order = await portal.WaitForOrderAsync(orderNo, o => o.Attempts.Single().Status == PaymentAttemptStatus.Failed);

        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
        var after = await portal.ReloadCardAsync(card.Id);
        Assert.Equal(card.ExpiryDate, after.ExpiryDate);
        Assert.Equal(CardStatus.Suspended, after.Status);
        var page = await browser.GetAsync($"/orders/{orderNo}");
        Assert.Contains("Payment not completed", page.TestId("order-status"));

        // Paying again opens a second attempt with its own trade number; that one succeeds.
        var retry = await browser.SubmitAsync(page, "form[action*='handler=Pay']");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Contains($"{orderNo}P02", retry.Headers.Location!.Query);
        await Flow.ActAtSandboxAsync(browser, retry.Headers.Location!, "Pay");
        order = await portal.WaitForOrderAsync(orderNo, o => o.Status == OrderStatus.Active);
        Assert.True((await portal.ReloadCardAsync(card.Id)).Status is CardStatus.Active or CardStatus.ExpiringSoon);
        var resumed = await portal.WithDbAsync(db => db.AuditEntries.Where(a => a.CardId == card.Id && a.Action == "card.resumed").ToListAsync());
        Assert.Equal("{\"cardState\":\"Suspended\"}", Assert.Single(resumed).Before);
    }

    [Fact]
    public async Task Does_extend_the_card_once_when_a_notification_is_replayed()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        var body = PortalFactory.PaidBody(tradeNo, "12.00");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await browser.Http.SendAsync(PortalFactory.SandboxNotification(body)));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        foreach (var a in answers)
        {
            Assert.Equal("success", await a.Content.ReadAsStringAsync());
        }
        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        var outcomes = await NotificationOutcomesAsync(tradeNo);
        Assert.Equal([NotificationOutcome.Applied, NotificationOutcome.Duplicate, NotificationOutcome.Duplicate], outcomes);
        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
    }

    [Fact]
    public async Task Does_refuse_a_tampered_notification_and_change_nothing()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        var signedFor = PortalFactory.PaidBody(tradeNo, "12.00");
        var tampered = PortalFactory.SandboxNotification(signedFor.Replace("12.00", "0.01", StringComparison.Ordinal));
        tampered.Headers.Remove("X-Sandbox-Signature");
        tampered.Headers.Add("X-Sandbox-Signature", PortalFactory.SandboxNotification(signedFor).Headers.GetValues("X-Sandbox-Signature").Single());

        var answer = await browser.Http.SendAsync(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal(card.ExpiryDate, (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        Assert.Equal(OrderStatus.AwaitingPayment, (await portal.ReloadOrderAsync(orderNo)).Status);
        var invalid = await portal.WithDbAsync(db => db.PaymentNotifications.Where(n => n.Outcome == NotificationOutcome.Invalid).ToListAsync());
        Assert.Contains(invalid, n => n.RawBody.Contains(tradeNo, StringComparison.Ordinal) && n.Reason == "bad signature");
    }

    [Fact]
    public async Task Does_refuse_a_stale_notification_outside_the_replay_window()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");

        var answer = await browser.Http.SendAsync(
            PortalFactory.SandboxNotification(PortalFactory.PaidBody(tradeNo, "12.00"), TestClock.Instance.GetUtcNow().AddMinutes(-10)));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("replay window", await answer.Content.ReadAsStringAsync());
        Assert.Equal(OrderStatus.AwaitingPayment, (await portal.ReloadOrderAsync(orderNo)).Status);
    }

    [Fact]
    public async Task Does_refuse_and_flag_a_notification_with_the_wrong_amount()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");

        var answer = await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(tradeNo, "1.20")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
        Assert.Contains("amount 1.20", order.Attention);
        Assert.Equal(PaymentAttemptStatus.Pending, order.Attempts.Single().Status);
        Assert.Equal(card.ExpiryDate, (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        Assert.Equal([NotificationOutcome.Refused], await NotificationOutcomesAsync(tradeNo));
    }

    [Theory]
    [InlineData("USD", PortalFactory.SandboxMerchantId, "currency 'USD'")]
    [InlineData("CNY", "SOMEONE-ELSES-SHOP", "merchant 'SOMEONE-ELSES-SHOP'")]
    [InlineData("CNY", "", "merchant ''")]
    public async Task Does_refuse_and_flag_a_signed_notification_in_another_currency_or_for_another_merchant(string currency, string merchant, string reason)
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");

        var answer = await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(tradeNo, "12.00", currency: currency, merchantId: merchant)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
        Assert.Contains(reason, order.Attention);
        Assert.Equal(PaymentAttemptStatus.Pending, order.Attempts.Single().Status);
        Assert.Equal(new DateOnly(2027, 3, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
    }

    [Fact]
    public async Task Does_refuse_a_notification_for_an_unknown_attempt()
    {
        using var browser = portal.NewBrowser();
        var answer = await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody("R991231ZZZZZZZZP01", "12.00")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains("unknown trade number", await answer.Content.ReadAsStringAsync());
        Assert.Equal([NotificationOutcome.Refused], await NotificationOutcomesAsync("R991231ZZZZZZZZP01"));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"trade_no\":\"X\",\"status\":\"PAID\",\"amount\":\"abc\"}")]
    [InlineData("{\"trade_no\":\"X\",\"status\":\"MAYBE\",\"amount\":\"1.00\"}")]
    public async Task Does_refuse_a_correctly_signed_but_malformed_notification(string body)
    {
        using var browser = portal.NewBrowser();
        var answer = await browser.Http.SendAsync(PortalFactory.SandboxNotification(body));
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("malformed", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Does_count_both_when_two_paid_renewals_of_one_card_are_notified_at_once()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var merchant = portal.NewBrowser();
        using var agent = portal.NewBrowser();
        var monthly = await Flow.ConfirmAsync(merchant, card.Iccid, "CM-1M");
        var quarterly = await Flow.ConfirmAsync(agent, card.Iccid, "CM-3M");

        // Both payments land together, each notified three times (gateways retry and duplicate).
        var sends = Enumerable.Range(0, 3).SelectMany(_ => new[]
        {
            merchant.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(monthly.TradeNo, "12.00"))),
            agent.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(quarterly.TradeNo, "33.00"))),
        });
        var answers = await Task.WhenAll(sends);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(new DateOnly(2027, 7, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        var orders = new[] { await portal.ReloadOrderAsync(monthly.OrderNo), await portal.ReloadOrderAsync(quarterly.OrderNo) };
        Assert.All(orders, o => Assert.True(o.IsPaid));
        // The two orders' before/after expiries chain: one started where the other ended.
        Assert.Contains(orders, o => o.PreviousExpiry == new DateOnly(2027, 3, 10));
        Assert.Contains(orders, o => o.NewExpiry == new DateOnly(2027, 7, 10));
    }

    [Fact]
    public async Task Does_flag_a_second_payment_of_a_paid_order_without_extending_again()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        var attempt2 = await portal.WithDbAsync(async db =>
        {
            var order = await db.Orders.Include(o => o.Attempts).SingleAsync(o => o.OrderNo == orderNo);
            var a = order.AddAttempt("Sandbox", PaymentMode.HostedPage, TestClock.UtcNow);
            await db.SaveChangesAsync();
            return a.TradeNo;
        });

        await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(tradeNo, "12.00")));
        var second = await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(attempt2, "12.00")));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        var paid = await portal.ReloadOrderAsync(orderNo);
        Assert.Contains("already paid; refund it", paid.Attention);
        Assert.All(paid.Attempts, a => Assert.Equal(PaymentAttemptStatus.Succeeded, a.Status));
    }

    [Fact]
    public async Task Does_ignore_a_failure_that_arrives_after_the_payment()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        var failed = new Infrastructure.Payments.Sandbox.SandboxTradeMessage(tradeNo, "SBXLATE", "FAILED", "12.00", null, "timeout", "CNY", PortalFactory.SandboxMerchantId).ToJson();

        await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(tradeNo, "12.00")));
        var late = await browser.Http.SendAsync(PortalFactory.SandboxNotification(failed));

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.True(order.IsPaid);
        Assert.Equal(PaymentAttemptStatus.Succeeded, order.Attempts.Single().Status);
        Assert.Equal([NotificationOutcome.Applied, NotificationOutcome.Duplicate], await NotificationOutcomesAsync(tradeNo));
    }

    [Fact]
    public async Task Does_honour_a_payment_that_arrives_after_a_failure_for_the_same_attempt()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        var failed = new Infrastructure.Payments.Sandbox.SandboxTradeMessage(tradeNo, null, "FAILED", "12.00", null, "timeout").ToJson();

        await browser.Http.SendAsync(PortalFactory.SandboxNotification(failed));
        await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(tradeNo, "12.00")));

        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
    }

    [Fact]
    public async Task Does_refuse_an_oversized_notification_without_reading_it()
    {
        using var browser = portal.NewBrowser();
        var answer = await browser.Http.SendAsync(PortalFactory.SandboxNotification(new string('x', 70_000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
    }

    private Task<int> CountOrdersAsync(long cardId) => portal.WithDbAsync(db => db.Orders.CountAsync(o => o.CardId == cardId));

    private Task<List<NotificationOutcome>> NotificationOutcomesAsync(string tradeNo) =>
        portal.WithDbAsync(db => db.PaymentNotifications.Where(n => n.TradeNo == tradeNo).OrderBy(n => n.Id).Select(n => n.Outcome).ToListAsync());
}
