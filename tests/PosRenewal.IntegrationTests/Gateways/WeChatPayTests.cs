using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;

namespace PosRenewal.IntegrationTests.Gateways;

/// <summary>The whole renewal on WeChat Pay APIv3, against a fake WeChat Pay that checks every request the portal sends.</summary>
public class WeChatPayTests(WeChatPayPortal portal) : IClassFixture<WeChatPayPortal>
{
    private async Task<(string OrderNo, string TradeNo)> ShowCodeAsync(string packageCode = "CM-3M")
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var (orderNo, _) = await portal.ConfirmAsync(counter, card.Iccid, packageCode, "qr:WeChatPay");
        return (orderNo, (await portal.LastAttemptAsync(orderNo)).TradeNo);
    }

    [Fact]
    public async Task Does_show_a_desktop_the_native_code_and_pay_once_however_often_wechat_notifies()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser("zh-CN");
        // No desktop page at WeChat Pay: a desktop is offered the code to scan.
        Assert.Equal(["qr:WeChatPay"], await RealGatewayPortal.ChoicesAsync(counter, card.Iccid, "CM-3M"));

        var (orderNo, shown) = await portal.ConfirmAsync(counter, card.Iccid, "CM-3M", "qr:WeChatPay");
        Assert.Equal($"/orders/{orderNo}", shown.ToString());
        var attempt = await portal.LastAttemptAsync(orderNo);
        var trade = portal.WeChat.Trades[attempt.TradeNo];
        Assert.Equal($"weixin://wxpay/bizpayurl?pr={trade.TransactionId}", attempt.QrPayload);
        var page = await counter.GetAsync(shown.ToString());
        Assert.NotNull(page.Document.QuerySelector("[data-testid=qr] svg"));
        Assert.Contains("扫码支付（微信支付）", page.Text, StringComparison.Ordinal);
        Assert.Equal(3300, trade.Total);
        Assert.Equal("POS流量卡续费 包季 300MB", trade.Description);

        Assert.Equal((204, ""), await portal.WeChat.PayAsync(attempt.TradeNo));
        Assert.Equal((204, ""), await portal.WeChat.NotifyAsync(attempt.TradeNo));
        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.True(order.IsPaid);
        Assert.Equal(new DateOnly(2027, 6, 10), order.NewExpiry);
        Assert.Equal(trade.TransactionId, Assert.Single(order.Attempts).GatewayTransactionId);
        Assert.Empty(portal.WeChat.Problems);
    }

    [Fact]
    public async Task Does_send_a_phone_to_the_h5_page_and_back()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var phone = portal.NewPhone();
        Assert.Equal(["WeChatPay", "qr:WeChatPay"], await RealGatewayPortal.ChoicesAsync(phone, card.Iccid, "CM-1M"));
        var (orderNo, location) = await portal.ConfirmAsync(phone, card.Iccid, "CM-1M", "WeChatPay");

        Assert.StartsWith("https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=", location.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal($"{RealGatewayPortal.PublicBaseUrl}/orders/{orderNo}?returned=1", QueryHelpers.ParseQuery(location.Query)["redirect_url"].ToString());
        var attempt = await portal.LastAttemptAsync(orderNo);
        Assert.Equal(PaymentMode.MobilePage, attempt.Mode);
        Assert.Equal("H5", portal.WeChat.Trades[attempt.TradeNo].TradeType);
        Assert.Equal((204, ""), await portal.WeChat.PayAsync(attempt.TradeNo));
        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
        Assert.Empty(portal.WeChat.Problems);
    }

    [Fact]
    public async Task Does_refuse_notifications_that_do_not_verify_and_pay_on_the_true_one()
    {
        var (orderNo, tradeNo) = await ShowCodeAsync();
        portal.WeChat.Trades[tradeNo].State = "SUCCESS";
        using var stranger = TestKeys.NewKey();

        var refused = new Dictionary<string, (int Status, string Body)>
        {
            ["amount"] = await portal.WeChat.NotifyAsync(tradeNo, new(Resource: t => t["amount"]!["total"] = 1)),
            ["appid"] = await portal.WeChat.NotifyAsync(tradeNo, new(Resource: t => t["appid"] = "wx0000000000000000")),
            ["mchid"] = await portal.WeChat.NotifyAsync(tradeNo, new(Resource: t => t["mchid"] = "1900000000")),
            ["other key"] = await portal.WeChat.NotifyAsync(tradeNo, new(SignWith: stranger)),
            ["one space added"] = await portal.WeChat.NotifyAsync(tradeNo, new(SpaceAfterSigning: true)),
            ["six minutes old"] = await portal.WeChat.NotifyAsync(tradeNo, new(Age: TimeSpan.FromMinutes(6))),
            ["unknown serial"] = await portal.WeChat.NotifyAsync(tradeNo, new(Serial: "7132D72A03E93CDDF8C03BBD1F37EEDF")),
            ["probe"] = await portal.WeChat.NotifyAsync(tradeNo, new(Signature: "WECHATPAY/SIGNTEST/" + Convert.ToBase64String(new byte[256]))),
        };
        foreach (var (name, (status, body)) in refused)
        {
            Assert.True(status is >= 400 and < 500 && body.Contains("\"code\":\"FAIL\"", StringComparison.Ordinal), $"{name}: {status} {body}");
        }

        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.False(order.IsPaid);
        Assert.Contains("reported for merchant '1900000109/wx0000000000000000'", order.Attention, StringComparison.Ordinal);
        var reasons = await portal.WithDbAsync(db => db.PaymentNotifications.Where(n => n.Gateway == "WeChatPay" && n.Outcome == NotificationOutcome.Invalid).Select(n => n.Reason).ToListAsync());
        Assert.Contains(reasons, r => r.Contains("outside the 5-minute window", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("SIGNTEST", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("names no platform certificate", StringComparison.Ordinal));

        Assert.Equal((204, ""), await portal.WeChat.NotifyAsync(tradeNo));
        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
    }

    [Fact]
    public async Task Does_verify_with_the_new_platform_certificate_after_a_rotation()
    {
        var (orderNo, tradeNo) = await ShowCodeAsync();
        portal.WeChat.Signing = 1;
        try
        {
            Assert.Equal((204, ""), await portal.WeChat.PayAsync(tradeNo));
        }
        finally
        {
            portal.WeChat.Signing = 0;
        }

        Assert.True((await portal.ReloadOrderAsync(orderNo)).IsPaid);
        Assert.Empty(portal.WeChat.Problems);
    }

    [Fact]
    public async Task Does_refund_at_wechat_pay_once_when_support_refunds()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var (orderNo, _) = await portal.ConfirmAsync(counter, card.Iccid, "CM-3M", "qr:WeChatPay");
        var tradeNo = (await portal.LastAttemptAsync(orderNo)).TradeNo;
        await portal.WeChat.PayAsync(tradeNo);
        await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);

        using var support = await portal.SupportAsync();
        var page = await support.GetAsync($"/support/cards/{card.Iccid}");
        var refund = await support.SubmitAsync(page, "form.refund-form", new Dictionary<string, string> { ["Reason"] = "renewed the wrong card", ["Confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, refund.StatusCode);

        Assert.Equal(OrderStatus.Refunded, (await portal.ReloadOrderAsync(orderNo)).Status);
        Assert.Equal(new DateOnly(2027, 3, 10), (await portal.ReloadCardAsync(card.Id)).ExpiryDate);
        Assert.Single(portal.WeChat.Trades[tradeNo].Refunds);
        Assert.Empty(portal.WeChat.Problems);
    }
}

public class WeChatPayReconciliationTests(WeChatPayReconcilingPortal portal) : IClassFixture<WeChatPayReconcilingPortal>
{
    [Fact]
    public async Task Does_complete_a_paid_renewal_whose_notification_was_lost()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var (orderNo, _) = await portal.ConfirmAsync(counter, card.Iccid, "CM-3M", "qr:WeChatPay");
        await portal.WeChat.PayAsync((await portal.LastAttemptAsync(orderNo)).TradeNo, notify: false);

        var order = await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);
        Assert.Equal(new DateOnly(2027, 6, 10), order.NewExpiry);
        Assert.Contains("query", portal.WeChat.Calls);
        Assert.Empty(portal.WeChat.Problems);
    }
}

