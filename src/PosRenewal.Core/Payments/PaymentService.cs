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
    /// <summary>Starts (or resumes the pending) payment of an order through a gateway.</summary>
    /// <summary>Starts (or resumes the open, unexpired) payment of an order by one of <see cref="PaymentGateways.Choices"/>.</summary>
    Task<Result<PaymentAttempt>> StartAsync(string orderNo, string choice, Func<PaymentAttempt, PaymentUrls> urls, CancellationToken ct);

    Task<NotificationHandling> HandleNotificationAsync(string gatewayName, IReadOnlyDictionary<string, string> headers, string body, CancellationToken ct);

    /// <summary>Asks the gateway about the order's pending attempts (the notification may be late or lost).</summary>
    Task RefreshAsync(string orderNo, CancellationToken ct);

    /// <summary>
    /// Reconciliation: queries every attempt still pending after <paramref name="pendingAfter"/>; one the gateway
    /// has no trade for after <paramref name="closeAfter"/> is closed as failed. Returns how many were queried.
    /// </summary>
    Task<int> ReconcileAsync(TimeSpan pendingAfter, TimeSpan closeAfter, CancellationToken ct);

    /// <summary>Pays an agent's order from the agent's prepaid balance, which never goes below zero.</summary>
    Task<Result<RenewalOrder>> PayFromBalanceAsync(string orderNo, long agentId, Actor actor, CancellationToken ct);
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
    TimeProvider clock,
    ILogger<PaymentService> logger) : IPaymentService
{
    public async Task<Result<PaymentAttempt>> StartAsync(string orderNo, string choice, Func<PaymentAttempt, PaymentUrls> urls, CancellationToken ct)
    {
        if (gateways.Resolve(choice) is not var (gateway, mode))
        {
            return Result<PaymentAttempt>.Fail(PaymentErrors.UnknownGateway, "Choose one of the payment methods offered.");
        }

        PaymentAttempt? attempt = null;
        for (var tries = 0; attempt is null; tries++)
        {
            var order = await db.Orders.Include(o => o.Attempts).SingleOrDefaultAsync(o => o.OrderNo == orderNo, ct);
            if (order is null)
            {
                return Result<PaymentAttempt>.Fail(PaymentErrors.OrderNotFound, "Order not found.");
            }

            if (order.Status != OrderStatus.AwaitingPayment)
            {
                return Result<PaymentAttempt>.Fail(PaymentErrors.NotPayable, "This order has already been paid.");
            }

            // A double click or a return to the page resumes the open attempt instead of opening a second trade;
            // an expired link or code gets a new attempt (the old one stays pending until reconciliation closes it).
            var now = clock.GetUtcNow().UtcDateTime;
            var open = order.Attempts.LastOrDefault(a =>
                a.Status == PaymentAttemptStatus.Pending && a.Gateway == gateway.Name && a.Mode == mode && !a.HasExpired(now));
            if (open is { RedirectUrl: not null } or { QrPayload: not null })
            {
                return Result<PaymentAttempt>.Ok(open);
            }

            if (open is not null && tries is > 0 and < 10)
            {
                // Our twin request won the insert and is still talking to the gateway: wait for its link.
                db.ChangeTracker.Clear();
                await Task.Delay(100, ct);
                continue;
            }

            attempt = order.AddAttempt(gateway.Name, mode, now);
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
                new PaymentRequest(attempt.TradeNo, attempt.Amount, $"SIM renewal {attempt.Order.PackageName}", returnUrl, notifyUrl, mode), ct);
            // AbsoluteUri, not ToString(): ToString() unescapes, and a Location header must not carry raw spaces.
            attempt.Started(start.RedirectUrl?.AbsoluteUri, start.QrPayload, start.ExpiresAtUtc);
            await db.SaveChangesAsync(ct);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Gateway {Gateway} failed to start {TradeNo} of {OrderNo}", gateway.Name, attempt.TradeNo, orderNo);
            return Result<PaymentAttempt>.Fail(PaymentErrors.GatewayUnavailable, "The payment service did not answer. Please try again in a moment.");
        }

        logger.LogInformation("Payment {TradeNo} of {OrderNo} started at {Gateway}", attempt.TradeNo, orderNo, gateway.Name);
        return Result<PaymentAttempt>.Ok(attempt);
    }

    public async Task<NotificationHandling> HandleNotificationAsync(string gatewayName, IReadOnlyDictionary<string, string> headers, string body, CancellationToken ct)
    {
        var gateway = gateways.Find(gatewayName);
        var verification = gateway?.VerifyNotification(headers, body)
            ?? NotificationVerification.Invalid("no such gateway is configured");
        if (verification.Trade is null)
        {
            var reason = verification.Rejection ?? "not verified";
            db.PaymentNotifications.Add(new PaymentNotification(gatewayName, null, NotificationOutcome.Invalid, reason, body, Now));
            await db.SaveChangesAsync(ct);
            logger.LogWarning("Refused unverifiable notification from {Gateway}: {Reason}", gatewayName, reason);
            return new NotificationHandling(NotificationOutcome.Invalid, reason);
        }

        return await ApplyAsync(gateway!.Name, verification.Trade, recordNotification: true, ct);
    }

    public Task RefreshAsync(string orderNo, CancellationToken ct) =>
        QueryPendingAsync(db.PaymentAttempts.Where(a => a.Order.OrderNo == orderNo), closeBefore: null, ct);

    public async Task<int> ReconcileAsync(TimeSpan pendingAfter, TimeSpan closeAfter, CancellationToken ct)
    {
        var now = Now;
        var cutoff = now - pendingAfter;
        return await QueryPendingAsync(
            db.PaymentAttempts.Where(a => a.CreatedAtUtc <= cutoff && a.Gateway != PaymentErrors.AgentBalance).OrderBy(a => a.CreatedAtUtc).Take(100),
            closeBefore: now - closeAfter, ct);
    }

    private async Task<int> QueryPendingAsync(IQueryable<PaymentAttempt> attempts, DateTime? closeBefore, CancellationToken ct)
    {
        var pending = await attempts
            .Where(a => a.Status == PaymentAttemptStatus.Pending)
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

                if (trade.State is GatewayTradeState.Paid or GatewayTradeState.Failed)
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

    public Task<Result<RenewalOrder>> PayFromBalanceAsync(string orderNo, long agentId, Actor actor, CancellationToken ct) =>
        // A concurrent renewal debiting the same balance (or paying the same order) makes this run again from fresh values.
        db.InTransactionAsync(async () =>
        {
            var order = await db.Orders.Include(o => o.Attempts).Include(o => o.Card)
                .SingleOrDefaultAsync(o => o.OrderNo == orderNo && o.AgentId == agentId, ct);
            if (order is null)
            {
                return Result<RenewalOrder>.Fail(PaymentErrors.OrderNotFound, "Order not found.");
            }

            if (order.Status != OrderStatus.AwaitingPayment)
            {
                return Result<RenewalOrder>.Fail(PaymentErrors.NotPayable, "This order has already been paid.");
            }

            var agent = await db.Agents.SingleAsync(a => a.Id == agentId, ct);
            var balanceBefore = agent.Balance;
            if (!agent.TryDebit(order.Total, order.OrderNo, actor.UserName, Now, out var entry))
            {
                return Result<RenewalOrder>.Fail(PaymentErrors.InsufficientBalance,
                    $"Your balance {agent.Balance} does not cover {order.Total}. Ask for a top-up, or pay through a payment gateway.");
            }

            db.LedgerEntries.Add(entry!);
            var attempt = order.AddAttempt(PaymentErrors.AgentBalance, PaymentMode.HostedPage, Now); // settled at once; the mode is moot
            attempt.Succeed($"BAL-{attempt.TradeNo}", $"debited from agent {agentId} balance by {actor.UserName}", Now);
            order.MarkPaid(Now, ChinaTime.Today(clock), Now);
            db.Outbox.Add(OutboxMessage.ActivateRenewalOf(order.OrderNo, Now));
            db.AuditEntries.Add(new AuditEntry(actor, "pay from balance", $"order {orderNo}", order.CardId,
                $"balance {balanceBefore}, expiry {order.PreviousExpiry:yyyy-MM-dd}", $"balance {agent.Balance}, expiry {order.NewExpiry:yyyy-MM-dd}", null, Now));
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Order {OrderNo} paid from agent {AgentId} balance, {Total}", orderNo, agentId, order.Total.ToWire());
            return Result<RenewalOrder>.Ok(order);
        }, ct);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

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
            .Include(a => a.Order).ThenInclude(o => o.Card)
            .SingleOrDefaultAsync(a => a.Gateway == gateway && a.TradeNo == trade.TradeNo, ct);
        if (attempt is null)
        {
            return Refused($"unknown trade number {trade.TradeNo}");
        }

        var order = attempt.Order;
        switch (trade.State)
        {
            case GatewayTradeState.Paid when trade.Amount != attempt.Amount:
                var mismatch = $"amount {trade.Amount.ToWire()} reported for {attempt.TradeNo} differs from the order's {attempt.Amount.ToWire()}";
                if (order.Attention?.Contains(mismatch, StringComparison.Ordinal) != true)
                {
                    order.FlagForSupport(mismatch, Now);
                }

                return Refused(mismatch);

            case GatewayTradeState.Paid when attempt.Status == PaymentAttemptStatus.Succeeded:
                return new(NotificationOutcome.Duplicate, $"{attempt.TradeNo} was already recorded as paid");

            case GatewayTradeState.Paid:
                // A payment that arrives after a failure is still money taken: record it, never drop it.
                attempt.Succeed(trade.GatewayTransactionId ?? trade.TradeNo, trade.Raw, Now);
                if (!order.Card.CanRenewOnline)
                {
                    order.FlagForSupport($"{attempt.TradeNo} paid but the card is deactivated; refund or restore the card", Now);
                    return new(NotificationOutcome.Applied, "paid; card deactivated, flagged for support");
                }

                var paidAt = trade.PaidAtUtc ?? Now;
                if (order.MarkPaid(paidAt, ChinaTime.Today(clock), Now))
                {
                    db.Outbox.Add(OutboxMessage.ActivateRenewalOf(order.OrderNo, Now));
                    return new(NotificationOutcome.Applied, $"order {order.OrderNo} paid; card valid through {order.NewExpiry:yyyy-MM-dd}");
                }

                order.FlagForSupport($"{attempt.TradeNo} paid an order that was already paid; refund it", Now);
                return new(NotificationOutcome.Applied, "second payment of a paid order; flagged for refund");

            case GatewayTradeState.Failed when attempt.Status == PaymentAttemptStatus.Pending:
                attempt.Fail(trade.FailureReason ?? "declined", trade.Raw, Now);
                return new(NotificationOutcome.Applied, $"{attempt.TradeNo} failed: {attempt.FailureReason}");

            case GatewayTradeState.Failed:
                return new(NotificationOutcome.Duplicate, $"{attempt.TradeNo} already {attempt.Status}; failure ignored");

            default:
                return new(NotificationOutcome.Duplicate, $"{attempt.TradeNo} is {trade.State} at the gateway; nothing to do");
        }

        static NotificationHandling Refused(string why) => new(NotificationOutcome.Refused, why);
    }
}
