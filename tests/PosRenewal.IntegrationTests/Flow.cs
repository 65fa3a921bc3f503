using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace PosRenewal.IntegrationTests;

/// <summary>The merchant's steps, as a browser takes them.</summary>
public static class Flow
{
    /// <summary>Opens the confirmation page and submits it; returns the order number and the gateway page it redirects to.</summary>
    public static async Task<(string OrderNo, string TradeNo, Uri PayUrl)> ConfirmAsync(TestBrowser browser, string iccid, string packageCode)
    {
        var page = await browser.GetAsync($"/cards/{iccid}/renew/{packageCode}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return await SubmitConfirmationAsync(browser, page);
    }

    public static async Task<(string OrderNo, string TradeNo, Uri PayUrl)> SubmitConfirmationAsync(TestBrowser browser, TestBrowser.Page page)
    {
        var response = await browser.SubmitAsync(page, "form.confirm");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var payUrl = response.Headers.Location!;
        Assert.DoesNotContain(' ', payUrl.OriginalString);
        Assert.StartsWith("/sandbox/pay", payUrl.AbsolutePath, StringComparison.Ordinal);
        var tradeNo = QueryHelpers.ParseQuery(payUrl.Query)["trade_no"].ToString();
        return (tradeNo[..15], tradeNo, payUrl);
    }

    /// <summary>On the Sandbox's hosted page, presses Pay, Decline or Cancel; returns where the gateway sends the payer back.</summary>
    public static async Task<Uri> ActAtSandboxAsync(TestBrowser browser, Uri payUrl, string action)
    {
        var page = await browser.GetAsync(payUrl.ToString());
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var response = await browser.SubmitAsync(page, "form", submitValue: action);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }
}
