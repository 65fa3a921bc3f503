using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure;

namespace PosRenewal.Web.Pages.Orders;

/// <summary><c>/orders/{orderNo}</c>: waiting for payment, then the printable receipt.</summary>
public sealed partial class ShowModel(
    IRenewalService renewals,
    IPaymentService payments,
    PaymentGateways gateways,
    PublicUrl publicUrl,
    TimeProvider clock,
    IMemoryCache cache) : PageModel
{
    public RenewalOrder? Order { get; private set; }


    /// <summary>A payment was started and its result has not arrived: the page refreshes itself.</summary>
    public bool Waiting => Order is { Status: OrderStatus.AwaitingPayment }
        && Order.Attempts.LastOrDefault()?.Status == PaymentAttemptStatus.Pending;

    /// <summary>Waiting for the payment, or for the carrier to apply a paid renewal: refresh until it settles.</summary>
    public bool Refresh => Waiting || Order?.Status is OrderStatus.Paid or OrderStatus.Activating;

    /// <summary>Back from the gateway. Only a sign to wait: the browser's return proves nothing about payment.</summary>
    public bool Returned { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>
    /// The ways to pay on this device. None for a batch's order (paid with its batch), and none while the payer is back
    /// from the gateway and its word is awaited: nothing invites paying twice (a link leads back to them).
    /// </summary>
    public IReadOnlyList<string> Choices => Order?.InBatch == true || (Returned && Waiting) ? [] : gateways.ChoicesFor(OnPhone);

    public bool OnPhone => PaymentLinks.PayerOf(Request).OnPhone;

    /// <summary>On a phone shown a code it cannot scan: the same gateway's mobile page, offered beside the code.</summary>
    public string? PayOnThisPhone => LiveQr is { } qr && OnPhone && Choices.Contains(qr.Gateway) ? qr.Gateway : null;

    /// <summary>The scan-to-pay code being waited on, while it can still be paid.</summary>
    public PaymentAttempt? LiveQr => Waiting && Order!.Attempts[^1] is { Mode: PaymentMode.QrCode, QrPayload: not null } a && !a.HasExpired(Now) ? a : null;

    /// <summary>Seconds the live code has left by the server's clock (the payer's device clock may be wrong).</summary>
    public int QrSecondsLeft => LiveQr?.ExpiresAtUtc is { } end ? (int)Math.Max(0, Math.Ceiling((end - Now).TotalSeconds)) : 0;

    /// <summary>The last attempt was a scan-to-pay code that has run out: offer a new one.</summary>
    public bool QrExpired => Waiting && Order!.Attempts[^1] is { Mode: PaymentMode.QrCode } a && a.HasExpired(Now);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>What the page shows that can change while it is open (polled by poll.js): the order, its last attempt, a code running out.</summary>
    public string State => $"{Order!.Status}/{Order.Attempts.Count}/{Order.Attempts.LastOrDefault()?.Status}/{QrExpired}";

    public async Task<IActionResult> OnGetAsync(string orderNo, int? returned, CancellationToken ct)
    {
        Returned = returned == 1;
        return await LoadAsync(orderNo, ct) ? Page() : NotFound();
    }

    /// <summary>How old an attempt is before a waiting page's polling asks the gateway about it, and how often it may.</summary>
    public static readonly TimeSpan AskGatewayAfter = TimeSpan.FromSeconds(5), AskGatewayEvery = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The state poll.js compares. While a payer waits, it also asks the gateway now and then (once an attempt is a few
    /// seconds old, at most every 10 s an order): a payment whose notification is late or lost still moves the page on,
    /// instead of leaving a code or pay-again buttons up after the payer has paid.
    /// </summary>
    public async Task<IActionResult> OnGetStateAsync(string orderNo, CancellationToken ct)
    {
        if (!await LoadAsync(orderNo, ct))
        {
            return NotFound();
        }

        if (Waiting && Order!.Attempts[^1].CreatedAtUtc <= Now - AskGatewayAfter && !cache.TryGetValue(("ask-gateway", orderNo), out _))
        {
            cache.Set(("ask-gateway", orderNo), true, AskGatewayEvery);
            await payments.RefreshAsync(orderNo, ct);
            await LoadAsync(orderNo, ct);
        }

        return Content(State);
    }

    public async Task<IActionResult> OnPostPayAsync(string orderNo, string? gateway, CancellationToken ct)
    {
        if (!await LoadAsync(orderNo, ct))
        {
            return NotFound();
        }

        var started = await payments.StartAsync(orderNo, gateway ?? "", PaymentLinks.PayerOf(Request), attempt => PaymentLinks.For(publicUrl, Url, attempt), ct);
        if (started is { IsSuccess: true, Value.RedirectUrl: { } redirect })
        {
            return Redirect(redirect);
        }

        if (started.IsSuccess || started.Error == PaymentErrors.NotPayable)
        {
            return RedirectToPage(new { orderNo });
        }

        Problem = started.Message ?? "The payment could not be started.";
        Response.StatusCode = started.Error == PaymentErrors.GatewayUnavailable
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostCheckAsync(string orderNo, CancellationToken ct)
    {
        if (!IsOrderNo(orderNo))
        {
            return NotFound();
        }

        await payments.RefreshAsync(orderNo, ct);
        return RedirectToPage(new { orderNo });
    }

    private async Task<bool> LoadAsync(string? orderNo, CancellationToken ct)
    {
        Order = IsOrderNo(orderNo) ? await renewals.GetOrderAsync(orderNo, ct) : null;
        return Order is not null;
    }

    // A blank route value binds as null.
    public static bool IsOrderNo([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? orderNo) => orderNo is not null && OrderNoPattern().IsMatch(orderNo);

    [GeneratedRegex("^R[0-9]{6}[0-9A-Z]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex OrderNoPattern();
}
