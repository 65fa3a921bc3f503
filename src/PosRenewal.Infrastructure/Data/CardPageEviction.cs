using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Infrastructure.Data;

/// <summary>Cached card pages (the web app's output cache), dropped by card; nothing to drop where no page is cached.</summary>
public interface ICardPageCache
{
    ValueTask EvictAsync(string iccid, CancellationToken ct);

    ValueTask EvictAllAsync(CancellationToken ct);
}

internal sealed class NoCardPageCache : ICardPageCache
{
    public ValueTask EvictAsync(string iccid, CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask EvictAllAsync(CancellationToken ct) => ValueTask.CompletedTask;
}

/// <summary>
/// Once a save that changed a card or one of its orders (paid, activated, refunded, suspended …) has gone through, this
/// instance drops that card's cached page, so the payer and support see the change at once; after a change to a package
/// or a promotion, the card page's catalogue and every cached card page. Other instances follow within their caches' few seconds.
/// (Set-based updates, such as a promotion's use counter, do not come through here.)
/// </summary>
public sealed class CardPageEviction(ICardPageCache pages, Catalogue catalogue) : SaveChangesInterceptor
{
    /// <summary>Per context being saved: the cards changed, or null for "the catalogue changed: every card".</summary>
    private readonly ConditionalWeakTable<DbContext, HashSet<string>?> changed = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EvictAsync(eventData.Context, cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EvictAsync(eventData.Context, default).AsTask().GetAwaiter().GetResult();
        return result;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var entries = context.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        if (entries.Any(e => e.Entity is Core.Packages.Package or Core.Promotions.Promotion))
        {
            changed.AddOrUpdate(context, null);
            return;
        }

        var iccids = entries.Select(e => e.Entity switch { Card card => card.Iccid, RenewalOrder order => order.Iccid, _ => null }).OfType<string>();
        if (!changed.TryGetValue(context, out var known))
        {
            changed.Add(context, [.. iccids]);
        }
        else
        {
            known?.UnionWith(iccids);
        }
    }

    private async ValueTask EvictAsync(DbContext? context, CancellationToken ct)
    {
        if (context is null || !changed.TryGetValue(context, out var iccids))
        {
            return;
        }

        changed.Remove(context);
        if (iccids is null)
        {
            catalogue.Clear();
            await pages.EvictAllAsync(ct);
            return;
        }

        foreach (var iccid in iccids)
        {
            await pages.EvictAsync(iccid, ct);
        }
    }
}
