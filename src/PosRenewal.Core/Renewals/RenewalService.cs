using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;

namespace PosRenewal.Core.Renewals;

/// <summary>A card with the packages that can renew it today, and whether a paid renewal is still being activated.</summary>
public sealed record CardOverview(Card Card, DateOnly Today, IReadOnlyList<RenewalQuote> Quotes, bool Activating);

/// <summary>The merchant's renewal: look up a card, quote packages, place an order once.</summary>
public interface IRenewalService
{
    /// <summary>With an agent, only cards of merchants that agent serves are found, and quotes include the agent's fee.</summary>
    Task<CardOverview?> GetCardAsync(Iccid iccid, long? agentId, CancellationToken ct);

    Task<Result<RenewalQuote>> QuoteAsync(Iccid iccid, string packageCode, long? agentId, CancellationToken ct);

    /// <summary>
    /// Creates the order, or returns the one a repeat of the same submission already created. A signed-in
    /// <paramref name="actor"/> (agent, merchant) is written to the audit trail with the order.
    /// </summary>
    Task<Result<RenewalOrder>> PlaceOrderAsync(Iccid iccid, string packageCode, string idempotencyKey, long? agentId, Actor? actor, CancellationToken ct);

    Task<RenewalOrder?> GetOrderAsync(string orderNo, CancellationToken ct);
}

public static class RenewalErrors
{
    public const string CardNotFound = "card_not_found";
    public const string PackageNotOffered = "package_not_offered";
    public const string CardDeactivated = "card_deactivated";
    public const string KeyReused = "idempotency_key_reused";
}

/// <inheritdoc />
public sealed class RenewalService(IPosRenewalDb db, TimeProvider clock, ILogger<RenewalService> logger) : IRenewalService
{
    // Crockford base32 without I, L, O, U: unambiguous when read over the phone.
    private const string OrderAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public async Task<CardOverview?> GetCardAsync(Iccid iccid, long? agentId, CancellationToken ct)
    {
        // Read-only: the busiest page of the portal needs no change tracking.
        var card = await Cards(agentId).AsNoTracking().Include(c => c.Merchant).SingleOrDefaultAsync(c => c.Iccid == iccid.Value, ct);
        if (card is null)
        {
            return null;
        }

        var today = ChinaTime.Today(clock);
        var agent = await FindAgentAsync(agentId, ct);
        var packages = card.CanRenewOnline ? await OfferedPackagesAsync(card.Carrier, ct) : [];
        var activating = await db.Orders.AnyAsync(o => o.CardId == card.Id
            && (o.Status == OrderStatus.Paid || o.Status == OrderStatus.Activating || o.Status == OrderStatus.ActivationFailed), ct);
        return new CardOverview(card, today, packages.Select(p => RenewalQuote.For(card, p, today, agent)).ToList(), activating);
    }

    public async Task<Result<RenewalQuote>> QuoteAsync(Iccid iccid, string packageCode, long? agentId, CancellationToken ct) =>
        await QuoteForAsync(await FindCardAsync(iccid, agentId, ct), packageCode, agentId, ct);

    public async Task<Result<RenewalOrder>> PlaceOrderAsync(Iccid iccid, string packageCode, string idempotencyKey, long? agentId, Actor? actor, CancellationToken ct)
    {
        var card = await FindCardAsync(iccid, agentId, ct);
        var repeat = await FindRepeatAsync(iccid, card, packageCode, idempotencyKey, agentId, ct);
        if (repeat is not null)
        {
            return repeat;
        }

        var quote = await QuoteForAsync(card, packageCode, agentId, ct);
        if (!quote.IsSuccess)
        {
            return Result<RenewalOrder>.Fail(quote.Error!, quote.Message!);
        }

        var order = new RenewalOrder(NewOrderNo(), idempotencyKey, card!, quote.Value!, clock.GetUtcNow().UtcDateTime);
        db.Orders.Add(order);
        if (actor is not null)
        {
            db.AuditEntries.Add(new AuditEntry(actor, "place order", $"order {order.OrderNo}", card!.Id, null,
                $"{order.PackageName}, total {order.Total}, fee {order.AgentFee}", null, order.CreatedAtUtc));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent twin of this submission (same key, or same card and package) won the insert.
            db.ChangeTracker.Clear();
            return await FindRepeatAsync(iccid, card, packageCode, idempotencyKey, agentId, ct) ?? throw new InvalidOperationException(
                "Order insert failed and no concurrent order explains it.");
        }

        logger.LogInformation("Order {OrderNo} placed for card {Iccid}, package {PackageCode}, total {Total}",
            order.OrderNo, iccid.Masked, packageCode, order.Total.ToWire());
        return Result<RenewalOrder>.Ok(order);
    }

