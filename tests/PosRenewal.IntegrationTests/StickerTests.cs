using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Stickers;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

public class StickerTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string AgentsCard = DemoData.DemoIccid(0, 0);

    private static async Task<string> IssueAsync(TestBrowser staff, string iccid)
    {
        var page = await staff.GetAsync($"/stickers/card/{iccid}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(page, "form[action*='handler=Issue']")).StatusCode);
        return await LinkAsync(staff, iccid);
    }

    private static async Task<string> LinkAsync(TestBrowser staff, string iccid) =>
        new Uri((await staff.GetAsync($"/stickers/card/{iccid}")).TestId("link")!).AbsolutePath;

    private async Task<TestBrowser> AgentAsync()
    {
        var browser = portal.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.SignInAsync(browser, "agent@posrenewal.test", "Demo-agent-1")).StatusCode);
        return browser;
    }

    [Fact]
    public async Task Does_open_the_card_page_from_a_live_sticker_with_an_opaque_token()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 1, 5));
        using var support = await SupportTests.SupportAsync(portal);
        var path = await IssueAsync(support, card.Iccid);

        var token = path["/r/".Length..];
        Assert.Equal(RenewalSticker.TokenLength, token.Length);
        Assert.DoesNotContain(card.Iccid[^6..], token, StringComparison.Ordinal);
        using var phone = portal.NewBrowser();
        var scanned = await phone.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, scanned.StatusCode);
        Assert.Equal($"/cards/{card.Iccid}", scanned.Headers.Location!.ToString());
        // Printing a sheet again keeps the code already on the terminal.
        var form = await support.GetAsync($"/stickers?iccid={card.Iccid}");
        Assert.Equal(HttpStatusCode.Redirect, (await support.SubmitAsync(form, "form", new Dictionary<string, string> { ["Iccids"] = card.Iccid })).StatusCode);
        Assert.Equal(path, await LinkAsync(support, card.Iccid));
    }

    [Fact]
    public async Task Does_refuse_a_revoked_or_replaced_sticker_with_a_clear_page()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 1, 5));
        using var support = await SupportTests.SupportAsync(portal);
        var first = await IssueAsync(support, card.Iccid);

        var page = await support.GetAsync($"/stickers/card/{card.Iccid}");
        Assert.Equal(HttpStatusCode.Redirect, (await support.SubmitAsync(page, "form[action*='handler=Reissue']")).StatusCode);
        var second = await LinkAsync(support, card.Iccid);
        Assert.NotEqual(first, second);

        using var phone = portal.NewBrowser();
        var old = await phone.GetAsync(first);
        Assert.Equal(HttpStatusCode.NotFound, old.Status);
        Assert.Equal("Revoked", old.Document.QuerySelector("[data-testid=sticker-state]")!.GetAttribute("data-state"));
        Assert.Contains("withdrawn", old.Text, StringComparison.Ordinal);
        Assert.NotNull(old.Document.QuerySelector("input#iccid"));
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Http.GetAsync(second)).StatusCode);

        page = await support.GetAsync($"/stickers/card/{card.Iccid}");
        Assert.Equal(HttpStatusCode.Redirect, (await support.SubmitAsync(page, "form[action*='handler=Revoke']")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync(second)).Status);
        Assert.Null((await support.GetAsync($"/stickers/card/{card.Iccid}")).TestId("link"));

        var audit = await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.CardId == card.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["sticker.issue", "sticker.reissue", "sticker.revoke"], audit);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("nope")]
    [InlineData("89860012345678901234")]
    [InlineData("%3Cscript%3E")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Does_answer_an_unknown_token_with_a_clear_404(string token)
    {
        using var phone = portal.NewBrowser();
        var page = await phone.GetAsync($"/r/{token}");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("Unknown", page.Document.QuerySelector("[data-testid=sticker-state]")!.GetAttribute("data-state"));
        Assert.Contains("We do not know this code", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_let_an_agent_manage_stickers_only_for_their_own_merchants_cards()
    {
        using var agent = await AgentAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/stickers/card/{AgentsCard}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/stickers/card/{DemoData.UnicomLetterIccid}")).Status);

        var form = await agent.GetAsync("/stickers");
        var response = await agent.SubmitAsync(form, "form", new Dictionary<string, string> { ["Iccids"] = $"{AgentsCard}\n{DemoData.UnicomLetterIccid}" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var sheet = await agent.GetAsync(response.Headers.Location!.ToString());
        Assert.Single(sheet.Document.QuerySelectorAll("[data-testid=sheet] li svg"));
        Assert.Contains(DemoData.UnicomLetterIccid, sheet.Text, StringComparison.Ordinal);
        var other = await portal.WithDbAsync(db => db.Stickers.CountAsync(s => s.Card.Iccid == DemoData.UnicomLetterIccid));
        Assert.Equal(0, other);

        // Someone else's card asked for directly on the sheet is simply not shown.
        var direct = await agent.GetAsync($"/stickers/sheet?iccid={DemoData.UnicomLetterIccid}");
        Assert.Empty(direct.Document.QuerySelectorAll("[data-testid=sheet] li"));
    }

    [Fact]
    public async Task Does_keep_stickers_away_from_merchants_and_visitors()
    {
        using var visitor = portal.NewBrowser();
        var anonymous = await visitor.Http.GetAsync("/stickers");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);

        using var merchant = portal.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.SignInAsync(merchant, "merchant@posrenewal.test", "Demo-merchant-1")).StatusCode);
        var denied = await merchant.Http.GetAsync($"/stickers/card/{AgentsCard}?handler=Png");
        Assert.Contains("denied", denied.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Does_print_a_sheet_and_refuse_bad_lines_without_issuing_anything()
    {
        var a = await portal.AddCardAsync(new DateOnly(2027, 2, 1));
        var b = await portal.AddCardAsync(new DateOnly(2027, 2, 2));
        using var support = await SupportTests.SupportAsync(portal);
        var form = await support.GetAsync("/stickers");

        var bad = await TestBrowser.Page.ReadAsync(await support.SubmitAsync(form, "form",
            new Dictionary<string, string> { ["Iccids"] = $"{a.Iccid}\n8986001234" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("8986001234: This ICCID is too short", bad.Text, StringComparison.Ordinal);
        Assert.Equal(0, await portal.WithDbAsync(db => db.Stickers.CountAsync(s => s.CardId == a.Id)));

        var spaced = string.Join(' ', b.Iccid.Chunk(4).Select(c => new string(c)));
        var response = await support.SubmitAsync(form, "form", new Dictionary<string, string> { ["Iccids"] = $"{b.Iccid}\n{a.Iccid}\n{spaced}" });
        var sheet = await support.GetAsync(response.Headers.Location!.ToString());
        var items = sheet.Document.QuerySelectorAll("[data-testid=sheet] li");
        Assert.Equal([b.Iccid, a.Iccid], items.Select(li => li.GetAttribute("data-iccid")));
        Assert.All(items, li => Assert.NotNull(li.QuerySelector("svg")));
        Assert.Contains(a.Iccid[^6..], items[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_download_a_single_code_as_png_and_svg()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 2, 1));
        using var support = await SupportTests.SupportAsync(portal);
        Assert.Equal(HttpStatusCode.NotFound, (await support.Http.GetAsync($"/stickers/card/{card.Iccid}?handler=Png")).StatusCode);
        await IssueAsync(support, card.Iccid);

        var png = await support.Http.GetAsync($"/stickers/card/{card.Iccid}?handler=Png");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await png.Content.ReadAsByteArrayAsync())[..4]);
        var svg = await support.Http.GetAsync($"/stickers/card/{card.Iccid}?handler=Svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_keep_one_live_sticker_when_two_people_print_the_same_card_at_once()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 2, 1));
        var actor = new Actor("support@posrenewal.test", "Support");

        async Task<string> PrintAsync()
        {
            using var scope = portal.Services.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<IStickerService>().EnsureAsync([card.Iccid], null, actor, CancellationToken.None);
            return result.Value!.Single().Sticker!.Token;
        }

        var tokens = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(PrintAsync)));
        Assert.Single(tokens.Distinct());
        Assert.Equal(1, await portal.WithDbAsync(db => db.Stickers.CountAsync(s => s.CardId == card.Id)));
    }
}
