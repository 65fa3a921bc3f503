using System.Net;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// What a person gets from <c>docker compose up</c>: they open http://localhost:8080, sign in and renew a card.
/// Walked against the published Release build with compose.yaml's own environment, over plain HTTP.
/// </summary>
public class ComposeDeploymentTests(PublishedPortal portal) : IClassFixture<PublishedPortal>
{
    [Fact]
    public void Does_ship_compose_as_a_visible_demo_in_production()
    {
        var environment = PublishedPortal.ComposeEnvironment();

        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("true", environment["Portal__DemoMode"]);
        Assert.StartsWith("http://localhost:8080", environment["Portal__PublicBaseUrl"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_sign_in_and_renew_a_card_to_the_receipt_over_plain_http()
    {
        using var browser = portal.NewBrowser("zh-CN");
        var login = await browser.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Contains("演示模式", login.TestId("demo-banner"));
        Assert.False(login.Response.Headers.Contains("Strict-Transport-Security"));

        var signIn = await AccountTests.SignInAsync(browser, "merchant@posrenewal.test", "Demo-merchant-1");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/merchant", signIn.Headers.Location!.ToString());
        var merchant = await browser.GetAsync("/merchant");
        Assert.Equal(HttpStatusCode.OK, merchant.Status);
        Assert.Contains("merchant@posrenewal.test", merchant.Text);

        var (orderNo, _, payUrl) = await Flow.ConfirmAsync(browser, DemoData.DemoIccid(0, 1), "CM-1M");
        var back = await Flow.ActAtSandboxAsync(browser, payUrl, "Pay");
        Assert.Equal($"/orders/{orderNo}", back.AbsolutePath);

        var receipt = await WaitForReceiptAsync(browser, orderNo);
        Assert.Equal(orderNo, receipt.TestId("order-no"));
        Assert.Contains("演示收据", receipt.TestId("demo-receipt"));
        Assert.Contains("演示模式", receipt.TestId("demo-banner"));

        using var english = portal.NewBrowser("en-US");
        var englishReceipt = await english.GetAsync($"/orders/{orderNo}");
        Assert.Contains("no money moved", englishReceipt.TestId("demo-receipt"));
        Assert.Contains("no money moves", englishReceipt.TestId("demo-banner"));
    }

    private static async Task<TestBrowser.Page> WaitForReceiptAsync(TestBrowser browser, string orderNo)
    {
        for (var i = 0; i < 150; i++)
        {
            var page = await browser.GetAsync($"/orders/{orderNo}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            if (page.TestId("receipt-new-expiry") is not null)
            {
                return page;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Order {orderNo} showed no receipt within 30 s.");
    }
}
