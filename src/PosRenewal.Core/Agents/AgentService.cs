using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Agents;

/// <summary>Filters of the agent's card list; all optional.</summary>
public sealed record AgentCardFilter(CardStatus? Status, int? ExpiresWithinDays, string? Search);

/// <summary>An agent's merchants, cards and orders; every query is scoped to that agent.</summary>
public interface IAgentService
{
    Task<Agent> GetAgentAsync(long agentId, CancellationToken ct);

    /// <summary>Cards of the merchants the agent serves, filtered, soonest expiry first.</summary>
    Task<IReadOnlyList<Card>> ListCardsAsync(long agentId, AgentCardFilter filter, CancellationToken ct);


    /// <summary>The order, or null when it does not exist or another agent placed it.</summary>
    Task<RenewalOrder?> GetOrderAsync(long agentId, string orderNo, CancellationToken ct);
}

/// <inheritdoc />
public sealed class AgentService(IPosRenewalDb db, TimeProvider clock) : IAgentService
{
    public Task<Agent> GetAgentAsync(long agentId, CancellationToken ct) =>
        db.Agents.AsNoTracking().SingleAsync(a => a.Id == agentId, ct);

    public async Task<IReadOnlyList<Card>> ListCardsAsync(long agentId, AgentCardFilter filter, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var cards = db.Cards.AsNoTracking().Include(c => c.Merchant).Where(c => c.Merchant!.AgentId == agentId);
        if (filter.ExpiresWithinDays is { } days)
        {
            var until = today.AddDays(days);
            cards = cards.Where(c => c.ExpiryDate <= until);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            // An ICCID may be typed in groups; search its normalised form (full or last digits).
            var iccidTerm = Iccid.Normalise(term);
            cards = cards.Where(c => c.Iccid.Contains(iccidTerm)
                || (c.TerminalSerial != null && c.TerminalSerial.Contains(term))
                || (c.Msisdn != null && c.Msisdn.Contains(term))
                || c.Merchant!.Name.Contains(term)
                || (c.Merchant.ContactPhone != null && c.Merchant.ContactPhone.Contains(term)));
        }

        var list = await cards.ToListAsync(ct);
        return list
            .Where(c => filter.Status is null || c.EffectiveStatus(today) == filter.Status)
            .OrderBy(c => c.EffectiveStatus(today).Urgency()).ThenBy(c => c.ExpiryDate).ThenBy(c => c.Iccid, StringComparer.Ordinal)
            .ToList();
    }

    public Task<RenewalOrder?> GetOrderAsync(long agentId, string orderNo, CancellationToken ct) =>
        db.Orders.AsNoTracking().Include(o => o.Attempts).Include(o => o.Card).ThenInclude(c => c.Merchant).Include(o => o.Batch)
            .AsSplitQuery()
            .SingleOrDefaultAsync(o => o.OrderNo == orderNo && o.AgentId == agentId, ct);
}
