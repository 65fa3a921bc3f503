using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Stickers;
using PosRenewal.IntegrationTests;

namespace PosRenewal.BrowserTests;

/// <summary>The phone path end to end: scan the sticker, renew, pay by scanning a code on a second device, get the receipt.</summary>
public class PhoneRenewalTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    // Every control a thumb has to hit: buttons, button-like links, fields, measured with their label when it wraps them
    // (tapping the label works the control); links inside running text are exempt, as in WCAG 2.5.8.
    private const string SmallTapTargets = """
        [...document.querySelectorAll('main button, main a.button, main input:not([type=hidden]), main select, main textarea, header a')]
          .filter(e => e.offsetParent !== null)
          .filter(e => { const r = (e.closest('label') || e).getBoundingClientRect(); return r.height < 44 || r.width < 44; })
          .map(e => e.outerHTML.slice(0, 80))
        """;

    [BrowserTheory]
    [InlineData("zh-CN", "支付成功")]
    [InlineData("en-US", "Paid")]
    public async Task Does_take_a_merchant_from_sticker_to_receipt_on_a_phone(string language, string paidText)
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 5, 20));
        string token;
        using (var scope = portal.Services.CreateScope())
        {
            var issued = await scope.ServiceProvider.GetRequiredService<IStickerService>()
                .EnsureAsync([card.Iccid], null, new Actor("support@posrenewal.test", "Support"), CancellationToken.None);
            token = issued.Value!.Single().Sticker!.Token;
        }

        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var options = new BrowserNewContextOptions { Locale = language, ViewportSize = new() { Width = 360, Height = 740 }, HasTouch = true, BaseURL = portal.BaseAddress.ToString() };
        await using var counter = await browser.NewContextAsync(options);
        var page = await counter.NewPageAsync();
        var suffix = language == "zh-CN" ? "zh" : "en";

        // Typing instead: the lookup page, and the page of a sticker that is no longer valid, fit a phone too.
        await page.GotoAsync("/");
        Assert.Equal("numeric", await page.GetAttributeAsync("#iccid", "inputmode"));
        await AssertFitsAsync(page, "lookup page");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath($"phone-lookup-{suffix}.png"), FullPage = true });
        await page.GotoAsync("/r/AAAAAAAAAAAAAAAAAAAAAA");
        await AssertFitsAsync(page, "unknown sticker page");

        // The sticker's code opens the card page: nothing to type.
        await page.GotoAsync($"/r/{token}");
        await Chromium.WaitForAddressAsync(page, url => url.EndsWith($"/cards/{card.Iccid}", StringComparison.Ordinal));
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        await AssertFitsAsync(page, "card page");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath($"phone-card-{suffix}.png"), FullPage = true });

        await page.ClickAsync("a[href$='/renew/CM-3M']");
        await page.CheckAsync("input[value='qr:Sandbox']");
        await AssertFitsAsync(page, "confirm page");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath($"phone-confirm-{suffix}.png"), FullPage = true });
        await page.ClickAsync("form.confirm button[type=submit]");

        // The code, the amount and the time it has left.
        await page.WaitForSelectorAsync("[data-testid=qr] svg");
        Assert.Contains("¥33.00", await page.InnerTextAsync("[data-testid=qr]"));
        Assert.Matches(@"\(\d+:\d\d\)", await page.InnerTextAsync("[data-countdown-left]"));
        await AssertFitsAsync(page, "scan-to-pay page");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath($"phone-qr-{suffix}.png"), FullPage = true });

        // A second tab stands in for the payer's phone, opening what the code encodes.
        var orderNo = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        var payload = (await portal.ReloadOrderAsync(orderNo)).Attempts[^1].QrPayload!;
        await using var phone = await browser.NewContextAsync(options);
        var payer = await phone.NewPageAsync();
        await payer.GotoAsync(payload);
        Assert.Equal("¥33.00", (await payer.InnerTextAsync("[data-testid=sandbox-amount]")).Trim());
        await payer.ClickAsync("button[value=Pay]");

        // The counter page moves on by itself to the receipt.
        await page.WaitForSelectorAsync("[data-testid=receipt-new-expiry]", new() { Timeout = 60_000 });
        Assert.Contains(paidText, await page.InnerTextAsync("[data-testid=order-status]"));
        await AssertFitsAsync(page, "receipt");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath($"phone-receipt-{suffix}.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task Does_print_a_sticker_sheet_from_the_agent_area()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 360, Height = 740 }, BaseURL = portal.BaseAddress.ToString() });
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", "agent@posrenewal.test");
        await page.FillAsync("#password", "Demo-agent-1");
        await page.ClickAsync("form.signin button[type=submit]");
        await Chromium.WaitForAddressAsync(page, url => url.EndsWith("/agent", StringComparison.Ordinal));
        await page.WaitForSelectorAsync("a[href^='/stickers?iccid=']");
        await AssertFitsAsync(page, "agent cards");

        await page.ClickAsync("a[href^='/stickers?iccid=']");
        await Chromium.WaitForAddressAsync(page, url => url.Contains("/stickers?", StringComparison.Ordinal));
        await page.ClickAsync("form[action='/stickers'] button[type=submit]");
        await Chromium.WaitForAddressAsync(page, url => url.Contains("/stickers/sheet?", StringComparison.Ordinal));
        await page.WaitForSelectorAsync("[data-testid=sheet] li svg");
        Assert.Equal(10, await page.Locator("[data-testid=sheet] li svg").CountAsync());
        await AssertFitsAsync(page, "sticker sheet");
        await page.SetViewportSizeAsync(1280, 900);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("stickers-sheet-desktop.png"), FullPage = true });

        // One card's sticker: the copy button (shown by JavaScript) hands on the link.
        var iccid = await page.GetAttributeAsync("[data-testid=sheet] li", "data-iccid");
        await page.GotoAsync($"/stickers/card/{iccid}");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.ClickAsync("button[data-copy-from=sticker-link]");
        Assert.Equal((await page.InnerTextAsync("[data-testid=link]")).Trim(), await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        Assert.Equal("已复制", (await page.InnerTextAsync("button[data-copy-from=sticker-link]")).Trim());
    }

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{what} scrolls sideways at 360 px");
        var small = await page.EvaluateAsync<string[]>(SmallTapTargets);
        Assert.True(small.Length == 0, $"{what}: tap targets under 44 px: {string.Join(" | ", small)}");
    }
}
