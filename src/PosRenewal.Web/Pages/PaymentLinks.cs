using Microsoft.AspNetCore.Mvc;
using PosRenewal.Core.Payments;
using PosRenewal.Infrastructure;

namespace PosRenewal.Web.Pages;

/// <summary>The return and notification addresses handed to a gateway for one payment attempt (of an order, or of a batch).</summary>
public static class PaymentLinks
{
    public static PaymentUrls For(PublicUrl publicUrl, IUrlHelper url, PaymentAttempt attempt) => new(
        publicUrl.Combine(attempt.Order is { } order
            ? url.Page("/Orders/Show", new { orderNo = order.OrderNo, returned = 1 })!
            : url.Page("/Batches/Show", new { batchNo = attempt.Batch!.BatchNo, returned = 1 })!),
        publicUrl.Combine($"/payments/notify/{attempt.Gateway.ToLowerInvariant()}"));
}
