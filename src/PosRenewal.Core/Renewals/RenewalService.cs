using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;
using PosRenewal.Core.Promotions;

namespace PosRenewal.Core.Renewals;

/// <summary>
/// A card with the packages that can renew it today (each priced with its best promotion), whether a paid
/// renewal is still being activated, the promotions that apply to it, and whether a typed promo code did.
/// </summary>
public sealed record CardOverview(Card Card, DateOnly Today, IReadOnlyList<RenewalQuote> Quotes, bool Activating, IReadOnlyList<Promotion> Promotions, bool? CodeAccepted);

/// <summary>The merchant's renewal: look up a card, quote packages, place an order once.</summary>
public interface IRenewalService
{
    /// <summary>Whether the card exists (for an agent: among the cards of merchants they serve). One indexed query.</summary>
    Task<bool> CardExistsAsync(Iccid iccid, long? agentId, CancellationToken ct);

    /// <summary>With an agent, only cards of merchants that agent serves are found, and quotes include the agent's fee.</summary>
    Task<CardOverview?> GetCardAsync(Iccid iccid, long? agentId, string? promoCode, CancellationToken ct);

    Task<Result<RenewalQuote>> QuoteAsync(Iccid iccid, string packageCode, long? agentId, string? promoCode, CancellationToken ct);

    /// <summary>
    /// Creates the order, or returns the one a repeat of the same submission already created. The total
    /// must still be <paramref name="confirmedTotal"/>, the one the payer confirmed; if a promotion ended or
    /// ran out meanwhile, nothing is created and <see cref="RenewalErrors.PriceChanged"/> says so. A signed-in
    /// <paramref name="actor"/> (agent, merchant) is written to the audit trail with the order.
    /// </summary>
    Task<Result<RenewalOrder>> PlaceOrderAsync(Iccid iccid, string packageCode, string idempotencyKey, long? agentId, Actor? actor, string? promoCode, Money confirmedTotal, CancellationToken ct);

    Task<RenewalOrder?> GetOrderAsync(string orderNo, CancellationToken ct);
}

public static class RenewalErrors
{
    public const string CardNotFound = "card_not_found";
    public const string PackageNotOffered = "package_not_offered";
    public const string CardDeactivated = "card_deactivated";
    public const string KeyReused = "idempotency_key_reused";
    public const string PriceChanged = "price_changed";

    public const string PriceChangedMessage = "The price has changed since you opened this page: a promotion has ended or has been used up. Check the new total and confirm again.";
}

/// <inheritdoc />
public sealed class RenewalService(IPosRenewalDb db, TimeProvider clock, Catalogue catalogue, CardLookup lookup, ILogger<RenewalService> logger) : IRenewalService
{
    // Crockford base32 without I, L, O, U: unambiguous when read over the phone.
    private const string OrderAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public Task<bool> CardExistsAsync(Iccid iccid, long? agentId, CancellationToken ct) =>
        Cards(agentId).AnyAsync(c => c.Iccid == iccid.Value, ct);

    public async Task<CardOverview?> GetCardAsync(Iccid iccid, long? agentId, string? promoCode, CancellationToken ct)
    {
        // The busiest page of the portal: one read-only statement for the card, its merchant and whether a paid renewal
        // is still being activated (CardLookup); the catalogue from a few seconds' cache (the confirmation and the order read it fresh).
        if (await lookup.FindAsync((DbContext)db, iccid.Value, agentId, ct) is not { Card: var card, Activating: var activating })
        {
            return null;
        }

        var offered = await catalogue.GetAsync(db, ct);
        var today = offered.Today;
        var agent = await FindAgentAsync(agentId, ct);
        var packages = card.CanRenewOnline ? offered.Packages.GetValueOrDefault(card.Carrier, []) : [];
        var offers = packages.Count == 0 ? Offers.None : await OffersForAsync(card, offered.Running, ct);
        var quotes = packages.Select(p => RenewalQuote.For(card, p, today, agent, offers.BestFor(card, p, promoCode))).ToList();
        var applicable = offers.Running.Where(o => packages.Any(p => o.AppliesTo(card, p.Code, card.Merchant?.AgentId, offers.FirstRenewal, promoCode))).ToList();
        bool? codeAccepted = string.IsNullOrEmpty(promoCode) ? null : applicable.Any(o => o.Code is not null);
        return new CardOverview(card, today, quotes, activating, applicable, codeAccepted);
    }

