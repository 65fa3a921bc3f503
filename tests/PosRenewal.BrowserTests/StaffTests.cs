using Microsoft.Playwright;
using PosRenewal.Infrastructure.Data;
using PosRenewal.IntegrationTests;

namespace PosRenewal.BrowserTests;

public class StaffTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form.signin button[type=submit]");
    }

    [BrowserFact]
    public async Task Does_let_an_agent_renew_on_a_merchants_behalf_from_the_balance()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 900 }, BaseURL = portal.BaseAddress.ToString() });
        var iccid = DemoData.DemoIccid(0, 1);

        await SignInAsync(page, "agent@posrenewal.test", "Demo-agent-1");
        await Chromium.WaitForAddressAsync(page, url => url.EndsWith("/agent", StringComparison.Ordinal));
        await page.FillAsync("#q", iccid[^10..]);
        await page.ClickAsync("form.filters button[type=submit]");
        Assert.Equal(1, await page.Locator("[data-testid=cards] li").CountAsync());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("agent-cards-desktop.png"), FullPage = true });

        await page.ClickAsync("[data-testid=cards] li a.button");
        await page.ClickAsync("a[href$='/renew/CM-1M']");
        Assert.Contains("Service fee", await page.InnerTextAsync("table.totals"));
        Assert.Equal("¥14.00", (await page.InnerTextAsync("[data-testid=total]")).Trim());
        await page.CheckAsync("input[value=AgentBalance]");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("agent-confirm-desktop.png"), FullPage = true });
        await page.ClickAsync("form.confirm button[type=submit]");

        await Chromium.WaitForAddressAsync(page, url => url.Contains("/agent/orders/", StringComparison.Ordinal));
        Assert.Contains("Paid", await page.InnerTextAsync("[data-testid=order-status]"));
        Assert.Contains("¥2.00", await page.InnerTextAsync("article.receipt"));
        await page.SetViewportSizeAsync(360, 740);
        await page.GotoAsync("/agent");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("agent-cards-phone.png"), FullPage = true });
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "agent area scrolls sideways at 360 px");
    }

    [BrowserFact]
    public async Task Does_let_support_find_a_card_and_refund_its_renewal()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using (var merchant = portal.NewBrowser())
        {
            var (orderNo, _, payUrl) = await Flow.ConfirmAsync(merchant, card.Iccid, "CM-1M");
            await Flow.ActAtSandboxAsync(merchant, payUrl, "Pay");
            await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);
        }

        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 900 }, BaseURL = portal.BaseAddress.ToString() });

        await SignInAsync(page, "support@posrenewal.test", "Demo-support-1");
        await Chromium.WaitForAddressAsync(page, url => url.EndsWith("/support", StringComparison.Ordinal));
        await page.FillAsync("#q", card.Iccid[^8..]);
        await page.ClickAsync("form[role=search] button[type=submit]");
        await Chromium.WaitForAddressAsync(page, url => url.EndsWith($"/support/cards/{card.Iccid}", StringComparison.Ordinal));
        Assert.Equal("Apr 10, 2027", (await page.InnerTextAsync("[data-testid=expiry]")).Trim());

        await page.FillAsync("form.refund-form input[name=Reason]", "merchant paid for the wrong terminal");
        await page.CheckAsync("form.refund-form input[name=Confirmed]");
        await page.ClickAsync("form.refund-form button[type=submit]");

        await page.WaitForSelectorAsync("[data-testid=timeline] tr[data-kind=refund]");
        Assert.Equal("Mar 10, 2027", (await page.InnerTextAsync("[data-testid=expiry]")).Trim());
        Assert.Equal("Refunded", (await page.InnerTextAsync("[data-testid=order-status]")).Trim());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("support-card-desktop.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task Does_let_a_merchant_set_reminders_on_a_phone_and_an_admin_start_a_promotion_the_card_page_shows()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var phone = await browser.NewPageAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 360, Height = 740 }, BaseURL = portal.BaseAddress.ToString() });
        await SignInAsync(phone, "coffee@posrenewal.test", "Demo-merchant-2");
        await Chromium.WaitForAddressAsync(phone, url => url.EndsWith("/merchant", StringComparison.Ordinal));
        await phone.ClickAsync("a[href='/merchant/reminders']");
        await phone.FillAsync("#Email", "owner@example.com");
        await phone.UncheckAsync("input[name=BySms]");
        await phone.ClickAsync("form[data-testid=reminder-form] button[type=submit]");
        await phone.WaitForSelectorAsync("[data-testid=saved]");
        Assert.Equal("owner@example.com", await phone.InputValueAsync("#Email"));
        Assert.False(await phone.IsCheckedAsync("input[name=BySms]"));
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "reminder settings scroll sideways at 360 px");
        await phone.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("merchant-reminders-phone.png"), FullPage = true });

        var admin = await browser.NewPageAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 900 }, BaseURL = portal.BaseAddress.ToString() });
        await SignInAsync(admin, "admin@posrenewal.test", "Demo-admin-1");
        await Chromium.WaitForAddressAsync(admin, url => url.Contains("/admin", StringComparison.Ordinal));
        await admin.GotoAsync("/admin/promotions");
        await admin.FillAsync("#Name", "半年立减 7 元");
        await admin.FillAsync("#NameEn", "Half-year ¥7 off");
        await admin.FillAsync("#Value", "7");
        await admin.FillAsync("#PackageCodes", "CM-6M");
        await admin.ClickAsync("form[data-testid=promotion-form] button[type=submit]");
        await admin.WaitForSelectorAsync("[data-testid=promotions] tr[data-state=Running] >> text=Half-year ¥7 off");
        await admin.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("admin-promotions-desktop.png"), FullPage = true });

        await admin.GotoAsync($"/cards/{DemoData.DemoIccid(0, 0)}");
        Assert.Equal("¥53.00", (await admin.InnerTextAsync("[data-testid=price-CM-6M]")).Trim());
        Assert.Contains("Half-year ¥7 off", await admin.InnerTextAsync("[data-testid=promotions]"));
    }

    [BrowserFact]
    public async Task Does_let_an_agent_renew_a_batch_paid_once_and_follow_it_to_the_end_and_an_admin_find_its_orders()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 }, BaseURL = portal.BaseAddress.ToString() });
        await SignInAsync(page, "agent@posrenewal.test", "Demo-agent-1");
        await Chromium.WaitForAddressAsync(page, url => url.EndsWith("/agent", StringComparison.Ordinal));
        await page.ClickAsync("a[href='/batches']");
        await page.ClickAsync("a[href='/batches/new']");
        await page.FillAsync("#iccids", string.Join("\n", DemoData.DemoIccid(0, 1), DemoData.DemoIccid(2, 2), "8986001234", DemoData.DemoIccid(0, 4)));
        await page.SelectOptionAsync("#term", "1");
        await page.ClickAsync("form[data-testid=batch-form] button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=batch-lines]");
        Assert.Equal(2, await page.Locator("[data-testid=batch-lines] tr[data-ok=true]").CountAsync());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("batch-preview-desktop.png"), FullPage = true });

        await page.ClickAsync("form[data-testid=place-form] button[type=submit]");
        await Chromium.WaitForAddressAsync(page, url => url.Contains("/batches/B", StringComparison.Ordinal));
        await page.ClickAsync("button[data-choice=AgentBalance]");
        // The page refreshes itself until both cards are renewed on the carrier.
        await page.WaitForSelectorAsync("[data-testid=batch-progress][data-pending='0']", new() { Timeout = 60_000 });
        Assert.Equal("2", await page.GetAttributeAsync("[data-testid=batch-progress]", "data-active"));
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("batch-progress-desktop.png"), FullPage = true });
        var batchNo = page.Url.Split('/')[^1];

        var phone = await browser.NewPageAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 360, Height = 740 }, BaseURL = portal.BaseAddress.ToString() });
        await SignInAsync(phone, "agent@posrenewal.test", "Demo-agent-1");
        await Chromium.WaitForAddressAsync(phone, url => url.EndsWith("/agent", StringComparison.Ordinal));
        await phone.GotoAsync($"/batches/{batchNo}");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the batch page scrolls sideways at 360 px");
        await phone.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("batch-progress-phone.png"), FullPage = true });

        var admin = await browser.NewPageAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 900 }, BaseURL = portal.BaseAddress.ToString() });
        await SignInAsync(admin, "admin@posrenewal.test", "Demo-admin-1");
        await Chromium.WaitForAddressAsync(admin, url => url.Contains("/admin", StringComparison.Ordinal));
        await admin.GotoAsync("/admin/orders");
        await admin.FillAsync("#q", batchNo);
        await admin.ClickAsync("form[data-testid=order-filter] button[type=submit]");
        Assert.Equal(2, await admin.Locator("[data-testid=orders] tbody tr").CountAsync());
        await admin.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("admin-orders-desktop.png"), FullPage = true });
        foreach (var (path, shot) in new[] { ("/admin/packages", "admin-packages-desktop.png"), ("/admin/users", "admin-users-desktop.png"), ("/admin/imports", "admin-imports-desktop.png") })
        {
            await admin.GotoAsync(path);
            Assert.True(await admin.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways at 1280 px");
            await admin.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath(shot), FullPage = true });
        }
    }
}
