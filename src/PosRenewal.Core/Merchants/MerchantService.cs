using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Merchants;

/// <summary>A signed-in merchant's terminals and orders; every query is scoped to that merchant.</summary>
public interface IMerchantService
{
    /// <summary>The merchant's cards, most urgent first (lapsed, then expiring soonest).</summary>
    Task<IReadOnlyList<Card>> ListCardsAsync(long merchantId, CancellationToken ct);

    Task<IReadOnlyList<RenewalOrder>> ListOrdersAsync(long merchantId, CancellationToken ct);

    /// <summary>The order, or null when it does not exist or belongs to another merchant (callers answer 404 either way).</summary>
    Task<RenewalOrder?> GetOrderAsync(long merchantId, string orderNo, CancellationToken ct);
}

/// <inheritdoc />
public sealed class MerchantService(IPosRenewalDb db, TimeProvider clock) : IMerchantService
{
    public async Task<IReadOnlyList<Card>> ListCardsAsync(long merchantId, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var cards = await db.Cards.AsNoTracking().Where(c => c.MerchantId == merchantId).ToListAsync(ct);
        return cards.OrderBy(c => c.EffectiveStatus(today).Urgency()).ThenBy(c => c.ExpiryDate).ThenBy(c => c.Iccid, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<RenewalOrder>> ListOrdersAsync(long merchantId, CancellationToken ct) =>
        (await db.Orders.AsNoTracking().Where(o => o.Card.MerchantId == merchantId).ToListAsync(ct))
        .OrderByDescending(o => o.CreatedAtUtc).ToList();

    public Task<RenewalOrder?> GetOrderAsync(long merchantId, string orderNo, CancellationToken ct) =>
        db.Orders.AsNoTracking().Include(o => o.Attempts).Include(o => o.Card).ThenInclude(c => c.Merchant).AsSplitQuery()
            .SingleOrDefaultAsync(o => o.OrderNo == orderNo && o.Card.MerchantId == merchantId, ct);
}
