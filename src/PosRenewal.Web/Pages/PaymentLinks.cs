using Microsoft.AspNetCore.Mvc;
using PosRenewal.Core.Payments;
using PosRenewal.Infrastructure;

namespace PosRenewal.Web.Pages;

/// <summary>The return and notification addresses handed to a gateway for one payment attempt.</summary>
public static class PaymentLinks
{
    public static PaymentUrls For(PublicUrl publicUrl, IUrlHelper url, PaymentAttempt attempt) => new(
        publicUrl.Combine(url.Page("/Orders/Show", new { orderNo = attempt.Order.OrderNo, returned = 1 })!),
        publicUrl.Combine($"/payments/notify/{attempt.Gateway.ToLowerInvariant()}"));
}
