using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;
using PosRenewal.Core.Promotions;

namespace PosRenewal.Core.Renewals;

/// <summary>
/// The packages on offer and the promotions running today, kept for a few seconds for the card page only (the busiest
/// page reads them on every visit). The confirmation page and placing an order always read them fresh, and placing an
/// order refuses a total that changed, so a stale card page can never lead to a wrong charge. A saved change to a package
/// or promotion clears it on this instance; another instance sees the change within <see cref="Lifetime"/>.
/// </summary>
public sealed class Catalogue(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private volatile Snapshot? current;

    public sealed record Snapshot(DateOnly Today, DateTimeOffset Until, IReadOnlyDictionary<Carrier, List<Package>> Packages, List<Promotion> Running);

    public async Task<Snapshot> GetAsync(IPosRenewalDb db, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        if (current is { } kept && kept.Today == today && clock.GetUtcNow() < kept.Until)
        {
            return kept;
        }

        var packages = (await db.Packages.AsNoTracking().Where(p => p.IsActive).ToListAsync(ct))
            .OrderBy(p => p.SortOrder).ThenBy(p => p.TermMonths).ThenBy(p => p.Code, StringComparer.Ordinal)
            .GroupBy(p => p.Carrier).ToDictionary(g => g.Key, g => g.ToList());
        var running = await Promotion.RunningOn(db.Promotions.AsNoTracking(), today).ToListAsync(ct);
        var fresh = new Snapshot(today, clock.GetUtcNow() + Lifetime, packages, running);
        current = fresh;
        return fresh;
    }

    /// <summary>A package or promotion changed: the next card page reads them again.</summary>
    public void Clear() => current = null;
}
