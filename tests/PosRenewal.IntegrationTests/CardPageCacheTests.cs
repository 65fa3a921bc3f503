using Microsoft.EntityFrameworkCore;

namespace PosRenewal.IntegrationTests;

/// <summary>The card page's short output cache: anonymous visits only, stored on a second visit, one entry per language, dropped when the card is paid for.</summary>
public class CardPageCacheTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    /// <summary>Moves the expiry behind the portal's back (a set-based update, which no eviction sees).</summary>
    private Task MoveExpiryQuietlyAsync(long cardId, DateOnly expiry) =>
        portal.WithDbAsync(db => db.Cards.Where(c => c.Id == cardId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiryDate, expiry)));

    /// <summary>Opens a card page twice, each time showing <paramref name="expected"/> in one element: the second visit stores it.</summary>
    private static async Task StoreAsync(TestBrowser browser, string iccid, string testId, string expected)
    {
        for (var visit = 0; visit < 2; visit++)
        {
            Assert.Equal(expected, (await browser.GetAsync($"/cards/{iccid}")).TestId(testId));
        }
    }

    [Fact]
    public async Task Does_serve_an_anonymous_card_page_from_the_cache_after_its_second_visit_per_language_and_never_a_signed_in_one()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var english = portal.NewBrowser("en-US");
        Assert.Equal("Mar 10, 2027", (await english.GetAsync($"/cards/{card.Iccid}")).TestId("expiry"));

        // A first visit is not stored: the second reads the card afresh, and is stored.
        await MoveExpiryQuietlyAsync(card.Id, new DateOnly(2027, 5, 10));
        Assert.Equal("May 10, 2027", (await english.GetAsync($"/cards/{card.Iccid}")).TestId("expiry"));

        await MoveExpiryQuietlyAsync(card.Id, new DateOnly(2027, 7, 10));

        Assert.Equal("May 10, 2027", (await english.GetAsync($"/cards/{card.Iccid}")).TestId("expiry"));
        using var chinese = portal.NewBrowser("zh-CN");
        Assert.Equal("2027年7月10日", (await chinese.GetAsync($"/cards/{card.Iccid}")).TestId("expiry"));
        using var support = portal.NewBrowser("en-US");
        await AccountTests.SignInAsync(support, "support@posrenewal.test", "Demo-support-1");
        Assert.Equal("Jul 10, 2027", (await support.GetAsync($"/cards/{card.Iccid}")).TestId("expiry"));
    }

    [Fact]
    public async Task Does_drop_a_card_page_from_the_cache_once_its_payment_is_applied()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var english = portal.NewBrowser("en-US");
        await StoreAsync(english, card.Iccid, "expiry", "Mar 10, 2027");

        var (orderNo, _, payUrl) = await Flow.ConfirmAsync(english, card.Iccid, "CM-3M");
        await Flow.ActAtSandboxAsync(english, payUrl, "Pay");
        await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);

        Assert.Equal("Jun 10, 2027", (await english.GetAsync($"/cards/{card.Iccid}")).TestId("expiry"));
    }

    [Fact]
    public async Task Does_drop_every_card_page_from_the_cache_once_a_price_changes()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var english = portal.NewBrowser("en-US");
        await StoreAsync(english, card.Iccid, "price-CM-6M", "¥60.00");

        using var admin = portal.NewBrowser();
        await AccountTests.SignInAsync(admin, "admin@posrenewal.test", "Demo-admin-1");
        var edited = await admin.SubmitAsync(await admin.GetAsync("/admin/packages"), "tr[data-package='CM-6M'] form[id]", new Dictionary<string, string>
        {
            ["Name"] = "半年包 600MB",
            ["NameEn"] = "Half-year 600MB",
            ["DataAllowanceMb"] = "600",
            ["Price"] = "66.60",
            ["SortOrder"] = "0",
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, edited.StatusCode);

        Assert.Equal("¥66.60", (await english.GetAsync($"/cards/{card.Iccid}")).TestId("price-CM-6M"));
    }
}
