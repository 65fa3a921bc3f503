using System.Net;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Common;

namespace PosRenewal.IntegrationTests;

/// <summary>The catalogue at <c>/admin/packages</c>: new packages reach the card page, edits reach new orders only, retired ones are not offered.</summary>
public class PackageAdminTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static DateOnly Today => ChinaTime.Today(TestClock.Instance);

    private async Task<(TestBrowser Browser, TestBrowser.Page Page)> AdminAsync()
    {
        var browser = portal.NewBrowser();
        await AccountTests.SignInAsync(browser, "admin@posrenewal.test", "Demo-admin-1");
        return (browser, await browser.GetAsync("/admin/packages"));
    }

    private static string[] PackageCodesOn(TestBrowser.Page cardPage) =>
        cardPage.Document.QuerySelectorAll("a[href*='/renew/']").Select(a => a.GetAttribute("href")!.Split('/')[^1].Split('?')[0]).ToArray();

    [Fact]
    public async Task Does_create_a_package_the_card_page_offers_and_refuse_bad_ones_without_writing_anything()
    {
        var (admin, page) = await AdminAsync();
        using var _ = admin;
        var good = new Dictionary<string, string>
        {
            ["Code"] = "cm-24m",
            ["Carrier"] = "ChinaMobile",
            ["TermMonths"] = "24",
            ["Name"] = "两年包 2.4GB",
            ["NameEn"] = "Two-year 2.4GB",
            ["DataAllowanceMb"] = "100",
            ["Price"] = "199.00",
            ["SortOrder"] = "9",
        };
        var before = await portal.WithDbAsync(db => db.Packages.CountAsync());
        foreach (var (field, bad, status) in new[]
                 {
                     ("Code", "CM-1M", HttpStatusCode.Conflict), ("Code", "<b>", HttpStatusCode.BadRequest), ("Carrier", "Vodafone", HttpStatusCode.BadRequest),
                     ("TermMonths", "0", HttpStatusCode.BadRequest), ("TermMonths", "1.5", HttpStatusCode.BadRequest), ("Name", "", HttpStatusCode.BadRequest), ("NameEn", "", HttpStatusCode.BadRequest),
                     ("DataAllowanceMb", "-100", HttpStatusCode.BadRequest), ("Price", "0", HttpStatusCode.BadRequest), ("Price", "19.999", HttpStatusCode.BadRequest),
                     ("SortOrder", "first", HttpStatusCode.BadRequest),
                 })
        {
            var refused = await admin.SubmitAsync(page, "form[data-testid='package-form']", new Dictionary<string, string>(good) { [field] = bad });
            Assert.Equal(status, refused.StatusCode);
            Assert.Contains("notice bad error", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(before, await portal.WithDbAsync(db => db.Packages.CountAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, "form[data-testid='package-form']", good)).StatusCode);

        var card = await portal.AddCardAsync(new DateOnly(2027, 1, 4));
        using var visitor = portal.NewBrowser();
        var cardPage = await visitor.GetAsync($"/cards/{card.Iccid}");
        Assert.Equal("CM-24M", PackageCodesOn(cardPage)[^1]);
        Assert.Contains("Two-year 2.4GB", cardPage.Text, StringComparison.Ordinal);
        using var chinese = portal.NewBrowser("zh-CN");
        Assert.Contains("两年包 2.4GB", (await chinese.GetAsync($"/cards/{card.Iccid}")).Text, StringComparison.Ordinal);
        var confirm = await visitor.GetAsync($"/cards/{card.Iccid}/renew/CM-24M");
        Assert.Equal("¥199.00", confirm.TestId("total"));
        Assert.Equal("Jan 4, 2029", confirm.TestId("new-expiry"));
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "package.create" && a.Subject == "package CM-24M")));
    }

    [Fact]
    public async Task Does_change_the_price_for_new_orders_while_placed_orders_keep_their_snapshot()
    {
        var card = await portal.AddCardAsync(Today.AddDays(40));
        using var merchant = portal.NewBrowser();
        var (placed, _, _) = await Flow.ConfirmAsync(merchant, card.Iccid, "CM-6M");

        var (admin, page) = await AdminAsync();
        using var _ = admin;
        var edited = await admin.SubmitAsync(page, "tr[data-package='CM-6M'] form[id]", new Dictionary<string, string>
        {
            ["Name"] = "半年包 800MB",
            ["NameEn"] = "Half-year 800MB",
            ["DataAllowanceMb"] = "800",
            ["Price"] = "66.60",
            ["SortOrder"] = "0",
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);

        var order = await portal.ReloadOrderAsync(placed);
        Assert.Equal(("半年包 600MB", "Half-year 600MB", 600L, 60m), (order.PackageName, order.PackageNameEn, order.DataAllowanceMb, order.PackagePrice.Amount));
        var other = await portal.AddCardAsync(Today.AddDays(40));
        var confirm = await merchant.GetAsync($"/cards/{other.Iccid}/renew/CM-6M");
        Assert.Equal("¥66.60", confirm.TestId("total"));
        Assert.Contains("Half-year 800MB", confirm.Text);
        Assert.Contains("Half-year 600MB", (await merchant.GetAsync($"/orders/{placed}")).Text);
    }

    [Fact]
    public async Task Does_stop_offering_a_retired_package_and_offer_it_again_when_reinstated()
    {
        var (admin, page) = await AdminAsync();
        using var _ = admin;
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, "tr[data-package='CM-3M'] form:not([id])")).StatusCode);

        var card = await portal.AddCardAsync(Today.AddDays(40));
        using var visitor = portal.NewBrowser();
        Assert.DoesNotContain("CM-3M", PackageCodesOn(await visitor.GetAsync($"/cards/{card.Iccid}")));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/cards/{card.Iccid}/renew/CM-3M")).Status);

        page = await admin.GetAsync("/admin/packages");
        Assert.Equal("false", page.Document.QuerySelector("tr[data-package='CM-3M']")!.GetAttribute("data-active"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, "tr[data-package='CM-3M'] form:not([id])")).StatusCode);
        Assert.Contains("CM-3M", PackageCodesOn(await visitor.GetAsync($"/cards/{card.Iccid}")));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SubmitAsync(page, "tr[data-package='CM-3M'] form:not([id])", new Dictionary<string, string> { ["id"] = "999999" })).StatusCode);
    }

}
