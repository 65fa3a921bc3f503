using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Support;

/// <summary>One line of a card's timeline: what happened, and who or what did it.</summary>
public sealed record TimelineItem(DateTime AtUtc, string Kind, Phrase Text, Phrase By);

/// <summary>A card with everything that happened to it, newest first.</summary>
public sealed record CardFile(Card Card, IReadOnlyList<RenewalOrder> Orders, IReadOnlyList<TimelineItem> Timeline);

/// <summary>Support's card desk: find a card from any identifier, read its timeline, act on it (every action audited).</summary>
public interface ISupportService
{
    /// <summary>ICCID (full or last digits), MSISDN, terminal serial, order, batch or trade number, or merchant name.</summary>
    Task<IReadOnlyList<Card>> SearchAsync(string term, CancellationToken ct);

    Task<CardFile?> GetCardFileAsync(string iccid, CancellationToken ct);

    Task<Result<Card>> AddNoteAsync(string iccid, string note, Actor actor, CancellationToken ct);

    Task<Result<Card>> SetSuspendedAsync(string iccid, bool suspend, string reason, Actor actor, CancellationToken ct);

    /// <summary>Refunds a paid order through its gateway or back to the agent's balance, and rolls the expiry back by its term, once.</summary>
    Task<Result<RenewalOrder>> RefundAsync(string orderNo, string reason, Actor actor, CancellationToken ct);

    /// <summary>Gives back a second payment of an already paid order, chosen by its trade number; the card is not touched.</summary>
    Task<Result<RenewalOrder>> RefundSecondPaymentAsync(string orderNo, string tradeNo, string reason, Actor actor, CancellationToken ct);

    Task<Result<RenewalOrder>> RequeryAsync(string orderNo, Actor actor, CancellationToken ct);

    /// <summary>Queues another carrier activation for an order whose activation gave up.</summary>
    Task<Result<RenewalOrder>> RetryActivationAsync(string orderNo, Actor actor, CancellationToken ct);

    /// <summary>
    /// What a person must look at, newest first: orders flagged (amount mismatch, paid twice, ...) or whose activation
    /// failed, batches flagged, verified notifications for trades we never made, and background work parked after its retries.
    /// </summary>
    Task<IReadOnlyList<AttentionItem>> NeedsAttentionAsync(CancellationToken ct);

    /// <summary>Gives a parked outbox message a fresh retry budget, audited.</summary>
    Task<Result<bool>> RetryParkedAsync(long outboxId, Actor actor, CancellationToken ct);
}

/// <summary>One line of support's attention list: what (order, batch, notification, outbox), which, why, when; where to act.</summary>
public sealed record AttentionItem(string Kind, string Subject, string Detail, DateTime AtUtc, string? Iccid = null, long? OutboxId = null);

public static class SupportErrors
{
    public const string NotFound = "not_found";
    public const string NotAllowed = "not_allowed";
}

