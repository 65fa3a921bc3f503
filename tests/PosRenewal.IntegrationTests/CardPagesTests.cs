using System.Net;
using PosRenewal.Core.Cards;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

public class CardPagesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string ActiveMobile = DemoData.DemoIccid(0, 0);
    private static readonly string DeactivatedMobile = DemoData.DemoIccid(0, 4);

    [Theory]
    [InlineData("8986002500001", "too short: it has 13 characters")]
    [InlineData("12345678901234567890", "not a SIM card ICCID")]
    [InlineData("89860025000012345677", "check digit")]
    [InlineData("8986002500001234567!", "only digits")]
    [InlineData("89860025A00012345676", "should be digits only")]
    [InlineData("89440025000012345676", "not from China Mobile, China Unicom or China Telecom")]
    [InlineData("", "Enter the ICCID")]
    public async Task Does_answer_400_with_a_specific_message_when_the_iccid_is_invalid(string iccid, string message)
    {
        using var browser = portal.NewBrowser();
        var page = await browser.GetAsync($"/?iccid={Uri.EscapeDataString(iccid)}");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        var error = page.Document.QuerySelector("#iccid-error")!.TextContent;
        Assert.Contains(message, error);
        // The field keeps what was typed and points at its error.
        var input = page.Document.QuerySelector("#iccid")!;
        Assert.Equal(iccid, input.GetAttribute("value") ?? "");
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task Does_answer_400_on_the_card_address_when_the_iccid_is_invalid()
    {
        using var browser = portal.NewBrowser();
        var page = await browser.GetAsync("/cards/89860025000012345677");
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("check digit", page.Document.QuerySelector("#iccid-error")!.TextContent);
    }

    [Fact]
    public async Task Does_say_not_found_plainly_when_a_valid_iccid_is_unknown()
    {
        // One digit away from a demo card, with a valid check digit: must not hint that a neighbour exists.
        var body = ActiveMobile[..^2] + (ActiveMobile[^2] == '9' ? '0' : (char)(ActiveMobile[^2] + 1));
        var unknown = body + Iccid.LuhnCheckDigit(body);
        using var browser = portal.NewBrowser();

        var fromForm = await browser.GetAsync($"/?iccid={unknown}");
        var direct = await browser.GetAsync($"/cards/{unknown}");

        Assert.Equal(HttpStatusCode.NotFound, fromForm.Status);
        Assert.Equal(HttpStatusCode.NotFound, direct.Status);
        Assert.Contains("No card found", fromForm.Text);
        Assert.Contains("No card found", direct.Text);
        Assert.DoesNotContain(ActiveMobile, await fromForm.Response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Does_redirect_to_the_normalised_card_address_when_typed_with_spaces_or_lower_case()
    {
        using var browser = portal.NewBrowser();
        var spaced = string.Join(' ', ActiveMobile.Chunk(4).Select(c => new string(c)));

        var fromForm = await browser.Http.GetAsync($"/?iccid={Uri.EscapeDataString(spaced)}");
        var lower = await browser.Http.GetAsync($"/cards/{DemoData.UnicomLetterIccid.ToLowerInvariant()}");
        // As a Chinese phone keyboard types it: full-width digits, ideographic spaces.
        var fullWidth = string.Join('\u3000', ActiveMobile.Chunk(4).Select(c => new string(c.Select(d => (char)(d - '0' + '０')).ToArray())));
        var fromPhone = await browser.Http.GetAsync($"/?iccid={Uri.EscapeDataString(fullWidth)}");

        Assert.Equal(HttpStatusCode.Redirect, fromForm.StatusCode);
        Assert.Equal($"/cards/{ActiveMobile}", fromForm.Headers.Location!.ToString());
        Assert.Equal($"/cards/{ActiveMobile}", fromPhone.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, lower.StatusCode);
        Assert.Equal($"/cards/{DemoData.UnicomLetterIccid}", lower.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Does_show_status_expiry_data_and_packages_with_personal_data_masked()
    {
        using var browser = portal.NewBrowser();
        var page = await browser.GetAsync($"/cards/{ActiveMobile}");
        var html = await page.Response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Active", page.TestId("status"));
        Assert.Contains("China Mobile", page.Text);
        Assert.Contains("days left", page.Text);
        Assert.Contains("MB used of", page.Text);
        Assert.Contains("张**馆", page.Text);
        Assert.DoesNotContain("张记面馆", html);
        // Only the last four digits of the card's phone number (144000001200) show.
        Assert.Contains("********1200", page.Text);
        Assert.DoesNotContain("144000001200", html);
        var packages = page.Document.QuerySelectorAll(".package");
        Assert.Equal(4, packages.Length);
        Assert.All(packages, p => Assert.Contains("New expiry after renewal", p.TextContent));
        Assert.Contains("¥12.00", packages[0].TextContent);
        Assert.Equal($"/cards/{ActiveMobile}/renew/CM-1M", packages[0].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Does_answer_head_as_get_and_refuse_other_methods_on_the_card_address()
    {
        using var browser = portal.NewBrowser();

        // Sent whole, with its length (rendered first, not piece by piece into the connection).
        var get = await browser.Http.GetAsync($"/cards/{ActiveMobile}");
        Assert.NotEqual(true, get.Headers.TransferEncodingChunked);
        Assert.True(get.Content.Headers.Contains("Content-Length"));
        var head = await browser.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/cards/{ActiveMobile}"));
        var post = await browser.Http.PostAsync($"/cards/{ActiveMobile}", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/html; charset=utf-8", head.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.DoesNotContain("Exception", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_refuse_online_renewal_of_a_deactivated_card_and_say_what_to_do()
    {
        using var browser = portal.NewBrowser();
        var page = await browser.GetAsync($"/cards/{DeactivatedMobile}");
        var confirm = await browser.GetAsync($"/cards/{DeactivatedMobile}/renew/CM-1M");

        Assert.Equal("Deactivated", page.TestId("status"));
        Assert.Empty(page.Document.QuerySelectorAll(".package"));
        Assert.Contains("Contact your agent", page.Text);
        Assert.Equal(HttpStatusCode.Conflict, confirm.Status);
        Assert.Empty(confirm.Document.QuerySelectorAll("form.confirm"));
    }

    [Theory]
    [InlineData("CU-1M")]
    [InlineData("NOPE")]
    public async Task Does_answer_404_when_the_package_is_not_offered_for_the_card(string packageCode)
    {
        using var browser = portal.NewBrowser();
        var page = await browser.GetAsync($"/cards/{ActiveMobile}/renew/{packageCode}");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("not offered for this card", page.Text);
    }

    [Fact]
    public async Task Does_refuse_a_confirmation_post_without_the_antiforgery_token()
    {
        using var browser = portal.NewBrowser();
        var response = await browser.Http.PostAsync($"/cards/{ActiveMobile}/renew/CM-1M",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["IdempotencyKey"] = Guid.NewGuid().ToString("N"), ["Gateway"] = "Sandbox" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("", "Sandbox", "form has expired")]
    [InlineData("short", "Sandbox", "form has expired")]
    [InlineData("0123456789abcdef0123", "Bitcoin", "payment methods offered")]
    public async Task Does_answer_400_without_creating_an_order_when_the_confirmation_is_tampered(string key, string gateway, string message)
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 5, 5));
        using var browser = portal.NewBrowser();
        var page = await browser.GetAsync($"/cards/{card.Iccid}/renew/CM-1M");

        var response = await browser.SubmitAsync(page, "form.confirm", new Dictionary<string, string> { ["IdempotencyKey"] = key, ["Gateway"] = gateway });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await portal.WithDbAsync(db => Task.FromResult(db.Orders.Count(o => o.CardId == card.Id))));
    }

    [Theory]
    [InlineData("/orders/R991231ABCDEFGH")]
    [InlineData("/orders/not-an-order")]
    [InlineData("/orders/R991231ABCDEFGH%27%20OR%201=1")]
    public async Task Does_answer_404_for_an_unknown_or_malformed_order_number(string url)
    {
        using var browser = portal.NewBrowser();
        var page = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Page not found", page.Text);
    }

    [Fact]
    public async Task Does_answer_404_not_400_when_a_valid_form_posts_to_an_unknown_order()
    {
        using var browser = portal.NewBrowser();
        var (orderNo, _, _) = await Flow.ConfirmAsync(browser, DemoData.DemoIccid(1, 0), "CU-1M");
        var page = await browser.GetAsync($"/orders/{orderNo}");
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await browser.Http.PostAsync("/orders/R991231ABCDEFGH?handler=Pay",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["gateway"] = "Sandbox" }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Does_report_liveness_and_readiness()
    {
        using var browser = portal.NewBrowser();
        Assert.Equal("Healthy", await browser.Http.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await browser.Http.GetStringAsync("/healthz/ready"));
    }

    [Fact]
    public async Task Does_never_log_a_full_iccid()
    {
        using var browser = portal.NewBrowser();
        await browser.GetAsync($"/cards/{ActiveMobile}");
        await browser.GetAsync($"/cards/{ActiveMobile[..4]}-{ActiveMobile[4..]}");
        var (orderNo, _, _) = await Flow.ConfirmAsync(browser, ActiveMobile, "CM-1M");

        // Request log events are written just after the response is sent: wait (bounded) for ours.
        var masked = $"/cards/****************{ActiveMobile[^4..]}";
        List<string> rendered = [];
        for (var i = 0; i < 50 && !rendered.Any(line => line.Contains(masked, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
            rendered = portal.Logs.Select(e => e.RenderMessage() + " " + string.Join(' ', e.Properties.Values)).ToList();
        }

        Assert.Contains(rendered, line => line.Contains(masked, StringComparison.Ordinal));
        Assert.Contains(portal.Logs, e => e.MessageTemplate.Text.StartsWith("HTTP", StringComparison.Ordinal)
            && e.RenderMessage().Contains(masked, StringComparison.Ordinal));
        Assert.Contains(rendered, line => line.Contains(orderNo, StringComparison.Ordinal));
        var leaks = string.Join('\n', rendered.Where(line => line.Contains(ActiveMobile, StringComparison.Ordinal)));
        Assert.True(leaks.Length == 0, leaks);
        Assert.DoesNotContain(rendered, line => line.Contains(ActiveMobile[4..], StringComparison.Ordinal));
    }
}

public class ReadmeDemoCardsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Does_seed_every_demo_iccid_the_readme_lists()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "README.md"));
        var listed = System.Text.RegularExpressions.Regex.Matches(readme, "`(89[0-9A-Z]{17,18})`").Select(m => m.Groups[1].Value).ToList();
        using var browser = portal.NewBrowser();

        Assert.Equal(16, listed.Count);
        foreach (var iccid in listed)
        {
            var page = await browser.GetAsync($"/cards/{iccid}");
            Assert.True(page.Status == HttpStatusCode.OK, $"README lists {iccid}, the portal answers {page.Status}");
        }
    }

    /// <summary>The repository root, found by walking up from the test binaries to the solution file.</summary>
    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "PosRenewal.sln")))
        {
            dir = dir.Parent;
        }

        return dir.FullName;
    }
}
