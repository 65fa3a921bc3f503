using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Renewals;

/// <summary>
/// What an orders screen filters by: state, China dates placed (inclusive), the agent who placed them, and a number
/// (order, batch, or ICCID / its last digits). Every part is optional.
/// </summary>
public sealed record OrderFilter(OrderStatus? Status = null, DateOnly? From = null, DateOnly? To = null, long? AgentId = null, string? Number = null);

/// <summary>Orders as an admin (or an agent, within their own) sees and exports them, newest first.</summary>
public sealed class OrderSearch(IPosRenewalDb db)
{
    /// <summary>The orders matching the filter, with card, merchant and payments (their own or their batch's).</summary>
    public async Task<IReadOnlyList<RenewalOrder>> FindAsync(OrderFilter filter, int take, CancellationToken ct)
    {
        var orders = db.Orders.AsNoTracking();
        if (filter.Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }

        if (filter.From is { } from)
        {
            var start = ChinaTime.StartOfDayUtc(from);
            orders = orders.Where(o => o.CreatedAtUtc >= start);
        }

        if (filter.To is { } to)
        {
            var end = ChinaTime.StartOfDayUtc(to.AddDays(1));
            orders = orders.Where(o => o.CreatedAtUtc < end);
        }

        if (filter.AgentId is { } agentId)
        {
            orders = orders.Where(o => o.AgentId == agentId);
        }

        if (filter.Number?.Trim().ToUpperInvariant() is { Length: > 0 } number)
        {
            var digits = Cards.Iccid.Normalise(number);
            orders = orders.Where(o => o.OrderNo == number || o.Batch!.BatchNo == number || o.Iccid == digits
                || (digits.Length >= 4 && o.Iccid.EndsWith(digits)));
        }

        return await orders.Include(o => o.Card).ThenInclude(c => c.Merchant).Include(o => o.Attempts).Include(o => o.Batch).ThenInclude(b => b!.Attempts)
            .OrderByDescending(o => o.CreatedAtUtc).ThenByDescending(o => o.Id).Take(take).AsSplitQuery().ToListAsync(ct);
    }
}
