using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Common;
using PosRenewal.Infrastructure.Simulators;

namespace PosRenewal.Infrastructure.Payments.Sandbox;

public enum SandboxPayerAction
{
    Pay,
    Decline,
    Cancel,
}

/// <summary>
/// The gateway side of the sandbox: what a hosted payment provider does with a payer's choice and
/// with the merchant's API calls. Runs inside the portal so development needs no external service.
/// </summary>
public sealed class SandboxSimulator(SimulatorDbContext db, IOptions<SandboxOptions> options, TimeProvider clock)
{
    public SandboxSigner Signer { get; } = new(options.Value.Secret);

    public async Task<SandboxTrade> OpenAsync(SandboxPayLink link, CancellationToken ct)
    {
        var trade = await db.SandboxTrades.SingleOrDefaultAsync(t => t.TradeNo == link.TradeNo, ct);
        if (trade is not null)
        {
            return trade;
        }

        trade = new SandboxTrade(link, Now);
        db.SandboxTrades.Add(trade);
        try
        {
            await db.SaveChangesAsync(ct);
            return trade;
        }
        catch (DbUpdateException)
        {
            // The payer opened the same link twice at once.
            db.ChangeTracker.Clear();
            return await db.SandboxTrades.SingleAsync(t => t.TradeNo == link.TradeNo, ct);
        }
    }

    /// <summary>Records the payer's choice once; a second click on the page changes nothing.</summary>
    public async Task<SandboxTrade> ActAsync(SandboxPayLink link, SandboxPayerAction action, CancellationToken ct)
    {
        var trade = await OpenAsync(link, ct);
        if (trade.IsSettled)
        {
            return trade;
        }

        var duplicate = Random.Shared.NextDouble() < options.Value.DuplicateRate;
        var lost = Random.Shared.NextDouble() < options.Value.LossRate;
        var reason = action switch
        {
            SandboxPayerAction.Pay => null,
            SandboxPayerAction.Decline => "declined by the payer's bank",
            _ => "cancelled by the payer",
        };
        trade.Settle(action == SandboxPayerAction.Pay, reason, duplicate, lost, Now);
        await db.SaveChangesAsync(ct);
        return trade;
    }

    public async Task<SandboxTradeMessage> QueryAsync(string tradeNo, CancellationToken ct)
    {
        var trade = await db.SandboxTrades.SingleOrDefaultAsync(t => t.TradeNo == tradeNo, ct);
        if (trade?.CloseIfExpired(Now) == true)
        {
            await db.SaveChangesAsync(ct);
        }

        return trade?.ToMessage(options.Value.MerchantId)
            ?? new SandboxTradeMessage(tradeNo, null, SandboxTradeMessage.NotFound, "0.00", null, null, null, options.Value.MerchantId);
    }

    public async Task<SandboxRefundResponse> RefundAsync(SandboxRefundRequest request, CancellationToken ct)
    {
        var trade = await db.SandboxTrades.SingleOrDefaultAsync(t => t.TradeNo == request.TradeNo, ct);
        if (await db.SandboxRefunds.AnyAsync(r => r.TradeNo == request.TradeNo && r.RefundNo == request.RefundNo, ct))
        {
            return new SandboxRefundResponse(true, "SBXR" + request.RefundNo, null);
        }

        if (trade is null || trade.Status != SandboxTradeMessage.Paid)
        {
            return new SandboxRefundResponse(false, null, "trade is not paid");
        }

        if (!Money.TryParseWire(request.Amount, out var amount) || amount == Money.Zero
            || trade.RefundedAmount.Amount + amount.Amount > trade.Amount.Amount)
        {
            return new SandboxRefundResponse(false, null, "refund amount exceeds what is left to refund");
        }

        db.Add(trade.Refund(amount, request.RefundNo, Now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two requests with one refund number racing: the unique index let the other one through, which refunded it.
            db.ChangeTracker.Clear();
            var refunded = await db.SandboxRefunds.AnyAsync(r => r.TradeNo == request.TradeNo && r.RefundNo == request.RefundNo, ct);
            return refunded ? new SandboxRefundResponse(true, "SBXR" + request.RefundNo, null) : new SandboxRefundResponse(false, null, "busy; try again");
        }

        return new SandboxRefundResponse(true, "SBXR" + request.RefundNo, null);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