public class WeChatPayClosingTests(WeChatPayClosingPortal portal) : IClassFixture<WeChatPayClosingPortal>
{
    [Fact]
    public async Task Does_close_an_unpaid_trade_at_wechat_pay_and_leave_the_order_payable()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var (orderNo, _) = await portal.ConfirmAsync(counter, card.Iccid, "CM-3M", "qr:WeChatPay");
        var tradeNo = (await portal.LastAttemptAsync(orderNo)).TradeNo;

        var order = await portal.WaitForOrderAsync(orderNo, o => o.Attempts.Single().Status == PaymentAttemptStatus.Failed);
        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
        Assert.Equal("CLOSED", portal.WeChat.Trades[tradeNo].State);
        Assert.Contains("close", portal.WeChat.Calls);
        Assert.Empty(portal.WeChat.Problems);
    }
}

public class BothGatewaysTests(BothGatewaysPortal portal) : IClassFixture<BothGatewaysPortal>
{
    [Fact]
    public async Task Does_offer_both_in_the_order_configured_and_take_payment_through_each()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        using var phone = portal.NewPhone();
        Assert.Equal(["qr:WeChatPay", "Alipay", "qr:Alipay"], await RealGatewayPortal.ChoicesAsync(counter, card.Iccid, "CM-1M"));
        Assert.Equal(["WeChatPay", "qr:WeChatPay", "Alipay", "qr:Alipay"], await RealGatewayPortal.ChoicesAsync(phone, card.Iccid, "CM-1M"));

        var (first, _) = await portal.ConfirmAsync(counter, card.Iccid, "CM-1M", "qr:WeChatPay");
        Assert.Equal((204, ""), await portal.WeChat.PayAsync((await portal.LastAttemptAsync(first)).TradeNo));
        var (second, _) = await portal.ConfirmAsync(counter, card.Iccid, "CM-1M", "qr:Alipay");
        Assert.Equal((200, "success"), await portal.Alipay.PayAsync((await portal.LastAttemptAsync(second)).TradeNo));

        // Hand-worked: 2027-03-10 plus one month, plus one more.
        Assert.Equal(new DateOnly(2027, 4, 10), (await portal.ReloadOrderAsync(first)).NewExpiry);
        Assert.Equal(new DateOnly(2027, 5, 10), (await portal.ReloadOrderAsync(second)).NewExpiry);
        Assert.Empty(portal.WeChat.Problems);
        Assert.Empty(portal.Alipay.Problems);
    }
}
