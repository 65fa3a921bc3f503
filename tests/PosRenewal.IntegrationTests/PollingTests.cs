using System.Net;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

/// <summary>Limits that must not lock honest people out: a page's own polling, loading the sign-in page.</summary>
public class PollingTests(RateLimitedPortalFactory portal) : IClassFixture<RateLimitedPortalFactory>
{
    [Fact]
    public async Task Does_answer_a_waiting_order_pages_own_polling_however_often_after_the_order_limit_is_spent()
    {
        using var browser = portal.NewBrowser();
        var card = await portal.AddCardAsync(new DateOnly(2030, 1, 10));
        var (orderNo, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        var spent = await browser.GetAsync($"/orders/{orderNo}");
        Assert.Equal(HttpStatusCode.TooManyRequests, spent.Status);

        var states = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var poll = await browser.Http.GetAsync($"/orders/{orderNo}?handler=State");
            Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            states.Add(await poll.Content.ReadAsStringAsync());
        }

        Assert.All(states, s => Assert.Equal("AwaitingPayment/1/Pending/False", s));
        var paid = await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(tradeNo, "12.00")));
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var after = await (await browser.Http.GetAsync($"/orders/{orderNo}?handler=State")).Content.ReadAsStringAsync();
        Assert.NotEqual(states[0], after);
        Assert.EndsWith("/1/Succeeded/False", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_count_sign_in_attempts_not_page_loads()
    {
        using var browser = portal.NewBrowser();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/login")).Status);
        }

        var signIn = await AccountTests.SignInAsync(browser, "merchant@posrenewal.test", "Demo-merchant-1");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }
}

public class WaitingPageTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Does_poll_with_a_script_and_a_refresh_link_instead_of_a_meta_refresh()
    {
        using var browser = portal.NewBrowser();
        var card = await portal.AddCardAsync(new DateOnly(2030, 1, 10));
        var (orderNo, _, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        var page = await browser.GetAsync($"/orders/{orderNo}");

        Assert.Null(page.Document.QuerySelector("meta[http-equiv='refresh']"));
        Assert.Equal("AwaitingPayment/1/Pending/False", page.Document.QuerySelector("[data-poll-state]")?.GetAttribute("data-poll-state"));
        Assert.NotNull(page.Document.QuerySelector("script[src^='/js/poll.js']"));
        Assert.NotNull(page.Document.QuerySelector("[data-testid='refresh']"));
    }

    [Theory]
    [InlineData("/%09/x")]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    public async Task Does_send_a_language_switch_with_a_foreign_or_malformed_return_address_home(string returnUrl)
    {
        using var browser = portal.NewBrowser();
        var answer = await browser.Http.GetAsync($"/language?culture=zh-CN&returnUrl={returnUrl}");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/", answer.Headers.Location!.OriginalString);
    }
}

/// <summary>A waiting page whose payment's notification never comes: its own polling asks the gateway, and moves on.</summary>
public class PollingAsksTheGatewayTests(QuietGatewayPortalFactory portal) : IClassFixture<QuietGatewayPortalFactory>
{
    [Fact]
    public async Task Does_move_a_counter_showing_a_code_on_to_paid_when_the_notification_is_lost()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var counter = portal.NewBrowser();
        var page = await ScanToPay.ConfirmAsync(counter, card.Iccid, "CM-1M");
        var orderNo = page.Url.AbsolutePath.Split('/')[^1];
        using var phone = portal.NewBrowser();
        await Flow.ActAtSandboxAsync(phone, new Uri((await portal.ReloadOrderAsync(orderNo)).Attempts.Single().QrPayload!), "Pay");

        // No notification will come (this gateway loses them all) and reconciliation waits minutes: only the page's polling asks.
        string state = "";
        for (var i = 0; i < 60 && !state.StartsWith("Paid", StringComparison.Ordinal) && !state.StartsWith("Activ", StringComparison.Ordinal); i++)
        {
            await Task.Delay(250);
            state = await (await counter.Http.GetAsync($"/orders/{orderNo}?handler=State")).Content.ReadAsStringAsync();
        }

        Assert.Contains("/Succeeded/", state, StringComparison.Ordinal);
        Assert.Null((await counter.GetAsync($"/orders/{orderNo}")).Document.QuerySelector("[data-testid=qr]"));
    }
}
