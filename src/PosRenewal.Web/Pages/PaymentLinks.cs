using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using PosRenewal.Core.Payments;
using PosRenewal.Infrastructure;

namespace PosRenewal.Web.Pages;

/// <summary>The return and notification addresses handed to a gateway for one payment attempt (of an order, or of a batch).</summary>
public static partial class PaymentLinks
{
    /// <summary>The payer behind a request: a phone's browser gets the gateways' mobile pages; the address goes to gateways that ask for it.</summary>
    public static Payer PayerOf(HttpRequest request) =>
        new(PhoneBrowser().IsMatch(request.Headers.UserAgent.ToString()), request.HttpContext.Connection.RemoteIpAddress?.ToString());

    [GeneratedRegex("Mobile|Android|iPhone|iPad|iPod|HarmonyOS", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneBrowser();

    public static PaymentUrls For(PublicUrl publicUrl, IUrlHelper url, PaymentAttempt attempt) => new(
        publicUrl.Combine(attempt.Order is { } order
            ? url.Page("/Orders/Show", new { orderNo = order.OrderNo, returned = 1 })!
            : url.Page("/Batches/Show", new { batchNo = attempt.Batch!.BatchNo, returned = 1 })!),
        publicUrl.Combine($"/payments/notify/{attempt.Gateway.ToLowerInvariant()}"));
}
