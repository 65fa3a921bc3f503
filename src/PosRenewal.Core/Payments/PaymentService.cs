using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Common;
using PosRenewal.Core.Outbox;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Payments;

/// <summary>What became of a notification, for the endpoint's answer to the gateway.</summary>
public sealed record NotificationHandling(NotificationOutcome Outcome, string Reason);

/// <summary>Starts payments and applies gateways' verified results to orders, exactly once.</summary>
public interface IPaymentService
{
    /// <summary>Starts (or resumes the open, unexpired) payment of an order or batch by one of <see cref="PaymentGateways.ChoicesFor"/> the payer's device.</summary>
    Task<Result<PaymentAttempt>> StartAsync(string number, string choice, Payer payer, Func<PaymentAttempt, PaymentUrls> urls, CancellationToken ct);

    Task<NotificationHandling> HandleNotificationAsync(string gatewayName, IReadOnlyDictionary<string, string> headers, string body, string? source, CancellationToken ct);

    /// <summary>
    /// Asks the gateway about the attempts of an order or batch still pending (the notification may be late or lost) or
    /// paid and not given back (a refund made at the gateway itself).
    /// </summary>
    Task RefreshAsync(string number, CancellationToken ct);

    /// <summary>
    /// Reconciliation: queries every attempt still pending after <paramref name="pendingAfter"/>; one the gateway
    /// has no trade for, or an unpaid one it agrees to close, after <paramref name="closeAfter"/> is closed as failed.
    /// Returns how many were queried.
    /// </summary>
    Task<int> ReconcileAsync(TimeSpan pendingAfter, TimeSpan closeAfter, CancellationToken ct);

    /// <summary>Pays an agent's order or batch from the agent's prepaid balance, which never goes below zero.</summary>
    Task<Result<IPayable>> PayFromBalanceAsync(string number, long agentId, Actor actor, CancellationToken ct);
}

/// <summary>Where the gateway sends the payer back to, and where it posts its notification.</summary>
public sealed record PaymentUrls(Uri ReturnUrl, Uri NotifyUrl);

public static class PaymentErrors
{
    public const string OrderNotFound = "order_not_found";
    public const string NotPayable = "order_not_payable";
    public const string UnknownGateway = "unknown_gateway";
    public const string GatewayUnavailable = "gateway_unavailable";
    public const string InsufficientBalance = "insufficient_balance";

    /// <summary>The "gateway" name recorded on attempts paid from an agent's balance.</summary>
    public const string AgentBalance = "AgentBalance";
}

