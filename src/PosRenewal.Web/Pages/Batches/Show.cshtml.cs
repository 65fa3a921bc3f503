using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Batches;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure;

namespace PosRenewal.Web.Pages.Batches;

/// <summary>
/// <c>/batches/{batchNo}</c>: pay the batch once (agent balance or a gateway's hosted page), then follow each card's
/// order: paid, activating, active, or refunded. Refreshes itself while anything is still moving.
/// </summary>
public sealed partial class ShowModel(
    BatchService batches,
    IPaymentService payments,
    PaymentGateways gateways,
    PublicUrl publicUrl) : PageModel
{
    /// <summary>The policy for the batch pages: an admin, or an agent acting for an agent account.</summary>
    public const string Policy = "Batches";

    public RenewalBatch? Batch { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>Back from the gateway. Only a sign to wait: the browser's return proves nothing about payment.</summary>
    public bool Returned { get; private set; }

    /// <summary>Balance (agents only) and the gateways' pages for this device; a batch is paid at a desk, not by scanning a code.</summary>
    public IReadOnlyList<string> Choices =>
        [.. User.AgentId() is null ? [] : new[] { PaymentErrors.AgentBalance },
            .. gateways.ChoicesFor(PaymentLinks.PayerOf(Request).OnPhone).Where(c => !c.StartsWith(PaymentGateways.QrPrefix, StringComparison.Ordinal))];

    public bool Waiting => Batch is { Status: BatchStatus.AwaitingPayment } && Batch.Attempts.LastOrDefault()?.Status == PaymentAttemptStatus.Pending;

    /// <summary>Waiting for the payment, or for cards still being activated (or refunded).</summary>
    public bool Refresh => Waiting || (Batch is not null && BeingRenewed > 0);

    public IReadOnlyDictionary<OrderStatus, int> Counts => Batch!.Orders.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Orders paid and not yet active on the carrier.</summary>
    public int BeingRenewed => Batch!.Orders.Count(o => RenewalOrder.AwaitingActivation.Contains(o.Status));

    /// <summary>What the page shows that can change while it is open (polled by poll.js).</summary>
    public string State => $"{Batch!.Status}/{Batch.Attempts.Count}/{Batch.Attempts.LastOrDefault()?.Status}/"
        + string.Join(",", Counts.OrderBy(c => c.Key).Select(c => $"{c.Key}:{c.Value}"));

    public async Task<IActionResult> OnGetAsync(string batchNo, int? returned, CancellationToken ct)
    {
        Returned = returned == 1;
        return await LoadAsync(batchNo, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnGetStateAsync(string batchNo, CancellationToken ct) =>
        await LoadAsync(batchNo, ct) ? Content(State) : NotFound();

    public async Task<IActionResult> OnPostPayAsync(string batchNo, string? gateway, CancellationToken ct)
    {
        if (!await LoadAsync(batchNo, ct))
        {
            return NotFound();
        }

        if (gateway is null || !Choices.Contains(gateway))
        {
            return Refuse(StatusCodes.Status400BadRequest, "Choose one of the payment methods offered.");
        }

        if (gateway == PaymentErrors.AgentBalance)
        {
            var paid = await payments.PayFromBalanceAsync(batchNo, User.AgentId()!.Value, User.Actor()!, ct);
            return paid.IsSuccess || paid.Error == PaymentErrors.NotPayable
                ? RedirectToPage(new { batchNo })
                : Refuse(StatusCodes.Status409Conflict, paid.Message!);
        }

        var started = await payments.StartAsync(batchNo, gateway, PaymentLinks.PayerOf(Request), attempt => PaymentLinks.For(publicUrl, Url, attempt), ct);
        if (started is { IsSuccess: true, Value.RedirectUrl: { } redirect })
        {
            return Redirect(redirect);
        }

        return started.IsSuccess || started.Error == PaymentErrors.NotPayable
            ? RedirectToPage(new { batchNo })
            : Refuse(started.Error == PaymentErrors.GatewayUnavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest,
                started.Message ?? "The payment could not be started.");
    }

    public async Task<IActionResult> OnPostCheckAsync(string batchNo, CancellationToken ct)
    {
        if (!await LoadAsync(batchNo, ct))
        {
            return NotFound();
        }

        await payments.RefreshAsync(batchNo, ct);
        return RedirectToPage(new { batchNo });
    }

    private IActionResult Refuse(int status, string problem)
    {
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(string? batchNo, CancellationToken ct)
    {
        // A blank route value binds as null.
        Batch = batchNo is not null && BatchNoPattern().IsMatch(batchNo) ? await batches.GetAsync(batchNo, User.BatchScope(), ct) : null;
        return Batch is not null;
    }

    [GeneratedRegex("^B[0-9]{6}[0-9A-Z]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex BatchNoPattern();
}
