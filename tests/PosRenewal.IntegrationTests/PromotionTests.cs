using System.Net;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Common;
using PosRenewal.Core.Promotions;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure.Carriers.Simulated;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// Promotions through the real pages: best one chosen, recorded on order and receipt, bonus data sent to the
/// carrier, the cap under concurrency, an end mid-checkout. Each test scopes its promotions by package or
/// code so they do not touch the other tests' renewals.
/// </summary>
public class PromotionTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static DateOnly Today => ChinaTime.Today(TestClock.Instance);

    private Task<Promotion> AddAsync(string name, PromotionKind kind, decimal value, string? packages = null, string? code = null, int? cap = null, bool first = false) =>
        portal.WithDbAsync(async db =>
        {
            var promotion = new Promotion(name, kind, value, Today.AddDays(-1), Today.AddDays(10), TestClock.UtcNow)
            {
                PackageCodes = packages,
                Code = code,
                MaxUses = cap,
                FirstRenewalOnly = first,
            };
            db.Promotions.Add(promotion);
            await db.SaveChangesAsync();
            return promotion;
        });

    private async Task PayAsync(TestBrowser browser, string tradeNo, string amount) =>
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(tradeNo, amount)))).StatusCode);

    [Fact]
    public async Task Does_price_with_the_best_promotion_and_record_it_on_the_order_and_the_receipt()
    {
        await AddAsync("立减 5 元", PromotionKind.AmountOff, 5m, packages: "CM-6M");
        await AddAsync("九折", PromotionKind.PercentOff, 10m, packages: "CM-6M");
        await AddAsync("赠送 1GB", PromotionKind.BonusData, 1000m, packages: "CM-6M");
        var card = await portal.AddCardAsync(Today.AddDays(40));
        using var browser = portal.NewBrowser();

        var cardPage = await browser.GetAsync($"/cards/{card.Iccid}");
        Assert.Equal("九折", cardPage.TestId("promotion-CM-6M"));
        Assert.Equal("¥54.00", cardPage.TestId("price-CM-6M"));
        Assert.Equal("¥12.00", cardPage.TestId("price-CM-1M"));
        Assert.Contains("赠送 1GB", cardPage.TestId("promotions"));

        var confirm = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-6M");
        Assert.Equal("−¥6.00", confirm.TestId("discount"));
        Assert.Equal("¥54.00", confirm.TestId("total"));
        var (orderNo, tradeNo, _) = await Flow.SubmitConfirmationAsync(browser, confirm);
        await PayAsync(browser, tradeNo, "54.00");

        var order = await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);
        Assert.Equal(("九折", 6m, 54m, 0L), (order.PromotionName, order.Discount.Amount, order.Total.Amount, order.BonusDataMb));
        var receipt = await browser.GetAsync($"/orders/{orderNo}");
        Assert.Equal("−¥6.00", receipt.TestId("receipt-discount"));
        Assert.Contains("九折", receipt.Document.QuerySelector("[data-testid='receipt-discount']")!.ParentElement!.TextContent);
        Assert.Equal("¥54.00", receipt.TestId("receipt-total"));
    }

    [Fact]
    public async Task Does_send_the_bonus_data_to_the_carrier_with_the_renewal()
    {
        await AddAsync("赠送 1GB", PromotionKind.BonusData, 1000m, packages: "CM-3M", code: "BONUS1G");
        var card = await portal.AddCardAsync(Today.AddDays(40));
        using var browser = portal.NewBrowser();

        Assert.Null((await browser.GetAsync($"/cards/{card.Iccid}")).TestId("promotion-CM-3M"));
        var withCode = await browser.GetAsync($"/cards/{card.Iccid}?code=bonus1g");
        Assert.Equal("赠送 1GB", withCode.TestId("promotion-CM-3M"));
        Assert.NotNull(withCode.TestId("code-accepted"));

        var confirm = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-3M?code=BONUS1G");
        Assert.Equal("+1 GB", confirm.TestId("bonus"));
        var (orderNo, tradeNo, _) = await Flow.SubmitConfirmationAsync(browser, confirm);
        await PayAsync(browser, tradeNo, "33.00");

        var order = await portal.WaitForOrderAsync(orderNo, o => o.Status == OrderStatus.Active);
        Assert.Equal(1000, order.BonusDataMb);
        var carrierCard = await portal.WithSimulatorsAsync(db => db.CarrierCards.AsNoTracking().SingleAsync(c => c.Iccid == card.Iccid));
        Assert.Equal(1000, carrierCard.BonusDataMb);
        Assert.Equal("+1 GB", (await browser.GetAsync($"/orders/{orderNo}")).TestId("receipt-bonus"));
    }

    private const int Racers = 24;

    [Fact]
    public async Task Does_hold_the_cap_when_more_orders_race_for_it_than_it_allows()
    {
        var promotion = await AddAsync("限量立减 20 元", PromotionKind.AmountOff, 20m, packages: "CM-12M", code: "CAP3", cap: 3);
        var pages = new List<(TestBrowser Browser, TestBrowser.Page Page)>();
        for (var i = 0; i < Racers; i++)
        {
            var browser = portal.NewBrowser();
            var card = await portal.AddCardAsync(Today.AddDays(40));
            var page = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-12M?code=CAP3");
            Assert.Equal("¥88.00", page.TestId("total"));
            pages.Add((browser, page));
        }

        // All submissions start together, so many read "uses left" before any takes one.
        var go = new TaskCompletionSource();
        var racing = pages.Select(p => Task.Run(async () =>
        {
            await go.Task;
            return await p.Browser.SubmitAsync(p.Page, "form.confirm");
        })).ToList();
        go.SetResult();
        var answers = await Task.WhenAll(racing);

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Redirect));
        var refused = answers.Where(a => a.StatusCode != HttpStatusCode.Redirect).ToList();
        Assert.Equal(Racers - 3, refused.Count);
        foreach (var answer in refused)
        {
            Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
            var repriced = await TestBrowser.Page.ReadAsync(answer);
            Assert.Contains("The price has changed", repriced.Text);
            Assert.NotEqual("¥88.00", repriced.TestId("total"));
        }

        Assert.Equal(3, await portal.WithDbAsync(db => db.Orders.CountAsync(o => o.PromotionId == promotion.Id)));
        Assert.Equal(3, await portal.WithDbAsync(db => db.Promotions.Where(p => p.Id == promotion.Id).Select(p => p.Uses).SingleAsync()));
        foreach (var (browser, _) in pages)
        {
            browser.Dispose();
        }
    }

    [Fact]
    public async Task Does_reprice_with_a_message_when_the_promotion_ends_between_confirming_and_paying()
    {
        var promotion = await AddAsync("限时立减 3 元", PromotionKind.AmountOff, 3m, packages: "CM-1M", code: "ENDING");
        var card = await portal.AddCardAsync(Today.AddDays(40));
        using var browser = portal.NewBrowser();
        var confirm = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M?code=ENDING");
        Assert.Equal("¥9.00", confirm.TestId("total"));

        await portal.WithDbAsync(async db =>
        {
            (await db.Promotions.SingleAsync(p => p.Id == promotion.Id)).End(Today);
            return await db.SaveChangesAsync();
        });
        var answer = await browser.SubmitAsync(confirm, "form.confirm");

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        var repriced = await TestBrowser.Page.ReadAsync(answer);
        Assert.Contains("The price has changed", repriced.Text);
        Assert.Equal("¥12.00", repriced.TestId("total"));
        Assert.False(await portal.WithDbAsync(db => db.Orders.AnyAsync(o => o.CardId == card.Id)));

        // Confirming the new price orders at the full price.
        var (orderNo, _, _) = await Flow.SubmitConfirmationAsync(browser, repriced);
        var order = await portal.ReloadOrderAsync(orderNo);
        Assert.Equal((12m, (long?)null), (order.Total.Amount, order.PromotionId));
    }

    [Fact]
    public async Task Does_refuse_a_tampered_total_and_tell_about_a_code_that_does_not_apply()
    {
        var card = await portal.AddCardAsync(Today.AddDays(40));
        using var browser = portal.NewBrowser();
        var confirm = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M");
        var tampered = await browser.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["ConfirmedTotal"] = "0.01" });
        Assert.Equal(HttpStatusCode.Conflict, tampered.StatusCode);
        var garbage = await browser.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["ConfirmedTotal"] = "free" });
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.False(await portal.WithDbAsync(db => db.Orders.AnyAsync(o => o.CardId == card.Id)));

        var unknown = await browser.GetAsync($"/cards/{card.Iccid}?code=NOSUCHCODE");
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Contains("not valid for this card", unknown.TestId("code-problem"));
        var hostile = await browser.GetAsync($"/cards/{card.Iccid}?code=%3Cscript%3Ealert(1)%3C/script%3E");
        Assert.Equal(HttpStatusCode.BadRequest, hostile.Status);
        Assert.DoesNotContain("<script>alert", hostile.Document.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task Does_give_a_first_renewal_promotion_only_to_a_card_never_renewed()
    {
        await AddAsync("首次续费立减 2 元", PromotionKind.AmountOff, 2m, packages: "CM-1M", code: "FIRST", first: true);
        var card = await portal.AddCardAsync(Today.AddDays(40));
        using var browser = portal.NewBrowser();
        Assert.Equal("¥10.00", (await browser.GetAsync($"/cards/{card.Iccid}?code=FIRST")).TestId("price-CM-1M"));

        var (_, tradeNo, _) = await Flow.SubmitConfirmationAsync(browser, await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M?code=FIRST"));
        await PayAsync(browser, tradeNo, "10.00");
        await portal.WaitForOrderAsync(tradeNo[..15], o => o.IsPaid);

        var again = await browser.GetAsync($"/cards/{card.Iccid}?code=FIRST");
        Assert.Equal("¥12.00", again.TestId("price-CM-1M"));
        Assert.NotNull(again.TestId("code-problem"));
    }

    [Fact]
    public async Task Does_let_an_admin_define_and_end_a_promotion_refusing_bad_input_without_writing_anything()
    {
        using var browser = portal.NewBrowser();
        await AccountTests.SignInAsync(browser, "admin@posrenewal.test", "Demo-admin-1");
        var page = await browser.GetAsync("/admin/promotions");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var good = new Dictionary<string, string>
        {
            ["Name"] = "新年立减 8 元",
            ["NameEn"] = "New Year ¥8 off",
            ["Kind"] = "AmountOff",
            ["Value"] = "8",
            ["StartsOn"] = Today.ToString("yyyy-MM-dd"),
            ["EndsOn"] = Today.AddDays(5).ToString("yyyy-MM-dd"),
            ["PackageCodes"] = "cm-3m, CU-3M",
            ["Code"] = "newyear8",
            ["MaxUses"] = "100",
        };
        var before = await portal.WithDbAsync(db => db.Promotions.CountAsync());
        foreach (var (field, bad) in new[] { ("Name", ""), ("NameEn", ""), ("Kind", "Free"), ("Value", "-5"), ("Value", "8.001"), ("EndsOn", Today.AddDays(-1).ToString("yyyy-MM-dd")),
                     ("StartsOn", "tomorrow"), ("PackageCodes", "NOPE-1M"), ("Code", "<b>x</b>"), ("MaxUses", "0"), ("MaxUses", "1e9") })
        {
            var refused = await browser.SubmitAsync(page, "form[data-testid='promotion-form']", new Dictionary<string, string>(good) { [field] = bad });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("notice bad error", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(before, await portal.WithDbAsync(db => db.Promotions.CountAsync()));
        var created = await browser.SubmitAsync(page, "form[data-testid='promotion-form']", good);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var promotion = await portal.WithDbAsync(db => db.Promotions.AsNoTracking().SingleAsync(p => p.Code == "NEWYEAR8"));
        Assert.Equal(("CM-3M,CU-3M", 8m, 100, "新年立减 8 元", "New Year ¥8 off"), (promotion.PackageCodes, promotion.Value, promotion.MaxUses, promotion.Name, promotion.NameEn));

        var list = await browser.GetAsync("/admin/promotions");
        Assert.Equal("Running", list.Document.QuerySelector($"[data-promotion='{promotion.Id}']")!.GetAttribute("data-state"));
        var ended = await browser.SubmitAsync(list, $"[data-promotion='{promotion.Id}'] form");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        list = await browser.GetAsync("/admin/promotions");
        Assert.Equal("Ended", list.Document.QuerySelector($"[data-promotion='{promotion.Id}']")!.GetAttribute("data-state"));
        Assert.Equal(2, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Subject == $"promotion {promotion.Id}")));
    }
}
