using Microsoft.Playwright;
using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;
using PosRenewal.IntegrationTests;

namespace PosRenewal.BrowserTests;

public class MerchantRenewalTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [BrowserFact]
    public async Task Does_renew_a_card_as_a_merchant_would_in_a_real_browser()
    {
        var card = await portal.AddCardAsync(new DateOnly(2026, 11, 30));
        const string expected = "Feb 28, 2027";
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 900 }, BaseURL = portal.BaseAddress.ToString() });

        // The merchant types the ICCID the way it is printed: in groups, with spaces.
        await page.GotoAsync("/");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("lookup-desktop.png"), FullPage = true });
        await page.FillAsync("#iccid", string.Join(' ', card.Iccid.Chunk(4).Select(c => new string(c))));
        await page.ClickAsync("form.lookup button[type=submit]");
        await Chromium.WaitForAddressAsync(page, url => url.EndsWith($"/cards/{card.Iccid}", StringComparison.Ordinal));
        Assert.Equal("Expiring soon", (await page.InnerTextAsync("[data-testid=status]")).Trim());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("card-desktop.png"), FullPage = true });

        await page.ClickAsync("a[href$='/renew/CM-3M']");
        Assert.Equal(expected, (await page.InnerTextAsync("[data-testid=new-expiry]")).Trim());
        Assert.Equal("¥33.00", (await page.InnerTextAsync("[data-testid=total]")).Trim());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("confirm-desktop.png"), FullPage = true });
        await page.ClickAsync("form.confirm button[type=submit]");

        // The gateway's hosted page; paying there sends the merchant back to wait for the notification.
        await Chromium.WaitForAddressAsync(page, url => url.Contains("/sandbox/pay?", StringComparison.Ordinal));
        Assert.Equal("¥33.00", (await page.InnerTextAsync("[data-testid=sandbox-amount]")).Trim());
        await page.ClickAsync("button[value=Pay]");
        await Chromium.WaitForAddressAsync(page, url => url.Contains("/orders/", StringComparison.Ordinal));

        // The order page refreshes itself until the signed notification has been applied.
        await page.WaitForSelectorAsync("[data-testid=receipt-new-expiry]", new() { Timeout = 60_000 });
        Assert.Equal(expected, (await page.InnerTextAsync("[data-testid=receipt-new-expiry]")).Trim());
        Assert.Contains($"renewed until {expected}", await page.InnerTextAsync("[data-testid=order-status]"));
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("receipt-desktop.png"), FullPage = true });

        await page.SetViewportSizeAsync(360, 740);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("receipt-phone.png"), FullPage = true });
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "receipt scrolls sideways at 360 px");
        await page.GotoAsync($"/cards/{card.Iccid}");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("card-phone.png"), FullPage = true });
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "card page scrolls sideways at 360 px");
        Assert.Equal(expected, (await page.InnerTextAsync("[data-testid=expiry]")).Trim());
    }
}
