using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Lifecycle;

/// <summary>Settings under <c>Lifecycle</c>.</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>How often the job runs. Every run works out "today" in China time, so running more often than daily only catches up sooner.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Days after expiry before the carrier takes an unpaid card back (deactivated).</summary>
    public int GraceDays { get; set; } = 90;
}

/// <summary>
/// The daily card job: moves each card to the state its expiry date calls for on the China date —
/// active → expiring soon (within <see cref="Card.ExpiringSoonDays"/>) → expired (the day after expiry,
/// service suspended for arrears, until a renewal is activated) → deactivated (after the grace period). A card that is behind (the job
/// did not run) goes straight to the state it should be in. Each change is audited, so it shows on the
/// card's timeline.
/// </summary>
public sealed class CardLifecycle(IPosRenewalDb db, TimeProvider clock, ILogger<CardLifecycle> logger)
{
    public const int BatchSize = 500;

    public static readonly Actor System = new("lifecycle job", "System");

    /// <summary>The state a card in <paramref name="status"/> should be in today; deactivation is final.</summary>
    public static CardStatus Due(CardStatus status, int daysLeft, int graceDays) => status switch
    {
        CardStatus.Deactivated => CardStatus.Deactivated,
        _ when daysLeft < -graceDays => CardStatus.Deactivated,
        // Suspended (by support, or for arrears once expired) stays so until a renewal is activated on the
        // carrier (Card.RestoreService), or the grace period ends.
        CardStatus.Suspended or CardStatus.Expired => status,
        _ when daysLeft < 0 => CardStatus.Expired,
        _ when daysLeft <= Card.ExpiringSoonDays => CardStatus.ExpiringSoon,
        _ => CardStatus.Active,
    };

    /// <summary>
    /// Runs one pass; returns how many cards changed. Safe to run twice (a card already in its state is not
    /// touched) and on several instances at once (each change is guarded by the card's <c>Version</c>; the
    /// loser re-reads and finds nothing left to do).
    /// </summary>
    public async Task<int> RunAsync(int graceDays, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var soon = today.AddDays(Card.ExpiringSoonDays);
        var gone = today.AddDays(-graceDays);
        var changed = 0;
        long after = 0;
        while (true)
        {
            // Only cards whose stored state is not the one due: the query does the sorting-out, so a pass over
            // a million settled cards reads almost nothing.
            var ids = await db.Cards.AsNoTracking()
                .Where(c => c.Id > after && c.Status != CardStatus.Deactivated && (
                    c.ExpiryDate < gone
                    || (c.Status != CardStatus.Suspended && c.Status != CardStatus.Expired && (
                        c.ExpiryDate < today
                        || (c.ExpiryDate >= today && c.ExpiryDate <= soon && c.Status != CardStatus.ExpiringSoon)
                        || (c.ExpiryDate > soon && c.Status != CardStatus.Active)))))
                .OrderBy(c => c.Id).Select(c => c.Id).Take(BatchSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                break;
            }

            after = ids[^1];
            changed += await db.InTransactionAsync(async () =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var cards = await db.Cards.Where(c => ids.Contains(c.Id)).ToListAsync(ct);
                var moved = 0;
                foreach (var card in cards)
                {
                    var due = Due(card.Status, card.DaysLeft(today), graceDays);
                    if (due == card.Status)
                    {
                        continue;
                    }

                    db.AuditEntries.Add(new AuditEntry(System, "card.lifecycle", $"card {card.Iccid}", card.Id,
                        AuditDetails.Of((AuditField.CardState, card.Status)), AuditDetails.Of((AuditField.CardState, due)),
                        AuditDetails.Of((AuditField.Expiry, card.ExpiryDate), (AuditField.ChinaDate, today)), now));
                    card.MoveTo(due, now);
                    moved++;
                }

                await db.SaveChangesAsync(ct);
                return moved;
            }, ct);
            // Each batch is done: tracking every card moved today would make each save slower than the last.
            db.ChangeTracker.Clear();
        }

        if (changed > 0)
        {
            logger.LogInformation("Lifecycle moved {Count} cards on {Today:yyyy-MM-dd} (China date)", changed, today);
        }

        return changed;
    }
}
