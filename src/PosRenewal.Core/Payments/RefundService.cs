using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Common;
using PosRenewal.Core.Outbox;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Payments;

/// <summary>The same codes as <see cref="Support.SupportErrors"/>, so support's desk shows refund refusals like its own.</summary>
public static class RefundErrors
{
    public const string NotFound = Support.SupportErrors.NotFound;
    public const string NotPaid = Support.SupportErrors.NotAllowed;
    public const string GatewayRefused = "gateway_refused";
}

/// <summary>
/// Gives back what one order paid, once: through the gateway that took it (for a batch's order, a part refund of
/// the batch's trade) or back to the agent's balance, and rolls the card's expiry back by the order's term.
/// </summary>
public sealed class RefundService(IPosRenewalDb db, PaymentGateways gateways, TimeProvider clock, ILogger<RefundService> logger)
{
    /// <summary>Who the audit trail names for refunds the portal makes by itself.</summary>
    public static readonly Actor Automatic = new("refunds", "System");

    public async Task<Result<RenewalOrder>> RefundAsync(string orderNo, string reason, Actor actor, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderNo == orderNo, ct);
        if (order is null)
        {
            return Result<RenewalOrder>.Fail(RefundErrors.NotFound, "Order not found.");
        }

        if (!order.IsPaid)
        {
            return Result<RenewalOrder>.Fail(RefundErrors.NotPaid, $"Only a paid order can be refunded; this one is {order.Status}.");
        }

        // The attempt that paid it: its own, or its batch's (the first to succeed; a second one is flagged apart).
        var paid = await db.PaymentAttempts.AsNoTracking()
            .Where(a => a.Status == PaymentAttemptStatus.Succeeded && (a.OrderId == order.Id || (order.BatchId != null && a.BatchId == order.BatchId)))
            .OrderBy(a => a.Id).FirstAsync(ct);
        if (paid.Gateway != PaymentErrors.AgentBalance
            && await GatewayRefundAsync(paid, $"{order.OrderNo}R1", order.Total, reason, ct) is { } refused)
        {
            return refused;
        }

