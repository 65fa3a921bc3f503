using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;

namespace PosRenewal.IntegrationTests;

/// <summary>The gateway's notification never arrives: the browser's return proves nothing, a query to the gateway does.</summary>
public class ReconciliationTests(QuietGatewayPortalFactory portal) : IClassFixture<QuietGatewayPortalFactory>
{
    [Fact]
    public async Task Does_not_trust_the_browser_return_but_completes_the_order_from_a_gateway_query()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, _, payUrl) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        var returnUrl = await Flow.ActAtSandboxAsync(browser, payUrl, "Pay");

        var back = await browser.GetAsync(returnUrl.ToString());
        Assert.Contains("Waiting for payment confirmation", back.TestId("order-status"));
        Assert.NotNull(back.Document.QuerySelector("[data-poll-state]"));
        Assert.Equal(OrderStatus.AwaitingPayment, (await portal.ReloadOrderAsync(orderNo)).Status);
        Assert.Equal(card.ExpiryDate, (await portal.ReloadCardAsync(card.Id)).ExpiryDate);

        var check = await browser.SubmitAsync(back, "form[action*='handler=Check']");
        Assert.Equal(HttpStatusCode.Redirect, check.StatusCode);

        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.True(order.IsPaid);
        Assert.Equal(PaymentAttemptStatus.Succeeded, order.Attempts.Single().Status);
        Assert.StartsWith("SBX", order.Attempts.Single().GatewayTransactionId);
        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);

        // Checking again (or a late notification) changes nothing.
        var again = await browser.GetAsync($"/orders/{orderNo}");
        Assert.Null(again.Document.QuerySelector("form[action*='handler=Check']"));
        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
    }

    [Fact]
    public async Task Does_find_every_due_pending_attempt_behind_thousands_of_settled_and_still_open_ones()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, _, payUrl) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        await Flow.ActAtSandboxAsync(browser, payUrl, "Pay");
        var orderId = (await portal.ReloadOrderAsync(orderNo)).Id;
        // 3,000 settled attempts, and 150 the gateway still calls open, all older than the paid one whose notification was lost.
        await portal.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3150)
            INSERT INTO PaymentAttempts (OrderId, Gateway, Mode, TradeNo, Amount, Status, CreatedAtUtc, Version)
            SELECT {0}, 'Sandbox', 'HostedPage', 'RVOLUME' || printf('%07d', i), '12.00',
                   CASE WHEN i <= 3000 THEN 'Succeeded' ELSE 'Pending' END, '2026-01-01 00:00:00', 0 FROM n
            """, orderId));

        // Other tests of this class may leave open attempts of their own: every pending one is due here.
        var pending = await portal.WithDbAsync(db => db.PaymentAttempts.CountAsync(a => a.Status == PaymentAttemptStatus.Pending));
        using var scope = portal.Services.CreateScope();
        var queried = await scope.ServiceProvider.GetRequiredService<IPaymentService>()
            .ReconcileAsync(TimeSpan.Zero, TimeSpan.FromDays(3650), CancellationToken.None);

        Assert.InRange(pending, 151, 160);
        Assert.Equal(pending, queried);
        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.True(order.IsPaid);
        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
    }

    [Fact]
    public async Task Does_leave_the_order_waiting_when_the_gateway_says_the_trade_is_still_open()
    {
        var card = await portal.AddCardAsync(ChinaTime.Today(TestClock.Instance).AddDays(3));
        using var browser = portal.NewBrowser();
        var (orderNo, _, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        var page = await browser.GetAsync($"/orders/{orderNo}");

        await browser.SubmitAsync(page, "form[action*='handler=Check']");

        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
        Assert.Equal(PaymentAttemptStatus.Pending, order.Attempts.Single().Status);
    }

    [Fact]
    public async Task Does_refund_a_paid_trade_through_the_sandbox_api_once_and_answer_a_repeat_without_applying_it()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, tradeNo, payUrl) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        await Flow.ActAtSandboxAsync(browser, payUrl, "Pay");
        var gateway = portal.Services.GetService(typeof(IPaymentGateway)) as IPaymentGateway;

        var first = await gateway!.RefundAsync(tradeNo, orderNo + "F1", new Money(12m), "test", CancellationToken.None);
        var repeat = await gateway.RefundAsync(tradeNo, orderNo + "F1", new Money(12m), "test", CancellationToken.None);
        var second = await gateway.RefundAsync(tradeNo, orderNo + "F2", new Money(12m), "test", CancellationToken.None);
        var query = await gateway.QueryAsync(tradeNo, CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.True(repeat.Succeeded);
        Assert.Equal(first.GatewayRefundId, repeat.GatewayRefundId);
        Assert.False(second.Succeeded);
        Assert.Equal(GatewayTradeState.Refunded, query.State);
    }
}

/// <summary>The reconciliation worker completes lost-notification payments and closes abandoned ones on its own.</summary>
public class ReconciliationWorkerTests(ReconcilingPortalFactory portal) : IClassFixture<ReconcilingPortalFactory>
{
    [Fact]
    public async Task Does_complete_a_paid_order_whose_notification_was_lost_without_anyone_asking()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, _, payUrl) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        await Flow.ActAtSandboxAsync(browser, payUrl, "Pay");

        var order = await portal.WaitForOrderAsync(orderNo, o => o.Status == OrderStatus.Active);

        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        Assert.Equal(PaymentAttemptStatus.Succeeded, order.Attempts.Single().Status);
    }
}

/// <summary>An attempt nobody paid is closed by the worker on its own; the order stays payable.</summary>
public class ReconciliationClosingTests(ClosingPortalFactory portal) : IClassFixture<ClosingPortalFactory>
{
    [Fact]
    public async Task Does_close_an_attempt_the_payer_never_paid_and_leave_the_order_payable()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, _, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");

        var order = await portal.WaitForOrderAsync(orderNo, o => o.Attempts.Single().Status == PaymentAttemptStatus.Failed);

        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
        Assert.Contains("closed by reconciliation", order.Attempts.Single().FailureReason);
        Assert.Equal(card.ExpiryDate, (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
    }
}
