using System.Net;
using PosRenewal.Core.Payments;

namespace PosRenewal.IntegrationTests;

public static class ScanToPay
{
    /// <summary>Confirms a renewal choosing "scan a QR code"; returns the order page that shows the code.</summary>
    public static async Task<TestBrowser.Page> ConfirmAsync(TestBrowser browser, string iccid, string packageCode)
    {
        var confirm = await browser.GetAsync($"/cards/{iccid}/renew/{packageCode}");
        Assert.NotNull(confirm.Document.QuerySelector("input[name=Gateway][value='qr:Sandbox']"));
        var response = await browser.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["Gateway"] = "qr:Sandbox" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/orders/", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        return await browser.GetAsync(response.Headers.Location!.ToString());
    }
}

public class ScanToPayTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Does_show_a_code_that_a_phone_pays_and_then_show_the_receipt()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var page = await ScanToPay.ConfirmAsync(counter, card.Iccid, "CM-3M");

        var orderNo = page.Url.AbsolutePath["/orders/".Length..];
        var attempt = (await portal.ReloadOrderAsync(orderNo)).Attempts.Single();
        Assert.Equal(PaymentMode.QrCode, attempt.Mode);
        Assert.Null(attempt.RedirectUrl);
        Assert.InRange(attempt.ExpiresAtUtc!.Value, TestClock.UtcNow.AddMinutes(9), TestClock.UtcNow.AddMinutes(10));
        var qr = page.Document.QuerySelector("[data-testid=qr]")!;
        Assert.NotNull(qr.QuerySelector("svg"));
        Assert.Contains(attempt.Amount.ToString(), qr.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("[data-poll-state]"));

        // Reloading the page shows the same code, not a second trade.
        Assert.Equal(HttpStatusCode.Redirect, (await counter.SubmitAsync(page, "form:has(button[data-choice='qr:Sandbox'])")).StatusCode);
        Assert.Single((await portal.ReloadOrderAsync(orderNo)).Attempts);

        using var phone = portal.NewBrowser();
        await Flow.ActAtSandboxAsync(phone, new Uri(attempt.QrPayload!), "Pay");
        await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);
        var done = await counter.GetAsync(page.Url.PathAndQuery);
        Assert.Null(done.Document.QuerySelector("[data-testid=qr]"));
        Assert.Contains("Paid", done.TestId("order-status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_refuse_a_qr_choice_the_gateway_cannot_serve()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var confirm = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M");
        var response = await browser.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["Gateway"] = "qr:Nowhere" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose one of the payment methods offered", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public class ExpiringQrTests(ShortQrPortalFactory portal) : IClassFixture<ShortQrPortalFactory>
{
    [Fact]
    public async Task Does_offer_a_new_code_when_the_code_expires_and_the_old_one_cannot_be_paid()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var page = await ScanToPay.ConfirmAsync(counter, card.Iccid, "CM-1M");
        var orderNo = page.Url.AbsolutePath["/orders/".Length..];
        var first = (await portal.ReloadOrderAsync(orderNo)).Attempts.Single();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var expired = await counter.GetAsync(page.Url.PathAndQuery);
        Assert.Null(expired.Document.QuerySelector("[data-testid=qr]"));
        Assert.Contains("expired", expired.TestId("order-status"), StringComparison.Ordinal);
        Assert.Equal("Show a new code", expired.Document.QuerySelector("button[data-choice='qr:Sandbox']")!.TextContent.Trim());

        using var phone = portal.NewBrowser();
        var stale = await phone.GetAsync(first.QrPayload!);
        Assert.Equal(HttpStatusCode.BadRequest, stale.Status);
        Assert.Contains("expired", stale.Text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await counter.SubmitAsync(expired, "form:has(button[data-choice='qr:Sandbox'])")).StatusCode);
        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.Equal(2, order.Attempts.Count);
        Assert.NotEqual(first.QrPayload, order.Attempts[^1].QrPayload);
        Assert.Equal(PaymentAttemptStatus.Pending, order.Attempts[0].Status);
    }
}

/// <summary>What the order page invites while a payment is awaited: never to pay twice, and on a phone a way to pay on it.</summary>
public class OrderPageChoicesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Does_not_invite_paying_again_while_the_payer_is_back_from_the_gateway()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var merchant = portal.NewBrowser();
        var (orderNo, _, _) = await Flow.ConfirmAsync(merchant, card.Iccid, "CM-1M");

        var back = await merchant.GetAsync($"/orders/{orderNo}?returned=1");
        Assert.Empty(back.Document.QuerySelectorAll("button[data-choice]"));
        Assert.NotNull(back.Document.QuerySelector("form[action*='handler=Check']"));
        Assert.Equal($"/orders/{orderNo}", back.Document.QuerySelector("[data-testid=choose-again]")!.GetAttribute("href"));

        var again = await merchant.GetAsync($"/orders/{orderNo}");
        Assert.Equal(["Sandbox", "qr:Sandbox"], again.Document.QuerySelectorAll("button[data-choice]").Select(b => b.GetAttribute("data-choice")));
    }

    [Fact]
    public async Task Does_offer_a_phone_shown_a_code_the_gateways_mobile_page_beside_it()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var phone = portal.NewBrowser();
        phone.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36");
        var page = await ScanToPay.ConfirmAsync(phone, card.Iccid, "CM-1M");
        var here = page.Document.QuerySelector("[data-testid=qr] button[data-testid=pay-on-this-phone]")!;
        Assert.Equal("Sandbox", here.Closest("form")!.QuerySelector("input[name=gateway]")!.GetAttribute("value"));

        var response = await phone.SubmitAsync(page, "[data-testid=qr] form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sandbox/pay", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(PaymentMode.MobilePage, (await portal.ReloadOrderAsync(page.Url.AbsolutePath.Split('/')[^1])).Attempts.OrderBy(a => a.Id).Last().Mode);

        using var counter = portal.NewBrowser();
        var desktop = await ScanToPay.ConfirmAsync(counter, (await portal.AddCardAsync(new DateOnly(2027, 3, 10))).Iccid, "CM-1M");
        Assert.Null(desktop.Document.QuerySelector("[data-testid=pay-on-this-phone]"));
    }
}