    public async Task<Result<RenewalQuote>> QuoteAsync(Iccid iccid, string packageCode, long? agentId, string? promoCode, CancellationToken ct) =>
        await QuoteForAsync(await FindCardAsync(iccid, agentId, ct), packageCode, agentId, promoCode, ct);

    public async Task<Result<RenewalOrder>> PlaceOrderAsync(Iccid iccid, string packageCode, string idempotencyKey, long? agentId, Actor? actor, string? promoCode, Money confirmedTotal, CancellationToken ct)
    {
        var card = await FindCardAsync(iccid, agentId, ct);
        var repeat = await FindRepeatAsync(iccid, card, packageCode, idempotencyKey, agentId, ct);
        if (repeat is not null)
        {
            return repeat;
        }

        var quote = await QuoteForAsync(card, packageCode, agentId, promoCode, ct);
        if (!quote.IsSuccess)
        {
            return Result<RenewalOrder>.Fail(quote.Error!, quote.Message!);
        }

        if (quote.Value!.Total != confirmedTotal)
        {
            return Result<RenewalOrder>.Fail(RenewalErrors.PriceChanged, RenewalErrors.PriceChangedMessage);
        }

        var order = new RenewalOrder(NewNumber('R', ChinaTime.Today(clock)), idempotencyKey, card!, quote.Value!, clock.GetUtcNow().UtcDateTime);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The promotion's use is taken in the order's transaction: if the insert fails, the use goes back.
        if (quote.Value.Promotion is { } promotion && !await TakeUseAsync(promotion, ct))
        {
            return Result<RenewalOrder>.Fail(RenewalErrors.PriceChanged, RenewalErrors.PriceChangedMessage);
        }

        db.Orders.Add(order);
        if (actor is not null)
        {
            db.AuditEntries.Add(new AuditEntry(actor, "place order", $"order {order.OrderNo}", card!.Id, null,
                AuditDetails.Of((AuditField.Name, order.PackageName), (AuditField.NameEn, order.PackageNameEn), (AuditField.Total, order.Total), (AuditField.Fee, order.AgentFee)),
                null, order.CreatedAtUtc));
        }

        // A concurrent twin of this submission (same key, or same card and package) may have won the insert: then its order is the answer.
        if (await db.CommitOrFindTwinAsync(tx, () => FindRepeatAsync(iccid, card, packageCode, idempotencyKey, agentId, ct), ct) is { } twin)
        {
            return twin;
        }

        logger.LogInformation("Order {OrderNo} placed for card {Iccid}, package {PackageCode}, total {Total}, promotion {Promotion}",
            order.OrderNo, iccid.Masked, packageCode, order.Total.ToWire(), order.PromotionId);
        return Result<RenewalOrder>.Ok(order);
    }

    public Task<RenewalOrder?> GetOrderAsync(string orderNo, CancellationToken ct) =>
        db.Orders.Include(o => o.Card).ThenInclude(c => c.Merchant).Include(o => o.Attempts)
            .AsSplitQuery()
            .SingleOrDefaultAsync(o => o.OrderNo == orderNo, ct);

    /// <summary>The order an earlier copy of this submission created: same key, or still open for the same card and package.</summary>
    private async Task<Result<RenewalOrder>?> FindRepeatAsync(Iccid iccid, Card? card, string packageCode, string idempotencyKey, long? agentId, CancellationToken ct)
    {
        // One statement for both: the order this key already made, and the card's open order for the same renewal.
        var slot = card is null ? null : RenewalOrder.OpenSlotFor(card, packageCode, agentId);
        var orders = db.Orders.Include(o => o.Card);
        var found = await (slot is null
                ? orders.Where(o => o.IdempotencyKey == idempotencyKey)
                : orders.Where(o => o.IdempotencyKey == idempotencyKey || o.OpenSlot == slot))
            .Take(2).ToListAsync(ct);
        if (found.Find(o => o.IdempotencyKey == idempotencyKey) is { } byKey)
        {
            return byKey.Iccid == iccid.Value && byKey.PackageCode == packageCode && byKey.AgentId == agentId
                ? Result<RenewalOrder>.Ok(byKey)
                : Result<RenewalOrder>.Fail(RenewalErrors.KeyReused, "This form was already used for another renewal. Start again from the card page.");
        }

        return found.Count == 0 ? null : Result<RenewalOrder>.Ok(found[0]);
    }