        return await db.InTransactionAsync(async () =>
        {
            var tracked = await db.Orders.Include(o => o.Card).SingleAsync(o => o.OrderNo == orderNo, ct);
            // Refunded a moment ago by someone else: the card was moved once, by them.
            if (await RecordRefundAsync(tracked, paid.Gateway == PaymentErrors.AgentBalance, reason, actor, ct))
            {
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Order {OrderNo} refunded by {User}", orderNo, actor.UserName);
            }

            return Result<RenewalOrder>.Ok(tracked);
        }, ct);
    }

    /// <summary>
    /// Our books for an order whose money went back (the caller saves): refunded once, the card on the term its remaining
    /// renewals give, the agent's balance credited when it paid, audited. False when the order was not paid (any more).
    /// </summary>
    public async Task<bool> RecordRefundAsync(RenewalOrder tracked, bool toAgentBalance, string reason, Actor actor, CancellationToken ct)
    {
        var change = tracked.MarkRefunded(await PaidAfterAsync(tracked, ct), Now);
        if (change is null)
        {
            return false;
        }

        if (toAgentBalance && tracked.AgentId is { } agentId)
        {
            var agent = await db.Agents.SingleAsync(a => a.Id == agentId, ct);
            db.LedgerEntries.Add(agent.Refund(tracked.Total, tracked.OrderNo, actor.UserName, Now));
        }

        db.AuditEntries.Add(new AuditEntry(actor, "refund", $"order {tracked.OrderNo}", tracked.CardId,
            AuditDetails.Of((AuditField.Paid, tracked.Total), (AuditField.Expiry, change.Value.Before)),
            AuditDetails.Of((AuditField.State, AuditState.Refunded), (AuditField.Expiry, change.Value.After)), reason, Now));
        if (change.Value.Before != change.Value.After)
        {
            // The carrier may already hold the refunded term: give it the card's expiry as it now stands.
            db.Outbox.Add(OutboxMessage.SyncCarrierOf(tracked.CardId, OutboxMessage.TermOnCarrier, Now));
        }

        return true;
    }

    /// <summary>
    /// Gives back a second payment of an order that was already paid (support chooses which, by its trade number): the
    /// money only. The order stays paid and the card's expiry does not move; that payment is marked refunded, once.
    /// The payment that renewed the card is refunded with the order (<see cref="RefundAsync"/>), never here.
    /// </summary>
    public async Task<Result<RenewalOrder>> RefundSecondPaymentAsync(string orderNo, string tradeNo, string reason, Actor actor, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Attempts).SingleOrDefaultAsync(o => o.OrderNo == orderNo, ct);
        var paid = order?.Attempts.Where(a => a.Status == PaymentAttemptStatus.Succeeded).OrderBy(a => a.Id).ToList() ?? [];
        var attempt = paid.SingleOrDefault(a => a.TradeNo == tradeNo);
        if (order is null || attempt is null)
        {
            return Result<RenewalOrder>.Fail(RefundErrors.NotFound, "No such payment of this order.");
        }

        if (attempt == paid[0])
        {
            return Result<RenewalOrder>.Fail(RefundErrors.NotPaid, "This is the payment that renewed the card: refund the order instead.");
        }

        if (attempt.RefundedAtUtc is null && attempt.Gateway != PaymentErrors.AgentBalance
            && await GatewayRefundAsync(attempt, $"{attempt.TradeNo}D", attempt.Amount, reason, ct) is { } refused)
        {
            return refused;
        }

        // The order may be moving on meanwhile (its activation): the books are written in a retried transaction.
        return await db.InTransactionAsync(async () =>
        {
            var tracked = await db.Orders.Include(o => o.Attempts).SingleAsync(o => o.OrderNo == orderNo, ct);
            var second = tracked.Attempts.Single(a => a.TradeNo == tradeNo);
            if (second.RefundedAtUtc is not null)
            {
                return Result<RenewalOrder>.Ok(tracked);
            }

            if (second.Gateway == PaymentErrors.AgentBalance && tracked.AgentId is { } agentId)
            {
                var agent = await db.Agents.SingleAsync(a => a.Id == agentId, ct);
                db.LedgerEntries.Add(agent.Refund(second.Amount, second.TradeNo, actor.UserName, Now));
            }

            second.MarkRefunded(Now);
            tracked.Resolve(second.TradeNo, Now);
            db.AuditEntries.Add(new AuditEntry(actor, "refund second payment", $"order {orderNo}", tracked.CardId,
                AuditDetails.Of((AuditField.Payment, second.TradeNo), (AuditField.Amount, second.Amount)),
                AuditDetails.Of((AuditField.State, AuditState.Refunded), (AuditField.Expiry, AuditState.Unchanged)), reason, Now));
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Second payment {TradeNo} of {OrderNo} refunded by {User}", second.TradeNo, orderNo, actor.UserName);
            return Result<RenewalOrder>.Ok(tracked);
        }, ct);
    }

    /// <summary>
    /// The outbox's <see cref="OutboxMessage.RefundOrder"/>: refunds a batch's order the carrier could not renew. A gateway
    /// refusal is retried; on the last attempt the order is flagged for support, so the money is never forgotten.
    /// </summary>
    public async Task<(OutboxOutcome Outcome, string? Error)> RefundUnrenewableAsync(string orderNo, bool lastAttempt, CancellationToken ct)
    {
        var result = await RefundAsync(orderNo, AuditDetails.Of((AuditField.Why, AuditReason.CarrierFailed)), Automatic, ct);
        if (result.IsSuccess || result.Error is RefundErrors.NotFound or RefundErrors.NotPaid)
        {
            return (OutboxOutcome.Done, null);
        }

        if (!lastAttempt)
        {
            return (OutboxOutcome.RetryLater, result.Message);
        }

        var order = await db.Orders.SingleAsync(o => o.OrderNo == orderNo, ct);
        order.FlagForSupport($"automatic refund gave up: {result.Message}", Now);
        await db.SaveChangesAsync(ct);
        return (OutboxOutcome.GaveUp, result.Message);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>What the payer reads in Alipay or WeChat when the portal refunds by itself (a person's refund carries their reason).</summary>
    private const string AutomaticRefundReason = "POS流量卡续费未能生效，自动退款";

    /// <summary>
    /// Gives <paramref name="amount"/> of a payment back at its gateway, before our books change, under a refund number that
    /// makes a repeat harmless. Null when the gateway took it; otherwise the refusal to answer with.
    /// </summary>
    private async Task<Result<RenewalOrder>?> GatewayRefundAsync(PaymentAttempt paid, string refundNo, Money amount, string reason, CancellationToken ct)
    {
        var gateway = gateways.Find(paid.Gateway);
        var refund = gateway is null
            ? new RefundResult(false, null, $"gateway {paid.Gateway} is not configured")
            : await gateway.RefundAsync(paid.TradeNo, refundNo, amount, AuditDetails.Read(reason) is null ? reason : AutomaticRefundReason, ct);
        if (refund.Succeeded)
        {
            return null;
        }

        logger.LogWarning("Refund {RefundNo} of {TradeNo} refused by {Gateway}: {Error}", refundNo, paid.TradeNo, paid.Gateway, refund.Error);
        return Result<RenewalOrder>.Fail(RefundErrors.GatewayRefused, $"The payment gateway refused the refund: {refund.Error}");
    }

    /// <summary>The card's other renewals that count on its term and were paid after this one, in payment order (tracked: their recorded expiries follow a refund).</summary>
    private async Task<List<RenewalOrder>> PaidAfterAsync(RenewalOrder order, CancellationToken ct)
    {
        var counted = await db.Orders
            .Where(o => o.CardId == order.CardId && o.Id != order.Id && o.NewExpiry != null
                && RenewalOrder.MoneyTaken.Contains(o.Status))
            .ToListAsync(ct);
        return counted
            .Where(o => o.PaidAtUtc > order.PaidAtUtc || (o.PaidAtUtc == order.PaidAtUtc && o.Id > order.Id))
            .OrderBy(o => o.PaidAtUtc).ThenBy(o => o.Id)
            .ToList();
    }
}