/// <inheritdoc />
public sealed class PaymentService(
    IPosRenewalDb db,
    PaymentGateways gateways,
    RefundService refunds,
    TimeProvider clock,
    ILogger<PaymentService> logger) : IPaymentService
{
    public async Task<Result<PaymentAttempt>> StartAsync(string number, string choice, Payer payer, Func<PaymentAttempt, PaymentUrls> urls, CancellationToken ct)
    {
        if (gateways.Resolve(choice, payer.OnPhone) is not var (gateway, mode))
        {
            return Result<PaymentAttempt>.Fail(PaymentErrors.UnknownGateway, "Choose one of the payment methods offered.");
        }

        PaymentAttempt? attempt = null;
        for (var tries = 0; attempt is null; tries++)
        {
            var payable = await FindPayableAsync(number, agentId: null, ct);
            if (payable is null)
            {
                return Result<PaymentAttempt>.Fail(PaymentErrors.OrderNotFound, "Order not found.");
            }

            if (!payable.AwaitingPayment)
            {
                return Result<PaymentAttempt>.Fail(PaymentErrors.NotPayable, "This order has already been paid.");
            }

            // A double click or a return to the page resumes the open attempt instead of opening a second trade;
            // an expired link or code gets a new attempt (the old one stays pending until reconciliation closes it).
            var now = clock.GetUtcNow().UtcDateTime;
            var open = payable.Attempts.LastOrDefault(a =>
                a.Status == PaymentAttemptStatus.Pending && a.Gateway == gateway.Name && a.Mode == mode && !a.HasExpired(now));
            if (open is { RedirectUrl: not null } or { QrPayload: not null })
            {
                return Result<PaymentAttempt>.Ok(open);
            }

            if (open is not null && now - open.CreatedAtUtc < TwinStartWait && tries < 100)
            {
                // Opened moments ago and not started yet: a twin request (a double click) is still talking to the
                // gateway, whether it won the insert against us or came first; wait for its link. (A start that failed
                // is marked expired, below, so a retry does not wait for it.)
                db.ChangeTracker.Clear();
                await Task.Delay(100, ct);
                continue;
            }

            attempt = payable.AddAttempt(gateway.Name, mode, now);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (tries < 10)
            {
                // A twin request (double click) opened the attempt first; the next pass resumes it.
                attempt = null;
                db.ChangeTracker.Clear();
            }
        }

        var (returnUrl, notifyUrl) = urls(attempt);
        try
        {
            var start = await gateway.StartAsync(
                new PaymentRequest(attempt.TradeNo, attempt.Amount, attempt.Payable.Subject, returnUrl, notifyUrl, mode, payer.Ip), ct);
            // AbsoluteUri, not ToString(): ToString() unescapes, and a Location header must not carry raw spaces.
            attempt.Started(start.RedirectUrl?.AbsoluteUri, start.QrPayload, start.ExpiresAtUtc);
            await db.SaveChangesAsync(ct);
        }
        catch (HttpRequestException ex)
        {
            // No link to resume: the next try opens a new attempt; this one stays pending until reconciliation asks
            // the gateway about it (it may have opened the trade before the answer was lost).
            attempt.Started(null, null, Now);
            await db.SaveChangesAsync(ct);
            logger.LogWarning(ex, "Gateway {Gateway} failed to start {TradeNo} of {OrderNo}", gateway.Name, attempt.TradeNo, number);
            return Result<PaymentAttempt>.Fail(PaymentErrors.GatewayUnavailable, "The payment service did not answer. Please try again in a moment.");
        }

        logger.LogInformation("Payment {TradeNo} of {OrderNo} started at {Gateway}", attempt.TradeNo, number, gateway.Name);
        return Result<PaymentAttempt>.Ok(attempt);
    }

    public async Task<NotificationHandling> HandleNotificationAsync(string gatewayName, IReadOnlyDictionary<string, string> headers, string body, string? source, CancellationToken ct)
    {
        var gateway = gateways.Find(gatewayName);
        var verification = gateway?.VerifyNotification(headers, body)
            ?? NotificationVerification.Invalid("no such gateway is configured");
        if (verification.Trade is null)
        {
            var reason = verification.Rejection ?? "not verified";
            await KeepEvidenceAsync(new PaymentNotification(gateway?.Name ?? gatewayName, null, NotificationOutcome.Invalid, reason, body, Now, source), ct);
            logger.LogWarning("Refused unverifiable notification from {Gateway} ({Source}): {Reason}", gatewayName, source, reason);
            return new NotificationHandling(NotificationOutcome.Invalid, reason);
        }

        return await ApplyAsync(gateway!.Name, verification.Trade, recordNotification: true, ct);
    }

    public Task RefreshAsync(string number, CancellationToken ct) =>
        QueryAsync(db.PaymentAttempts.Where(a => (a.Order!.OrderNo == number || a.Batch!.BatchNo == number)
            && (a.Status == PaymentAttemptStatus.Pending || (a.Status == PaymentAttemptStatus.Succeeded && a.RefundedAtUtc == null))), closeBefore: null, ct);

    public async Task<int> ReconcileAsync(TimeSpan pendingAfter, TimeSpan closeAfter, CancellationToken ct)
    {
        var now = Now;
        var cutoff = now - pendingAfter;
        // Every due pending attempt, a page at a time along the (Status, CreatedAtUtc) index: settled attempts, however
        // many, are never read, and attempts the gateway still calls pending never hide the ones behind them.
        var queried = 0;
        var after = (At: DateTime.MinValue, Id: 0L);
        while (true)
        {
            var page = await db.PaymentAttempts
                .Where(a => a.Status == PaymentAttemptStatus.Pending && a.CreatedAtUtc <= cutoff && a.Gateway != PaymentErrors.AgentBalance)
                .Where(a => a.CreatedAtUtc > after.At || (a.CreatedAtUtc == after.At && a.Id > after.Id))
                .OrderBy(a => a.CreatedAtUtc).ThenBy(a => a.Id)
                .Select(a => new { a.Id, a.CreatedAtUtc })
                .Take(ReconcilePageSize)
                .ToListAsync(ct);
            if (page.Count == 0)
            {
                return queried;
            }

            var ids = page.Select(a => a.Id).ToList();
            queried += await QueryAsync(db.PaymentAttempts.Where(a => ids.Contains(a.Id) && a.Status == PaymentAttemptStatus.Pending), closeBefore: now - closeAfter, ct);
            after = (page[^1].CreatedAtUtc, page[^1].Id);
        }
    }

    private const int ReconcilePageSize = 100;

    private async Task<int> QueryAsync(IQueryable<PaymentAttempt> attempts, DateTime? closeBefore, CancellationToken ct)
    {
        var pending = await attempts
            .Select(a => new { a.Gateway, a.TradeNo, a.CreatedAtUtc })
            .ToListAsync(ct);
        foreach (var attempt in pending)
        {
            var gateway = gateways.Find(attempt.Gateway);
            if (gateway is null || !gateway.Capabilities.HasFlag(GatewayCapabilities.Query))
            {
                continue;
            }

            try
            {
                var trade = await gateway.QueryAsync(attempt.TradeNo, ct);
                if (trade.State == GatewayTradeState.NotFound && attempt.CreatedAtUtc < closeBefore)
                {
                    // The payer never paid and the link has long expired: close the attempt, the order stays payable.
                    trade = trade with { State = GatewayTradeState.Failed, FailureReason = "no payment at the gateway; closed by reconciliation" };
                }
                else if (trade.State == GatewayTradeState.Pending && attempt.CreatedAtUtc < closeBefore
                    && gateway.Capabilities.HasFlag(GatewayCapabilities.Close) && await gateway.CloseAsync(attempt.TradeNo, ct))
                {
                    // Opened and never paid long after its link ran out: closed at the gateway first, so nobody pays it later.
                    trade = trade with { State = GatewayTradeState.Failed, FailureReason = "unpaid; closed at the gateway by reconciliation" };
                }

                if (trade.State is GatewayTradeState.Paid or GatewayTradeState.Failed or GatewayTradeState.Refunded)
                {
                    await ApplyAsync(gateway.Name, trade, recordNotification: false, ct);
                }
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning(ex, "Query of {TradeNo} at {Gateway} failed", attempt.TradeNo, gateway.Name);
            }
        }

        return pending.Count;
    }

    public Task<Result<IPayable>> PayFromBalanceAsync(string number, long agentId, Actor actor, CancellationToken ct) =>
        // A concurrent renewal debiting the same balance (or paying the same order) makes this run again from fresh values.
        db.InTransactionAsync(async () =>
        {
            var payable = await FindPayableAsync(number, agentId, ct);
            if (payable is null)
            {
                return Result<IPayable>.Fail(PaymentErrors.OrderNotFound, "Order not found.");
            }

            if (!payable.AwaitingPayment)
            {
                return Result<IPayable>.Fail(PaymentErrors.NotPayable, "This order has already been paid.");
            }

            var agent = await db.Agents.SingleAsync(a => a.Id == agentId, ct);
            var balanceBefore = agent.Balance;
            if (!agent.TryDebit(payable.Total, number, actor.UserName, Now, out var entry))
            {
                return Result<IPayable>.Fail(PaymentErrors.InsufficientBalance,
                    $"Your balance {agent.Balance} does not cover {payable.Total}. Ask for a top-up, or pay through a payment gateway.");
            }

            db.LedgerEntries.Add(entry!);
            var attempt = payable.AddAttempt(PaymentErrors.AgentBalance, PaymentMode.HostedPage, Now); // settled at once; the mode is moot
            attempt.Succeed($"BAL-{attempt.TradeNo}", $"debited from agent {agentId} balance by {actor.UserName}", Now);
            foreach (var order in Settle(payable, Now))
            {
                db.AuditEntries.Add(new AuditEntry(actor, "pay from balance", $"order {order.OrderNo}", order.CardId,
                    AuditDetails.Of((AuditField.Balance, balanceBefore), (AuditField.Expiry, order.PreviousExpiry)),
                    AuditDetails.Of((AuditField.Balance, agent.Balance), (AuditField.Expiry, order.NewExpiry)),
                    order.InBatch ? AuditDetails.Of((AuditField.Batch, number)) : null, Now));
            }

            await db.SaveChangesAsync(ct);
            logger.LogInformation("{OrderNo} paid from agent {AgentId} balance, {Total}", number, agentId, payable.Total.ToWire());
            return Result<IPayable>.Ok(payable);
        }, ct);

    /// <summary>An order (R…) or a batch (B…) with its attempts and cards, tracked; for an agent, only their own.</summary>
    private async Task<IPayable?> FindPayableAsync(string number, long? agentId, CancellationToken ct) =>
        number.StartsWith('B')
            ? await db.Batches.Include(b => b.Attempts).Include(b => b.Orders).ThenInclude(o => o.Card).AsSplitQuery()
                .SingleOrDefaultAsync(b => b.BatchNo == number && (agentId == null || b.AgentId == agentId), ct)
            : await db.Orders.Include(o => o.Attempts).Include(o => o.Card)
                .SingleOrDefaultAsync(o => o.OrderNo == number && (agentId == null || o.AgentId == agentId), ct);

    /// <summary>
    /// Marks a paid order, or every order of a paid batch, paid (extending each card from its own expiry) and queues
    /// what follows: the carrier activation, or for a batch's card deactivated meanwhile, its refund. Returns the orders
    /// paid now: none when the payable was already paid.
    /// </summary>
    private IReadOnlyList<RenewalOrder> Settle(IPayable payable, DateTime paidAtUtc)
    {
        var paid = payable switch
        {
            RenewalOrder order => order.MarkPaid(paidAtUtc, Now) ? [order] : [],
            Batches.RenewalBatch batch => batch.MarkPaid(paidAtUtc, Now),
            _ => throw new ArgumentOutOfRangeException(nameof(payable)),
        };
        foreach (var order in paid)
        {
            if (order.NewExpiry is not null)
            {
                db.Outbox.Add(OutboxMessage.ActivateRenewalOf(order.OrderNo, Now));
                continue;
            }

            // Its card was deactivated after the batch was placed: refund that card's share, and say why.
            db.Outbox.Add(OutboxMessage.RefundOrderOf(order.OrderNo, Now));
            order.Batch?.FlagForSupport($"card {order.Card.MaskedIccid} was deactivated after the batch was placed; its order {order.OrderNo} is refunded");
        }

        return paid;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>How long an attempt opened but not yet started at the gateway is taken for a twin request's, still starting.</summary>
    private static readonly TimeSpan TwinStartWait = TimeSpan.FromSeconds(30);

    /// <summary>Who the audit trail names for what a gateway reported by itself (a refund made in its own console).</summary>
    public static readonly Audit.Actor GatewayActor = new("gateway", "System");

    /// <summary>
    /// The gateway says the trade's money went back (a refund made at the gateway itself): our books follow, once. A paid
    /// order is refunded (its card back to what its other renewals give); a second payment is marked given back; a
    /// payment we had not seen yet closes the attempt, the order stays payable; a batch's trade is left to support.
    /// </summary>
    private async Task<NotificationHandling> ApplyGatewayRefundAsync(PaymentAttempt attempt, IPayable payable, GatewayTradeResult trade, CancellationToken ct)
    {
        var why = $"{attempt.TradeNo} was refunded at the gateway";
        if (attempt.Status == PaymentAttemptStatus.Pending)
        {
            attempt.Fail("paid and refunded at the gateway", trade.Raw, Now);
            return new(NotificationOutcome.Applied, why + "; never applied here");
        }

        if (attempt.Status != PaymentAttemptStatus.Succeeded || attempt.RefundedAtUtc is not null)
        {
            return new(NotificationOutcome.Duplicate, why + "; already recorded");
        }

        attempt.MarkRefunded(Now);
        if (payable is not RenewalOrder order)
        {
            ((Batches.RenewalBatch)payable).FlagForSupport(why + "; check each card's order");
            return new(NotificationOutcome.Applied, why + "; batch flagged for support");
        }

        var renewing = await db.PaymentAttempts.Where(a => a.OrderId == order.Id && a.Status == PaymentAttemptStatus.Succeeded).MinAsync(a => a.Id, ct) == attempt.Id;
        if (renewing)
        {
            await refunds.RecordRefundAsync(order, toAgentBalance: false,
                AuditDetails.Of((AuditField.Why, AuditReason.RefundedAtGateway), (AuditField.Payment, attempt.TradeNo)), GatewayActor, ct);
        }
        else
        {
            order.Resolve(attempt.TradeNo, Now);
        }

        return new(NotificationOutcome.Applied, renewing ? $"order {order.OrderNo} refunded: {why}" : $"second payment refunded: {why}");
    }

    /// <summary>How a refused notification for a trade this portal never made begins (support's attention list finds them by it).</summary>
    public const string UnknownTrade = "unknown trade number";

    /// <summary>Stores an unverifiable notification, or once the window holds its share of them, counts it on the last one.</summary>
    private async Task KeepEvidenceAsync(PaymentNotification evidence, CancellationToken ct)
    {
        var since = Now - PaymentNotification.EvidenceWindow;
        var window = db.PaymentNotifications.Where(n => n.Gateway == evidence.Gateway && n.Outcome == NotificationOutcome.Invalid && n.ReceivedAtUtc >= since);
        if (await window.CountAsync(ct) < PaymentNotification.EvidencePerWindow)
        {
            db.PaymentNotifications.Add(evidence);
            await db.SaveChangesAsync(ct);
            return;
        }

        var last = await window.MaxAsync(n => n.Id, ct);
        await db.PaymentNotifications.Where(n => n.Id == last).ExecuteUpdateAsync(s => s.SetProperty(n => n.Repeats, n => n.Repeats + 1), ct);
    }

    /// <summary>Why a verified trade statement does not fit our attempt: another merchant's account, another currency, another amount.</summary>
    private string? Mismatch(string gateway, GatewayTradeResult trade, PaymentAttempt attempt)
    {
        var ours = gateways.Find(gateway)?.MerchantId;
        if (!string.Equals(trade.MerchantId, ours, StringComparison.Ordinal))
        {
            return $"{attempt.TradeNo} reported for merchant '{trade.MerchantId}', not this portal's '{ours}'";
        }

        if (trade.State is GatewayTradeState.Paid or GatewayTradeState.Refunded && !string.Equals(trade.Currency, Money.Currency, StringComparison.Ordinal))
        {
            return $"{attempt.TradeNo} reported in currency '{trade.Currency}', not {Money.Currency}";
        }

        return trade.State is GatewayTradeState.Paid or GatewayTradeState.Refunded && trade.Amount != attempt.Amount
            ? $"amount {trade.Amount.ToWire()} reported for {attempt.TradeNo} differs from the order's {attempt.Amount.ToWire()}"
            : null;
    }

    /// <summary>
    /// Applies a verified trade result in one transaction, retried on a lost optimistic-concurrency race
    /// (two notifications for one card, or the same notification twice at once).
    /// </summary>
    private async Task<NotificationHandling> ApplyAsync(string gateway, GatewayTradeResult trade, bool recordNotification, CancellationToken ct)
    {
        var handling = await db.InTransactionAsync(async () =>
        {
            var handling = await ApplyOnceAsync(gateway, trade, ct);
            if (recordNotification)
            {
                db.PaymentNotifications.Add(new PaymentNotification(gateway, trade.TradeNo, handling.Outcome, handling.Reason, trade.Raw, Now));
            }

            await db.SaveChangesAsync(ct);
            return handling;
        }, ct);
        logger.Log(
            handling.Outcome == NotificationOutcome.Refused ? LogLevel.Warning : LogLevel.Information,
            "Trade {TradeNo} at {Gateway}: {Outcome} ({Reason})", trade.TradeNo, gateway, handling.Outcome, handling.Reason);
        return handling;
    }

    private async Task<NotificationHandling> ApplyOnceAsync(string gateway, GatewayTradeResult trade, CancellationToken ct)
    {
        var attempt = await db.PaymentAttempts
            .Include(a => a.Order).ThenInclude(o => o!.Card)
            .Include(a => a.Batch)
            .SingleOrDefaultAsync(a => a.Gateway == gateway && a.TradeNo == trade.TradeNo, ct);
        if (attempt is null)
        {
            return Refused($"{UnknownTrade} {trade.TradeNo}");
        }

        if (attempt.Batch is { } batch)
        {
            // A batch's orders and cards, read only for a batch's payment (a split query read them for every payment).
            await db.Orders.Include(o => o.Card).Where(o => o.BatchId == batch.Id).LoadAsync(ct);
        }

        var payable = attempt.Payable;
        if (Mismatch(gateway, trade, attempt) is { } mismatch)
        {
            Flag(payable, mismatch);
            return Refused(mismatch);
        }

        switch (trade.State)
        {
            case GatewayTradeState.Paid when attempt.Status == PaymentAttemptStatus.Succeeded:
                return new(NotificationOutcome.Duplicate, $"{attempt.TradeNo} was already recorded as paid");

            case GatewayTradeState.Paid:
                // A payment that arrives after a failure is still money taken: record it, never drop it.
                attempt.Succeed(trade.GatewayTransactionId ?? trade.TradeNo, trade.Raw, Now);
                if (payable is RenewalOrder { Card.CanRenewOnline: false } single)
                {
                    single.FlagForSupport($"{attempt.TradeNo} paid but the card is deactivated; refund or restore the card", Now);
                    return new(NotificationOutcome.Applied, "paid; card deactivated, flagged for support");
                }

                if (Settle(payable, trade.PaidAtUtc ?? Now).Count > 0)
                {
                    return new(NotificationOutcome.Applied, payable is RenewalOrder order
                        ? $"order {order.OrderNo} paid; card valid through {order.NewExpiry:yyyy-MM-dd}"
                        : $"batch {payable.Number} paid; {((Batches.RenewalBatch)payable).CardCount} orders queued");
                }

                Flag(payable, $"{attempt.TradeNo} paid an order that was already paid; refund it");
                return new(NotificationOutcome.Applied, "second payment of a paid order; flagged for refund");

            case GatewayTradeState.Refunded:
                return await ApplyGatewayRefundAsync(attempt, payable, trade, ct);

            case GatewayTradeState.Failed when attempt.Status == PaymentAttemptStatus.Pending:
                attempt.Fail(trade.FailureReason ?? "declined", trade.Raw, Now);
                return new(NotificationOutcome.Applied, $"{attempt.TradeNo} failed: {attempt.FailureReason}");

            case GatewayTradeState.Failed:
                return new(NotificationOutcome.Duplicate, $"{attempt.TradeNo} already {attempt.Status}; failure ignored");

            default:
                return new(NotificationOutcome.Duplicate, $"{attempt.TradeNo} is {trade.State} at the gateway; nothing to do");
        }

        static NotificationHandling Refused(string why) => new(NotificationOutcome.Refused, why);

        void Flag(IPayable payable, string reason)
        {
            switch (payable)
            {
                case RenewalOrder order when order.Attention?.Contains(reason, StringComparison.Ordinal) != true:
                    order.FlagForSupport(reason, Now);
                    break;
                case Batches.RenewalBatch batch when batch.Attention?.Contains(reason, StringComparison.Ordinal) != true:
                    batch.FlagForSupport(reason);
                    break;
            }
        }
    }
}
