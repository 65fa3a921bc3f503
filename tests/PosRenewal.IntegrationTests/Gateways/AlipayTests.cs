using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;

namespace PosRenewal.IntegrationTests.Gateways;

/// <summary>The whole renewal on Alipay's protocol, against a fake Alipay that checks every request the portal sends.</summary>
public class AlipayTests(AlipayPortal portal) : IClassFixture<AlipayPortal>
{
    /// <summary>The biz_content and method of the signed request the browser carries to Alipay.</summary>
    private static (string Method, JsonElement Biz) Carried(Uri location)
    {
        var query = QueryHelpers.ParseQuery(location.Query);
        return (query["method"].ToString(), JsonDocument.Parse(query["biz_content"].ToString()).RootElement);
    }

    [Fact]
    public async Task Does_pay_on_the_desktop_page_once_however_often_alipay_notifies()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var merchant = portal.NewBrowser("zh-CN");
        Assert.Equal(["Alipay", "qr:Alipay"], await RealGatewayPortal.ChoicesAsync(merchant, card.Iccid, "CM-3M"));
        Assert.Contains("支付宝", (await merchant.GetAsync($"/cards/{card.Iccid}/renew/CM-3M")).Text, StringComparison.Ordinal);

        var (orderNo, location) = await portal.ConfirmAsync(merchant, card.Iccid, "CM-3M", "Alipay");
        Assert.StartsWith(portal.Alipay.GatewayUrl.AbsoluteUri, location.AbsoluteUri, StringComparison.Ordinal);
        var (method, biz) = Carried(location);
        Assert.Equal("alipay.trade.page.pay", method);
        Assert.Equal("FAST_INSTANT_TRADE_PAY", biz.GetProperty("product_code").GetString());
        using (var payer = new HttpClient())
        {
            // The payer's browser follows the link to Alipay, which checks the signature and shows the trade.
            var page = await payer.GetStringAsync(location);
            Assert.Contains("¥33.00", page, StringComparison.Ordinal);
        }