/// <inheritdoc />
public sealed class SupportService(
    IPosRenewalDb db,
    IPaymentService payments,
    RefundService refunds,
    TimeProvider clock,
    ILogger<SupportService> logger) : ISupportService
{
    private const int MaxResults = 50;

    public async Task<IReadOnlyList<Card>> SearchAsync(string term, CancellationToken ct)
    {
        term = term.Trim();
        if (term.Length < 3)
        {
            return [];
        }

        var upper = term.ToUpperInvariant();
        var iccid = Iccid.Normalise(term);
        // An order or batch number, or the trade number of a payment of either (a batch's finds all its cards).
        var byOrder = db.Orders.Where(o => o.OrderNo == upper || o.Batch!.BatchNo == upper
                || db.PaymentAttempts.Any(a => a.TradeNo == upper && (a.OrderId == o.Id || (a.BatchId != null && a.BatchId == o.BatchId))))
            .Select(o => o.CardId);
        var cards = await db.Cards.AsNoTracking().Include(c => c.Merchant)
            .Where(c => (iccid.Length >= 4 && c.Iccid.EndsWith(iccid)) || c.Iccid == iccid
                || c.Msisdn == term || c.TerminalSerial == term
                || c.Merchant!.Name.Contains(term)
                || byOrder.Contains(c.Id))
            .Take(MaxResults)
            .ToListAsync(ct);
        return cards.OrderBy(c => c.Iccid, StringComparer.Ordinal).ToList();
    }

    public async Task<CardFile?> GetCardFileAsync(string iccid, CancellationToken ct)
    {
        var card = await db.Cards.AsNoTracking().Include(c => c.Merchant).SingleOrDefaultAsync(c => c.Iccid == iccid, ct);
        if (card is null)
        {
            return null;
        }

        var orders = await db.Orders.AsNoTracking().Include(o => o.Attempts).Include(o => o.Batch).ThenInclude(b => b!.Attempts)
            .Where(o => o.CardId == card.Id).AsSplitQuery().ToListAsync(ct);
        var tradeNos = orders.SelectMany(o => o.Payments).Select(a => a.TradeNo).ToList();
        var notifications = await db.PaymentNotifications.AsNoTracking().Where(n => n.TradeNo != null && tradeNos.Contains(n.TradeNo)).ToListAsync(ct);
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.CardId == card.Id).ToListAsync(ct);
        var reminders = await db.Notifications.AsNoTracking().Where(n => n.CardId == card.Id).ToListAsync(ct);

        var timeline = new List<TimelineItem>();
        var system = new Phrase("System");
        foreach (var o in orders)
        {
            var placedBy = o.AgentId is null ? new Phrase("The merchant") : new Phrase("Agent #{0}", o.AgentId);
            var package = new Names(o.PackageName, o.PackageNameEn);
            timeline.Add(new(o.CreatedAtUtc, "order", o.Batch is null
                ? new Phrase("Order {0} placed: {1}, total {2} (fee {3})", o.OrderNo, package, o.Total, o.AgentFee)
                : new Phrase("Order {0} placed in batch {1}: {2}, total {3} (fee {4})", o.OrderNo, o.Batch.BatchNo, package, o.Total, o.AgentFee), placedBy));
            if (o.PaidAtUtc is { } paidAt)
            {
                timeline.Add(new(paidAt, "expiry", new Phrase("Order {0} paid: expiry {1} → {2}", o.OrderNo, o.PreviousExpiry, o.NewExpiry), new Phrase("The payment")));
            }

            if (o.Attention is not null)
            {
                timeline.Add(new(o.UpdatedAtUtc, "attention", new Phrase("Order {0} needs attention: {1}", o.OrderNo, new Recorded(o.Attention)), system));
            }

            foreach (var a in o.Payments)
            {
                timeline.Add(new(a.CreatedAtUtc, "payment", new Phrase("Payment {0} started via {1}", a.TradeNo, new Gateway(a.Gateway)), placedBy));
                if (a.CompletedAtUtc is { } done)
                {
                    timeline.Add(new(done, "payment", a.FailureReason is null
                        ? new Phrase("Payment {0} {1}", a.TradeNo, a.Status)
                        : new Phrase("Payment {0} {1}: {2}", a.TradeNo, a.Status, new Recorded(a.FailureReason)), new Phrase("{0}", new Gateway(a.Gateway))));
                }
            }
        }

        timeline.AddRange(notifications.Select(n => new TimelineItem(n.ReceivedAtUtc, "notification",
            new Phrase("Notification for {0}: {1} ({2})", n.TradeNo, n.Outcome, new Recorded(n.Reason)), new Phrase("{0}", new Gateway(n.Gateway)))));
        timeline.AddRange(reminders.Select(n => new TimelineItem(n.ClosedAtUtc ?? n.CreatedAtUtc, "reminder",
            n.Error is null
                ? new Phrase("Reminder for expiry {0} by {1} to {2}: {3}", n.ExpiryDate, n.Channel, n.AgentId is null ? new Phrase("the card's merchant") : new Phrase("its agent (#{0})", n.AgentId), n.Status)
                : new Phrase("Reminder for expiry {0} by {1} to {2}: {3} ({4})", n.ExpiryDate, n.Channel, n.AgentId is null ? new Phrase("the card's merchant") : new Phrase("its agent (#{0})", n.AgentId), n.Status, new Recorded(n.Error)),
            new Phrase("The reminder job"))));
        timeline.AddRange(audit.Select(e => new TimelineItem(e.AtUtc, e.Action, Said(e), new Phrase("{0}", new RecordedActor(e.UserName, e.Role)))));
        static Phrase Said(AuditEntry e)
        {
            var what = e.Before is null && e.After is null
                ? new Phrase("{0}", new AuditAction(e.Action))
                : new Phrase("{0}: {1} → {2}", new AuditAction(e.Action), new AuditText(e.Before), new AuditText(e.After));
            return e.Reason is null ? what : new Phrase("{0} — reason: {1}", what, new AuditText(e.Reason));
        }

        return new CardFile(card, orders.OrderByDescending(o => o.CreatedAtUtc).ToList(), timeline.OrderByDescending(t => t.AtUtc).ToList());
    }

    public Task<Result<Card>> AddNoteAsync(string iccid, string note, Actor actor, CancellationToken ct) =>
        ChangeCardAsync(iccid, actor, ct, card =>
        {
            db.AuditEntries.Add(new AuditEntry(actor, "note", $"card {card.Iccid}", card.Id, null, note, null, Now));
            return null;
        });

    public Task<Result<Card>> SetSuspendedAsync(string iccid, bool suspend, string reason, Actor actor, CancellationToken ct) =>
        ChangeCardAsync(iccid, actor, ct, card =>
        {
            var before = card.Status;
            if (suspend ? card.Status is CardStatus.Suspended or CardStatus.Deactivated : card.Status != CardStatus.Suspended)
            {
                return $"The card is {card.Status}; it cannot be {(suspend ? "suspended" : "resumed")}.";
            }

            if (suspend)
            {
                card.Suspend(Now);
            }
            else
            {
                card.Resume(Now);
            }

            db.AuditEntries.Add(new AuditEntry(actor, suspend ? "suspend" : "resume", $"card {card.Iccid}", card.Id,
                AuditDetails.Of((AuditField.CardState, before)), AuditDetails.Of((AuditField.CardState, card.Status)), reason, Now));
            db.Outbox.Add(Outbox.OutboxMessage.SyncCarrierOf(card.Id, Outbox.OutboxMessage.StateOnCarrier, Now));
            return null;
        });

    public Task<Result<RenewalOrder>> RefundAsync(string orderNo, string reason, Actor actor, CancellationToken ct) =>
        refunds.RefundAsync(orderNo, reason, actor, ct);

    public Task<Result<RenewalOrder>> RefundSecondPaymentAsync(string orderNo, string tradeNo, string reason, Actor actor, CancellationToken ct) =>
        refunds.RefundSecondPaymentAsync(orderNo, tradeNo, reason, actor, ct);

    public async Task<Result<RenewalOrder>> RequeryAsync(string orderNo, Actor actor, CancellationToken ct)
    {
        var before = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderNo == orderNo, ct);
        if (before is null)
        {
            return Result<RenewalOrder>.Fail(SupportErrors.NotFound, "Order not found.");
        }

        await payments.RefreshAsync(orderNo, ct);
        var after = await db.Orders.AsNoTracking().SingleAsync(o => o.OrderNo == orderNo, ct);
        db.AuditEntries.Add(new AuditEntry(actor, "requery", $"order {orderNo}", after.CardId,
            AuditDetails.Of((AuditField.OrderState, before.Status)), AuditDetails.Of((AuditField.OrderState, after.Status)), null, Now));
        await db.SaveChangesAsync(ct);
        return Result<RenewalOrder>.Ok(after);
    }

    public async Task<Result<RenewalOrder>> RetryActivationAsync(string orderNo, Actor actor, CancellationToken ct)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.OrderNo == orderNo, ct);
        if (order is null)
        {
            return Result<RenewalOrder>.Fail(SupportErrors.NotFound, "Order not found.");
        }

        if (order.Status != OrderStatus.ActivationFailed)
        {
            return Result<RenewalOrder>.Fail(SupportErrors.NotAllowed, $"Only a failed activation can be retried; this order is {order.Status}.");
        }

        db.Outbox.Add(Outbox.OutboxMessage.ActivateRenewalOf(orderNo, Now));
        db.AuditEntries.Add(new AuditEntry(actor, "retry activation", $"order {orderNo}", order.CardId,
            AuditDetails.Of((AuditField.OrderState, order.Status)), AuditDetails.Of((AuditField.State, AuditState.Queued)), null, Now));
        await db.SaveChangesAsync(ct);
        return Result<RenewalOrder>.Ok(order);
    }

    public async Task<IReadOnlyList<AttentionItem>> NeedsAttentionAsync(CancellationToken ct)
    {
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.ActivationFailed || (o.Attention != null && o.Status != OrderStatus.Refunded))
            .OrderByDescending(o => o.UpdatedAtUtc).Take(MaxResults)
            .Select(o => new AttentionItem("order", o.OrderNo, $"{o.Status} · {o.Total.ToWire()} · {o.Attention}", o.UpdatedAtUtc, o.Iccid, null))
            .ToListAsync(ct);
        var batches = await db.Batches.AsNoTracking().Where(b => b.Attention != null)
            .OrderByDescending(b => b.CreatedAtUtc).Take(MaxResults)
            .Select(b => new AttentionItem("batch", b.BatchNo, b.Attention!, b.PaidAtUtc ?? b.CreatedAtUtc, null, null))
            .ToListAsync(ct);
        var since = Now.AddDays(-30);
        var notifications = await db.PaymentNotifications.AsNoTracking()
            .Where(n => n.Outcome == NotificationOutcome.Refused && n.ReceivedAtUtc >= since && n.Reason.StartsWith(PaymentService.UnknownTrade))
            .OrderByDescending(n => n.ReceivedAtUtc).Take(MaxResults)
            .Select(n => new AttentionItem("notification", n.Gateway + " " + n.TradeNo, n.Reason, n.ReceivedAtUtc, null, null))
            .ToListAsync(ct);
        var parked = await db.Outbox.AsNoTracking().Where(m => m.ParkedAtUtc != null && m.ProcessedAtUtc == null)
            .OrderByDescending(m => m.ParkedAtUtc).Take(MaxResults)
            .Select(m => new AttentionItem("outbox", m.Type + " " + m.Payload, $"{m.Attempts} attempts · {m.LastError}", m.ParkedAtUtc!.Value, null, m.Id))
            .ToListAsync(ct);
        return [.. orders.Concat(batches).Concat(notifications).Concat(parked).OrderByDescending(i => i.AtUtc).Take(MaxResults)];
    }

    public async Task<Result<bool>> RetryParkedAsync(long outboxId, Actor actor, CancellationToken ct)
    {
        var message = await db.Outbox.SingleOrDefaultAsync(m => m.Id == outboxId, ct);
        if (message is null || !message.Unpark(Now))
        {
            return Result<bool>.Fail(SupportErrors.NotAllowed, "Only parked background work can be retried.");
        }

        db.AuditEntries.Add(new AuditEntry(actor, "retry background work", $"{message.Type} {message.Payload}", null,
            AuditDetails.Of((AuditField.State, AuditState.Parked)), AuditDetails.Of((AuditField.State, AuditState.Queued)), AuditDetails.Of((AuditField.Error, message.LastError)), Now));
        await db.SaveChangesAsync(ct);
        return Result<bool>.Ok(true);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Loads the card tracked, applies the change (which returns a refusal message or null) and saves it with its audit entry.</summary>
    private async Task<Result<Card>> ChangeCardAsync(string iccid, Actor actor, CancellationToken ct, Func<Card, string?> change)
    {
        var card = await db.Cards.SingleOrDefaultAsync(c => c.Iccid == iccid, ct);
        if (card is null)
        {
            return Result<Card>.Fail(SupportErrors.NotFound, "Card not found.");
        }

        var refusal = change(card);
        if (refusal is not null)
        {
            return Result<Card>.Fail(SupportErrors.NotAllowed, refusal);
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Card {Iccid} changed by {User} ({Role})", card.MaskedIccid, actor.UserName, actor.Role);
        return Result<Card>.Ok(card);
    }
}