    public Task<RenewalOrder?> GetOrderAsync(string orderNo, CancellationToken ct) =>
        db.Orders.Include(o => o.Card).Include(o => o.Attempts)
            .AsSplitQuery()
            .SingleOrDefaultAsync(o => o.OrderNo == orderNo, ct);

    /// <summary>The order an earlier copy of this submission created: same key, or still open for the same card and package.</summary>
    private async Task<Result<RenewalOrder>?> FindRepeatAsync(Iccid iccid, Card? card, string packageCode, string idempotencyKey, long? agentId, CancellationToken ct)
    {
        var byKey = await db.Orders.Include(o => o.Card).SingleOrDefaultAsync(o => o.IdempotencyKey == idempotencyKey, ct);
        if (byKey is not null)
        {
            return byKey.Iccid == iccid.Value && byKey.PackageCode == packageCode && byKey.AgentId == agentId
                ? Result<RenewalOrder>.Ok(byKey)
                : Result<RenewalOrder>.Fail(RenewalErrors.KeyReused, "This form was already used for another renewal. Start again from the card page.");
        }

        if (card is null)
        {
            return null;
        }

        var slot = RenewalOrder.OpenSlotFor(card, packageCode, agentId);
        var open = await db.Orders.Include(o => o.Card).SingleOrDefaultAsync(o => o.OpenSlot == slot, ct);
        return open is null ? null : Result<RenewalOrder>.Ok(open);
    }

    /// <summary>The quote for renewing <paramref name="card"/> with the package, or why it cannot be renewed online.</summary>
    private async Task<Result<RenewalQuote>> QuoteForAsync(Card? card, string packageCode, long? agentId, CancellationToken ct)
    {
        if (card is null)
        {
            return Result<RenewalQuote>.Fail(RenewalErrors.CardNotFound, "No card with this ICCID was found. Check the digits against the SIM card.");
        }

        if (!card.CanRenewOnline)
        {
            return Result<RenewalQuote>.Fail(RenewalErrors.CardDeactivated, "This card has been deactivated by the carrier and cannot be renewed online. Contact your agent or our support line to restore it.");
        }

        var package = await db.Packages.AsNoTracking().SingleOrDefaultAsync(
            p => p.Code == packageCode && p.Carrier == card.Carrier && p.IsActive, ct);
        return package is null
            ? Result<RenewalQuote>.Fail(RenewalErrors.PackageNotOffered, "This package is not offered for this card. Choose one of the packages listed on the card page.")
            : Result<RenewalQuote>.Ok(RenewalQuote.For(card, package, ChinaTime.Today(clock), await FindAgentAsync(agentId, ct)));
    }

    private Task<Card?> FindCardAsync(Iccid iccid, long? agentId, CancellationToken ct) =>
        Cards(agentId).Include(c => c.Merchant).SingleOrDefaultAsync(c => c.Iccid == iccid.Value, ct);

    /// <summary>All cards, or for an agent only the cards of merchants they serve.</summary>
    private IQueryable<Card> Cards(long? agentId) =>
        agentId is null ? db.Cards : db.Cards.Where(c => c.Merchant!.AgentId == agentId);

    private async Task<Agent?> FindAgentAsync(long? agentId, CancellationToken ct) =>
        agentId is null ? null : await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agentId, ct);

    private async Task<List<Package>> OfferedPackagesAsync(Carrier carrier, CancellationToken ct) =>
        (await db.Packages.AsNoTracking().Where(p => p.Carrier == carrier && p.IsActive).ToListAsync(ct))
        .OrderBy(p => p.TermMonths).ThenBy(p => p.Code, StringComparer.Ordinal).ToList();

    private string NewOrderNo()
    {
        // R + China date + 8 random characters (40 bits): sortable by day, not guessable.
        var date = ChinaTime.Today(clock).ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var random = RandomNumberGenerator.GetString(OrderAlphabet, RenewalOrder.OrderNoLength - 7);
        return $"R{date}{random}";
    }
}