    /// <summary>The quote for renewing <paramref name="card"/> with the package, or why it cannot be renewed online.</summary>
    private async Task<Result<RenewalQuote>> QuoteForAsync(Card? card, string packageCode, long? agentId, string? promoCode, CancellationToken ct)
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
            : Result<RenewalQuote>.Ok(RenewalQuote.For(card, package, ChinaTime.Today(clock), await FindAgentAsync(agentId, ct),
                (await PromotionsForAsync(card, ChinaTime.Today(clock), ct)).BestFor(card, package, promoCode)));
    }

    /// <summary>The promotions running today, and whether the card counts as a first renewal for them.</summary>
    private sealed record Offers(List<Promotion> Running, bool FirstRenewal)
    {
        public static readonly Offers None = new([], false);

        public Promotion? BestFor(Card card, Package package, string? promoCode) => Promotion.BestFor(Running, card, package, FirstRenewal, promoCode);
    }

    /// <summary>The promotions running today (dates, cap), with the card's first-renewal status (asked only when one needs it).</summary>
    private async Task<Offers> PromotionsForAsync(Card card, DateOnly today, CancellationToken ct) =>
        await OffersForAsync(card, await Promotion.RunningOn(db.Promotions.AsNoTracking(), today).ToListAsync(ct), ct);

    private async Task<Offers> OffersForAsync(Card card, List<Promotion> running, CancellationToken ct) =>
        new(running, running.Any(p => p.FirstRenewalOnly) && !await db.Orders.AnyAsync(o => o.CardId == card.Id && o.PaidAtUtc != null, ct));

    /// <summary>Counts a use with one conditional UPDATE; false when the cap was reached (or the promotion ended) meanwhile.</summary>
    private Task<bool> TakeUseAsync(Promotion promotion, CancellationToken ct) => TakeUsesAsync(db, promotion.Id, 1, ChinaTime.Today(clock), ct);

    /// <summary>
    /// Takes <paramref name="count"/> uses of a promotion with one conditional UPDATE: false (nothing taken) when it
    /// ended or has fewer uses left. Call it inside the transaction that writes the orders, so a failed write gives them back.
    /// </summary>
    internal static async Task<bool> TakeUsesAsync(IPosRenewalDb db, long promotionId, int count, DateOnly today, CancellationToken ct) =>
        await Promotion.RunningOn(db.Promotions, today)
            .Where(p => p.Id == promotionId && (p.MaxUses == null || p.Uses + count <= p.MaxUses))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Uses, p => p.Uses + count), ct) == 1;

    private Task<Card?> FindCardAsync(Iccid iccid, long? agentId, CancellationToken ct) =>
        Cards(agentId).Include(c => c.Merchant).SingleOrDefaultAsync(c => c.Iccid == iccid.Value, ct);

    /// <summary>All cards, or for an agent only the cards of merchants they serve.</summary>
    private IQueryable<Card> Cards(long? agentId) =>
        agentId is null ? db.Cards : db.Cards.Where(c => c.Merchant!.AgentId == agentId);

    private async Task<Agent?> FindAgentAsync(long? agentId, CancellationToken ct) =>
        agentId is null ? null : await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agentId, ct);

    /// <summary>
    /// An order (R) or batch (B) number: the letter, the China date and 8 random characters (40 bits), sortable by day
    /// and not guessable.
    /// </summary>
    internal static string NewNumber(char prefix, DateOnly today) =>
        prefix + today.ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture)
        + RandomNumberGenerator.GetString(OrderAlphabet, RenewalOrder.OrderNoLength - 7);
}
