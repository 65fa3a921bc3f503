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
        Assert.Equal($"/orders/{orderNo}/receipt.pdf", receipt.Document.QuerySelector("[data-testid=receipt-pdf]")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("zh-CN", new[] { "收款方PosRenewal", "商户张记面馆", "终端SN-CM-002", "运营商中国移动", "套餐包月100MB（1个月）", "实付金额¥12.00", "扫码查看在线收据。" })]
    [InlineData("en-US", new[] { "PayeePosRenewal", "Merchant张记面馆", "TerminalSN-CM-002", "CarrierChinaMobile", "PackageMonthly100MB(1month)", "Totalpaid¥12.00", "Scantoopenthisreceiptonline." })]
    public async Task Does_offer_the_receipt_as_a_pdf_with_its_fonts_embedded_in_the_readers_language(string language, string[] lines)
    {
        using var merchant = portal.NewBrowser(language);
        var (orderNo, tradeNo, payUrl) = await Flow.ConfirmAsync(merchant, DemoData.DemoIccid(0, 1), "CM-1M");
        await Flow.ActAtSandboxAsync(merchant, payUrl, "Pay");
        await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);

        var response = await merchant.Http.GetAsync($"/orders/{orderNo}/receipt.pdf");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // Kept for a look (artifacts/receipts), as the browser tests keep screenshots.
        await File.WriteAllBytesAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(PublishedPortal.RepoRoot, "artifacts", "receipts")).FullName, $"receipt-{language}.pdf"), bytes);

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var page = Assert.Single(pdf.GetPages());
        var text = string.Concat(page.Letters.Select(l => l.Value)).Replace(" ", "", StringComparison.Ordinal);
        foreach (var line in lines.Append(orderNo).Append(tradeNo))
        {
            Assert.Contains(line, text, StringComparison.Ordinal);
        }

        // Both fonts travel inside the file (subsets, named with a tag+): it prints the same on a machine without them.
        var fonts = page.Letters.Select(l => l.FontName).Distinct().ToList();
        Assert.Contains(fonts, f => f?.EndsWith("+Droid Sans Fallback", StringComparison.Ordinal) == true);
        Assert.Contains(fonts, f => f?.EndsWith("+DejaVu Sans", StringComparison.Ordinal) == true);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(bytes), "/FontFile2"));
    }

    [Fact]
    public async Task Does_answer_404_for_the_pdf_of_an_unpaid_or_unknown_order()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var merchant = portal.NewBrowser();
        var (orderNo, _, _) = await Flow.ConfirmAsync(merchant, card.Iccid, "CM-1M");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await merchant.Http.GetAsync($"/orders/{orderNo}/receipt.pdf")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await merchant.Http.GetAsync("/orders/R000000AAAAAAAA/receipt.pdf")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await merchant.Http.GetAsync("/orders/nonsense/receipt.pdf")).StatusCode);
    }
}
