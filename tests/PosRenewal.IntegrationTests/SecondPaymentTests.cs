using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;

namespace PosRenewal.IntegrationTests;

/// <summary>An order paid twice: support chooses which payment to give back, and giving back the second never touches the card.</summary>
public class SecondPaymentTests(QuietGatewayPortalFactory portal) : IClassFixture<QuietGatewayPortalFactory>
{
    [Fact]
    public async Task Does_refund_the_second_payment_support_chooses_and_leave_the_renewal_and_the_expiry_alone()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var payer = portal.NewBrowser();
        var (orderNo, firstTrade, firstPay) = await Flow.ConfirmAsync(payer, card.Iccid, "CM-1M");
        // Before the first payment is confirmed, the payer also asks for a scan-to-pay code, and pays both.
        var again = await payer.SubmitAsync(await payer.GetAsync($"/orders/{orderNo}"), "form:has(button[data-choice='qr:Sandbox'])");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var second = (await portal.ReloadOrderAsync(orderNo)).Attempts.Single(a => a.Mode == PaymentMode.QrCode);
        var (secondTrade, secondPay) = (second.TradeNo, new Uri(second.QrPayload!));
        Assert.NotEqual(firstTrade, secondTrade);
        await Flow.ActAtSandboxAsync(payer, firstPay, "Pay");
        await Flow.ActAtSandboxAsync(payer, secondPay, "Pay");
        using var gateway = portal.NewBrowser();
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(firstTrade, "12.00")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(secondTrade, "12.00")))).StatusCode);
        Assert.Contains($"{secondTrade} paid an order that was already paid", (await portal.ReloadOrderAsync(orderNo)).Attention);

        using var support = portal.NewBrowser();
        await AccountTests.SignInAsync(support, "support@posrenewal.test", "Demo-support-1");
        var page = await support.GetAsync($"/support/cards/{card.Iccid}");
        Assert.Null(page.Document.QuerySelector($"[data-testid='refund-payment-{firstTrade}']"));
        var refunded = await support.SubmitAsync(page, $"[data-testid='refund-payment-{secondTrade}']",
            new Dictionary<string, string> { ["Reason"] = "paid twice", ["Confirmed"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, refunded.StatusCode);
        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.True(order.IsPaid);
        Assert.Null(order.Attention);
        Assert.NotNull(order.Attempts.Single(a => a.TradeNo == secondTrade).RefundedAtUtc);
        Assert.Null(order.Attempts.Single(a => a.TradeNo == firstTrade).RefundedAtUtc);
        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        var trades = await portal.WithSimulatorsAsync(db => db.SandboxTrades.AsNoTracking().Where(t => t.TradeNo == firstTrade || t.TradeNo == secondTrade).ToListAsync());
        Assert.Equal("12.00", trades.Single(t => t.TradeNo == secondTrade).RefundedAmount.ToWire());
        Assert.Equal("0.00", trades.Single(t => t.TradeNo == firstTrade).RefundedAmount.ToWire());

        // Pressing it again gives back nothing more; the payment that renewed the card cannot be refunded this way.
        var twice = await support.SubmitAsync(page, $"[data-testid='refund-payment-{secondTrade}']",
            new Dictionary<string, string> { ["Reason"] = "paid twice", ["Confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, twice.StatusCode);
        var forged = await support.SubmitAsync(page, $"[data-testid='refund-payment-{secondTrade}']",
            new Dictionary<string, string> { ["Reason"] = "x", ["Confirmed"] = "true", ["TradeNo"] = firstTrade });
        Assert.NotEqual(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        Assert.Equal("12.00", (await portal.WithSimulatorsAsync(db => db.SandboxTrades.AsNoTracking().SingleAsync(t => t.TradeNo == secondTrade))).RefundedAmount.ToWire());
        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
    }
}

/// <summary>A refund made at the gateway itself (its merchant console): our books follow when the gateway is asked.</summary>
public class GatewayRefundTests(QuietGatewayPortalFactory portal) : IClassFixture<QuietGatewayPortalFactory>
{
    [Fact]
    public async Task Does_refund_the_order_once_when_a_query_finds_the_trade_refunded_at_the_gateway()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var payer = portal.NewBrowser();
        var (orderNo, tradeNo, payUrl) = await Flow.ConfirmAsync(payer, card.Iccid, "CM-1M");
        await Flow.ActAtSandboxAsync(payer, payUrl, "Pay");
        using var gatewayBrowser = portal.NewBrowser();
        await gatewayBrowser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(tradeNo, "12.00")));
        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        using (var scope = portal.Services.CreateScope())
        {
            var gateway = scope.ServiceProvider.GetRequiredService<PaymentGateways>().Find("Sandbox")!;
            Assert.True((await gateway.RefundAsync(tradeNo, "CONSOLE-1", new Core.Common.Money(12m), "refunded in the console", default)).Succeeded);
        }

        for (var i = 0; i < 2; i++)
        {
            using var scope = portal.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IPaymentService>().RefreshAsync(orderNo, default);
        }

        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.Equal(OrderStatus.Refunded, order.Status);
        Assert.NotNull(order.Attempts.Single().RefundedAtUtc);
        Assert.Equal(new DateOnly(2027, 3, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        Assert.Equal(1, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "refund" && a.Subject == $"order {orderNo}" && a.UserName == "gateway")));
    }
}
