using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Outbox;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Carriers;

/// <summary>Applies a paid renewal on the carrier's platform: Paid → Activating → Active (or ActivationFailed).</summary>
public interface IActivationService
{
    Task<(OutboxOutcome Outcome, string? Error)> ActivateAsync(string orderNo, bool lastAttempt, CancellationToken ct);

    /// <summary>
    /// The outbox's <see cref="OutboxMessage.SyncCarrier"/>: sends the card's current term or suspension to its carrier and
    /// writes the carrier's answer on the card's timeline. Retried while the carrier fails; parked for support after that.
    /// </summary>
    Task<(OutboxOutcome Outcome, string? Error)> SyncAsync(string payload, CancellationToken ct);
}

/// <inheritdoc />
public sealed class ActivationService(IPosRenewalDb db, CarrierPlatforms carriers, TimeProvider clock, ILogger<ActivationService> logger) : IActivationService
{
    public async Task<(OutboxOutcome Outcome, string? Error)> ActivateAsync(string orderNo, bool lastAttempt, CancellationToken ct)
    {
        var order = await db.Orders.Include(o => o.Card).SingleOrDefaultAsync(o => o.OrderNo == orderNo, ct);
        if (order is null || !order.StartActivation(Now))
        {
            // Already active, refunded, or unknown: nothing to apply.
            return (OutboxOutcome.Done, null);
        }

        await db.SaveChangesAsync(ct);
        var platform = carriers.For(order.Card.Carrier);
        try
        {
            if (platform is null)
            {
                throw new CarrierUnavailableException($"no platform is configured for {order.Card.Carrier}");
            }

            // The card's current expiry, not this order's: it already includes every paid renewal, so
            // activations that run out of order or twice still leave the carrier with the right date.
            var result = await platform.ApplyRenewalAsync(new CarrierRenewal(order.OrderNo, order.Card.Iccid, order.Card.ExpiryDate, order.BonusDataMb), ct);
            order.Activated(Now);
            var before = order.Card.Status;
            if (order.Card.RestoreService(ChinaTime.Today(clock), Now))
            {
                db.AuditEntries.Add(new Audit.AuditEntry(ResumeActor, "card.resumed", $"card {order.Card.Iccid}", order.Card.Id,
                    Audit.AuditDetails.Of((Audit.AuditField.CardState, before)), Audit.AuditDetails.Of((Audit.AuditField.CardState, order.Card.Status)),
                    Audit.AuditDetails.Of((Audit.AuditField.Why, Audit.AuditReason.RenewalActive), (Audit.AuditField.Order, order.OrderNo)), Now));
            }
            else if (order.Card.HeldBySupport)
            {
                // Support suspended it: a renewal does not lift that (the platform may have, on applying it): suspend again.
                db.Outbox.Add(OutboxMessage.SyncCarrierOf(order.Card.Id, OutboxMessage.StateOnCarrier, Now));
            }

            await db.SaveChangesAsync(ct);
            logger.LogInformation("Order {OrderNo} active on {Carrier} (duplicate: {Duplicate})", orderNo, order.Card.Carrier, result.Duplicate);
            return (OutboxOutcome.Done, null);
        }
        catch (CarrierUnavailableException ex)
        {
            if (!lastAttempt)
            {
                return (OutboxOutcome.RetryLater, ex.Message);
            }

            order.ActivationGaveUp(ex.Message, Now);
            if (order.InBatch)
            {
                // One card of a batch: its money goes back (retried until the gateway takes it); the other cards go on.
                db.Outbox.Add(OutboxMessage.RefundOrderOf(order.OrderNo, Now));
            }

            await db.SaveChangesAsync(ct);
            logger.LogError("Order {OrderNo}: carrier activation gave up: {Error}", orderNo, ex.Message);
            return (OutboxOutcome.GaveUp, ex.Message);
        }
    }

    private static readonly Audit.Actor ResumeActor = new("activation", "System");

    private static readonly Audit.Actor CarrierActor = new("carrier", "System");

    public async Task<(OutboxOutcome Outcome, string? Error)> SyncAsync(string payload, CancellationToken ct)
    {
        var parts = payload.Split(':');
        var card = parts.Length == 3 && long.TryParse(parts[0], out var cardId) ? await db.Cards.SingleOrDefaultAsync(c => c.Id == cardId, ct) : null;
        if (card is null)
        {
            return (OutboxOutcome.GaveUp, $"no card for carrier command {payload}");
        }

        var (what, requestId) = (parts[1], parts[2]);
        var platform = carriers.For(card.Carrier);
        try
        {
            if (platform is null)
            {
                throw new CarrierUnavailableException($"no platform is configured for {card.Carrier}");
            }

            var suspended = card.Status == CardStatus.Suspended;
            var (action, sent, result) = what == OutboxMessage.TermOnCarrier
                ? ("carrier.term", (Audit.AuditField.Expiry, (object)card.ExpiryDate), await platform.ApplyRenewalAsync(new CarrierRenewal(requestId, card.Iccid, card.ExpiryDate, 0), ct))
                : suspended
                    ? ("carrier.suspend", (Audit.AuditField.State, Audit.AuditState.ServiceOff), await platform.SuspendAsync(card.Iccid, requestId, ct))
                    : ("carrier.resume", (Audit.AuditField.State, Audit.AuditState.ServiceOn), await platform.ResumeAsync(card.Iccid, requestId, ct));
            db.AuditEntries.Add(new Audit.AuditEntry(CarrierActor, action, $"card {card.Iccid}", card.Id, null,
                Audit.AuditDetails.Of(sent, (Audit.AuditField.Carrier, result.Duplicate ? Audit.AuditState.AlreadyApplied : Audit.AuditState.Applied)),
                Audit.AuditDetails.Of((Audit.AuditField.Request, requestId)), Now));
            await db.SaveChangesAsync(ct);
            return (OutboxOutcome.Done, null);
        }
        catch (CarrierUnavailableException ex)
        {
            // Never given up by itself: after the outbox's budget it is parked on support's attention list.
            return (OutboxOutcome.RetryLater, ex.Message);
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