        var tradeNo = biz.GetProperty("out_trade_no").GetString()!;
        Assert.Equal("POS流量卡续费 包季 300MB", portal.Alipay.Trades[tradeNo].Subject);
        Assert.Equal((200, "success"), await portal.Alipay.PayAsync(tradeNo));
        Assert.Equal((200, "success"), await portal.Alipay.NotifyAsync(tradeNo));
        // TRADE_FINISHED comes when the refund window ends: the same payment, not a second one.
        Assert.Equal((200, "success"), await portal.Alipay.NotifyAsync(tradeNo, p => p["trade_status"] = "TRADE_FINISHED"));

        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.True(order.IsPaid);
        Assert.Equal(new DateOnly(2027, 6, 10), order.NewExpiry);
        var attempt = Assert.Single(order.Attempts);
        Assert.Equal(portal.Alipay.Trades[tradeNo].AlipayTradeNo, attempt.GatewayTransactionId);
        Assert.Equal(3, await portal.WithDbAsync(db => db.PaymentNotifications.CountAsync(n => n.TradeNo == tradeNo)));
        Assert.Empty(portal.Alipay.Problems);
    }

    [Fact]
    public async Task Does_send_a_phone_to_the_mobile_page_and_a_qr_choice_to_a_code()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var phone = portal.NewPhone();
        var (_, location) = await portal.ConfirmAsync(phone, card.Iccid, "CM-1M", "Alipay");
        var (method, biz) = Carried(location);
        Assert.Equal("alipay.trade.wap.pay", method);
        Assert.Equal("QUICK_WAP_WAY", biz.GetProperty("product_code").GetString());
        Assert.StartsWith(RealGatewayPortal.PublicBaseUrl + "/orders/", biz.GetProperty("quit_url").GetString(), StringComparison.Ordinal);
        using (var payer = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await payer.GetAsync(location)).StatusCode);
        }

        using var counter = portal.NewBrowser();
        var (orderNo, shown) = await portal.ConfirmAsync(counter, card.Iccid, "CM-3M", "qr:Alipay");
        Assert.Equal($"/orders/{orderNo}", shown.ToString());
        var attempt = await portal.LastAttemptAsync(orderNo);
        Assert.Equal(PaymentMode.QrCode, attempt.Mode);
        Assert.Equal($"https://qr.alipay.com/fake{attempt.TradeNo}", attempt.QrPayload);
        Assert.NotNull((await counter.GetAsync(shown.ToString())).Document.QuerySelector("[data-testid=qr] svg"));
        Assert.Equal((200, "success"), await portal.Alipay.PayAsync(attempt.TradeNo));
        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
        Assert.Empty(portal.Alipay.Problems);
    }

    [Fact]
    public async Task Does_refuse_a_notification_with_another_amount_app_seller_or_signature_and_pay_on_the_true_one()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var (orderNo, _) = await portal.ConfirmAsync(counter, card.Iccid, "CM-3M", "qr:Alipay");
        var tradeNo = (await portal.LastAttemptAsync(orderNo)).TradeNo;
        portal.Alipay.Trades[tradeNo].Status = "TRADE_SUCCESS";

        var wrongAmount = await portal.Alipay.NotifyAsync(tradeNo, p => p["total_amount"] = "0.01");
        var wrongApp = await portal.Alipay.NotifyAsync(tradeNo, p => p["app_id"] = "2021009999999999");
        var wrongSeller = await portal.Alipay.NotifyAsync(tradeNo, p => p["seller_id"] = "2088000000000000");
        using var stranger = TestKeys.NewKey();
        var wrongKey = await portal.Alipay.NotifyAsync(tradeNo, signer: stranger);
        var edited = await portal.Alipay.NotifyAsync(tradeNo, afterSigning: p => p["subject"] = "POS流量卡续费");

        foreach (var (name, (status, body)) in new[] { ("amount", wrongAmount), ("app", wrongApp), ("seller", wrongSeller), ("key", wrongKey), ("sign", edited) })
        {
            Assert.True(body != "success" && status is >= 400 and < 500, $"{name}: {status} {body}");
        }

        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.False(order.IsPaid);
        Assert.Contains("differs from the order's 33.00", order.Attention, StringComparison.Ordinal);
        Assert.Equal(2, await portal.WithDbAsync(db => db.PaymentNotifications.CountAsync(n => n.Gateway == "Alipay" && n.Outcome == NotificationOutcome.Invalid)));

        Assert.Equal((200, "success"), await portal.Alipay.NotifyAsync(tradeNo));
        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
    }

    [Fact]
    public async Task Does_never_repeat_a_create_call_but_retries_a_query_through_an_outage()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        portal.Alipay.Outage["alipay.trade.precreate"] = 1;
        var before = portal.Alipay.Received.Count(m => m == "alipay.trade.precreate");
        var (orderNo, shown) = await portal.ConfirmAsync(counter, card.Iccid, "CM-3M", "qr:Alipay");

        // The code was not made, and the portal did not ask twice: a second precreate could open a second trade.
        Assert.Equal(before + 1, portal.Alipay.Received.Count(m => m == "alipay.trade.precreate"));
        Assert.Null((await portal.LastAttemptAsync(orderNo)).QrPayload);
        var page = await counter.GetAsync(shown.ToString());
        Assert.Null(page.Document.QuerySelector("[data-testid=qr]"));

        // Asked again by the payer, it makes the code; paid, the notification is lost; the order page's check
        // queries through a 503 (retried) and finds it paid.
        var again = await counter.SubmitAsync(page, "form:has(button[data-choice='qr:Alipay'])");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var tradeNo = (await portal.LastAttemptAsync(orderNo)).TradeNo;
        await portal.Alipay.PayAsync(tradeNo, notify: false);
        portal.Alipay.Outage["alipay.trade.query"] = 1;
        var queries = portal.Alipay.Received.Count(m => m == "alipay.trade.query");
        var check = await counter.SubmitAsync(await counter.GetAsync(shown.ToString()), "form[action*='handler=Check']");
        Assert.Equal(HttpStatusCode.Redirect, check.StatusCode);

        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
        Assert.True(portal.Alipay.Received.Count(m => m == "alipay.trade.query") >= queries + 2);
        Assert.Empty(portal.Alipay.Problems);
    }

    [Fact]
    public async Task Does_refund_at_alipay_once_when_support_refunds()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var (orderNo, _) = await portal.ConfirmAsync(counter, card.Iccid, "CM-3M", "qr:Alipay");
        var tradeNo = (await portal.LastAttemptAsync(orderNo)).TradeNo;
        await portal.Alipay.PayAsync(tradeNo);
        await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);

        using var support = await portal.SupportAsync();
        var page = await support.GetAsync($"/support/cards/{card.Iccid}");
        var refund = await support.SubmitAsync(page, "form.refund-form", new Dictionary<string, string> { ["Reason"] = "renewed the wrong card", ["Confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, refund.StatusCode);

        Assert.Equal(OrderStatus.Refunded, (await portal.ReloadOrderAsync(orderNo)).Status);
        Assert.Equal(new DateOnly(2027, 3, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        var trade = portal.Alipay.Trades[tradeNo];
        Assert.Single(trade.Refunds);
        Assert.Equal("TRADE_CLOSED", trade.Status);
        // Alipay's notification of the refund (the trade closed, refund_fee the whole amount) changes nothing more.
        Assert.Equal((200, "success"), await portal.Alipay.NotifyAsync(tradeNo));
        Assert.Equal(OrderStatus.Refunded, (await portal.ReloadOrderAsync(orderNo)).Status);
        Assert.Empty(portal.Alipay.Problems);
    }
}

/// <summary>A lost notification: reconciliation asks Alipay, which says the trade is paid.</summary>
public class AlipayReconciliationTests(AlipayReconcilingPortal portal) : IClassFixture<AlipayReconcilingPortal>
{
    [Fact]
    public async Task Does_complete_a_paid_renewal_whose_notification_was_lost()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var (orderNo, _) = await portal.ConfirmAsync(counter, card.Iccid, "CM-3M", "qr:Alipay");
        await portal.Alipay.PayAsync((await portal.LastAttemptAsync(orderNo)).TradeNo, notify: false);

        var order = await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);
        Assert.Equal(new DateOnly(2027, 6, 10), order.NewExpiry);
        Assert.Contains("alipay.trade.query", portal.Alipay.Calls);
        Assert.Empty(portal.Alipay.Problems);
    }
}

/// <summary>An abandoned code: reconciliation closes the trade at Alipay, so nobody pays it later.</summary>
public class AlipayClosingTests(AlipayClosingPortal portal) : IClassFixture<AlipayClosingPortal>
{
    [Fact]
    public async Task Does_close_an_unpaid_trade_at_alipay_and_leave_the_order_payable()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var (orderNo, _) = await portal.ConfirmAsync(counter, card.Iccid, "CM-3M", "qr:Alipay");
        var tradeNo = (await portal.LastAttemptAsync(orderNo)).TradeNo;

        var order = await portal.WaitForOrderAsync(orderNo, o => o.Attempts.Single().Status == PaymentAttemptStatus.Failed);
        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
        Assert.Contains("closed at the gateway", order.Attempts.Single().FailureReason, StringComparison.Ordinal);
        Assert.Equal("TRADE_CLOSED", portal.Alipay.Trades[tradeNo].Status);
        Assert.Contains("alipay.trade.close", portal.Alipay.Calls);
        Assert.Empty(portal.Alipay.Problems);
    }
}

/// <summary>Public-key certificate mode: the SNs in every request, the answers' alipay_cert_sn.</summary>
public class AlipayCertificateModeTests(AlipayCertificatePortal portal) : IClassFixture<AlipayCertificatePortal>
{
    [Fact]
    public async Task Does_renew_with_certificate_mode_requests_and_answers()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var (orderNo, _) = await portal.ConfirmAsync(counter, card.Iccid, "CM-3M", "qr:Alipay");
        var tradeNo = (await portal.LastAttemptAsync(orderNo)).TradeNo;

        Assert.Equal((200, "success"), await portal.Alipay.PayAsync(tradeNo));
        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
        Assert.Empty(portal.Alipay.Problems);
    }
}
