using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

/// <summary>The receipt a shop keeps for its accounts: who was paid, for which terminal and card, how, and where to find it again.</summary>
public class ReceiptTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Does_name_the_payee_merchant_terminal_carrier_payment_and_its_transaction()
    {
        using var merchant = portal.NewBrowser("zh-CN");
        var (orderNo, tradeNo, payUrl) = await Flow.ConfirmAsync(merchant, DemoData.DemoIccid(0, 0), "CM-1M");
        await Flow.ActAtSandboxAsync(merchant, payUrl, "Pay");
        var order = await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);

        var receipt = await merchant.GetAsync($"/orders/{orderNo}");
        Assert.Equal("PosRenewal", receipt.TestId("receipt-payee"));
        Assert.Equal("张记面馆", receipt.TestId("receipt-merchant"));
        Assert.Equal("SN-CM-001", receipt.TestId("receipt-terminal"));
        Assert.Equal("中国移动", receipt.TestId("receipt-carrier"));
        Assert.Equal("Sandbox", receipt.TestId("receipt-payment"));
        Assert.Equal($"{order.Attempts.Single().GatewayTransactionId} · {tradeNo}", receipt.TestId("receipt-transaction"));
        Assert.NotNull(receipt.Document.QuerySelector("article.receipt .receipt-online .qr svg"));
    }
}
