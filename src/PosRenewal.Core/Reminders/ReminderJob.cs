using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Outbox;
using PosRenewal.Core.Stickers;

namespace PosRenewal.Core.Reminders;

/// <summary>
/// Writes the reminders due today (China date) and queues them on the outbox: before expiry (one per
/// configured stage), on suspension for arrears, and each agent's daily digest. A reminder is keyed by card,
/// expiry, stage, recipient and channel, and a unique index on that key means it is written once, however
/// often and on however many instances the job runs. A renewal moves the expiry, so reminders for the old
/// expiry are no longer due; those already queued are cancelled when the sender sees the new expiry.
/// </summary>
public sealed class ReminderJob(IPosRenewalDb db, IEnumerable<INotificationChannel> channels, IOptions<ReminderOptions> options, TimeProvider clock, ILogger<ReminderJob> logger)
{
    public const int BatchSize = 500;

    private readonly HashSet<NotificationChannel> _open = channels.Select(c => c.Channel).ToHashSet();

    /// <summary>The stage a card falls in: <paramref name="Kind"/> for cards with between Min and Max days left.</summary>
    private sealed record Window(string Kind, int MinDaysLeft, int MaxDaysLeft, bool Suspended);

    /// <summary>One pass; returns how many notifications it wrote. Links in messages are built on <paramref name="baseUrl"/>.</summary>
    public async Task<int> RunAsync(Uri baseUrl, CancellationToken ct)
    {
        if (_open.Count == 0)
        {
            return 0;
        }

        var today = ChinaTime.Today(clock);
        var written = 0;
        foreach (var window in Windows(options.Value))
        {
            written += await RemindAsync(window, today, baseUrl, ct);
        }

        written += await DigestsAsync(today, baseUrl, ct);
        if (written > 0)
        {
            logger.LogInformation("Reminders: {Count} notifications queued on {Today:yyyy-MM-dd} (China date)", written, today);
        }

        return written;
    }

    /// <summary>Stages 30, 7, 1 become windows of 8–30, 2–7 and 0–1 days left: a pass that runs late sends the latest stage passed, not every one.</summary>
    private static IEnumerable<Window> Windows(ReminderOptions o)
    {
        var stages = o.Stages;
        for (var i = 0; i < stages.Count; i++)
        {
            yield return new Window(Notification.ExpiryKind(stages[i]), i + 1 < stages.Count ? stages[i + 1] + 1 : 0, stages[i], false);
        }

        yield return new Window(Notification.SuspendedKind, -o.SuspendedNoticeDays, -1, true);
    }

    /// <summary>Cards in the window that have not had this reminder for their current expiry.</summary>
    private IQueryable<Card> Due(Window window, DateOnly today)
    {
        var from = today.AddDays(window.MinDaysLeft);
        var to = today.AddDays(window.MaxDaysLeft);
        var cards = db.Cards.Where(c => c.ExpiryDate >= from && c.ExpiryDate <= to && c.MerchantId != null
            && !db.Notifications.Any(n => n.CardId == c.Id && n.ExpiryDate == c.ExpiryDate && n.Kind == window.Kind));
        // Before expiry: not a card whose paid renewal is still activating (it stays Expired until then).
        return window.Suspended
            ? cards.Where(c => c.Status == CardStatus.Expired)
            : cards.Where(c => c.Status != CardStatus.Expired && c.Status != CardStatus.Deactivated);
    }

    private async Task<int> RemindAsync(Window window, DateOnly today, Uri baseUrl, CancellationToken ct)
    {
        var written = 0;
        long after = 0;
        while (true)
        {
            var ids = await Due(window, today).Where(c => c.Id > after).OrderBy(c => c.Id).Select(c => c.Id).Take(BatchSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                return written;
            }

            after = ids[^1];
            // Inside the transaction the cards are read again with the same filter: if another instance wrote
            // some of these reminders meanwhile, they drop out here (or the unique key refuses them and the
            // transaction re-runs from fresh reads).
            written += await db.InTransactionAsync(async () =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var cards = await Due(window, today).Where(c => ids.Contains(c.Id)).Include(c => c.Merchant).ToListAsync(ct);
                var agentIds = cards.Select(c => c.Merchant!.AgentId).OfType<long>().Distinct().ToList();
                var agents = await db.Agents.AsNoTracking().Where(a => agentIds.Contains(a.Id) && a.ContactEmail != null).ToDictionaryAsync(a => a.Id, ct);
                var tokens = await LinkTokensAsync(cards, now, ct);
                var notifications = new List<Notification>();
                foreach (var card in cards)
                {
                    var link = new Uri(baseUrl, $"r/{tokens[card.Id]}");
                    var agent = card.Merchant!.AgentId is { } agentId ? agents.GetValueOrDefault(agentId) : null;
                    notifications.AddRange(ForCard(window, card, agent, today, link, now));
                }

                return await QueueAsync(notifications, now, ct);
            }, ct);
            // Each batch is done: tracking a whole day's cards and messages would make every save slower.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The merchant's chosen channels, and an e-mail copy for the agent who serves them.</summary>
    private IEnumerable<Notification> ForCard(Window window, Card card, Agent? agent, DateOnly today, Uri link, DateTime now)
    {
        var merchant = card.Merchant!;
        var daysLeft = card.DaysLeft(today);
        Notification Make(string who, NotificationChannel channel, string address, string language, string? shopName)
        {
            var (subject, body) = ReminderMessages.ForCard(card, daysLeft, window.Suspended, shopName, link, language);
            return new Notification($"{window.Kind}:{card.Id}:{card.ExpiryDate:yyyyMMdd}:{who}:{channel}", window.Kind, channel, address, language, subject, body, now)
            {
                CardId = card.Id,
                ExpiryDate = card.ExpiryDate,
                MerchantId = merchant.Id,
                AgentId = who.StartsWith('a') ? agent!.Id : null,
            };
        }

        if (merchant.RemindBySms && merchant.ContactPhone is { } phone && _open.Contains(NotificationChannel.Sms))
        {
            yield return Make($"m{merchant.Id}", NotificationChannel.Sms, phone, merchant.Language, null);
        }

        if (merchant.RemindByEmail && merchant.ContactEmail is { } email && _open.Contains(NotificationChannel.Email))
        {
            yield return Make($"m{merchant.Id}", NotificationChannel.Email, email, merchant.Language, null);
        }

        if (agent?.ContactEmail is { } agentEmail && _open.Contains(NotificationChannel.Email))
        {
            yield return Make($"a{agent.Id}", NotificationChannel.Email, agentEmail, agent.Language, merchant.Name);
        }
    }

    /// <summary>The one-tap link of each card: its live sticker token, issued now for cards that have none.</summary>
    private async Task<Dictionary<long, string>> LinkTokensAsync(List<Card> cards, DateTime now, CancellationToken ct)
    {
        var ids = cards.Select(c => c.Id).ToList();
        var tokens = await db.Stickers.Where(s => ids.Contains(s.CardId) && s.RevokedAtUtc == null).ToDictionaryAsync(s => s.CardId, s => s.Token, ct);
        foreach (var id in ids.Where(id => !tokens.ContainsKey(id)))
        {
            var sticker = new RenewalSticker(id, now);
            db.Stickers.Add(sticker);
            tokens[id] = sticker.Token;
        }

        return tokens;
    }

    /// <summary>Saves the notifications, then one outbox message each (the outbox names them by id), in the caller's transaction.</summary>
    private async Task<int> QueueAsync(List<Notification> notifications, DateTime now, CancellationToken ct)
    {
        db.Notifications.AddRange(notifications);
        await db.SaveChangesAsync(ct);
        db.Outbox.AddRange(notifications.Select(n => OutboxMessage.SendNotificationOf(n.Id, now)));
        await db.SaveChangesAsync(ct);
        return notifications.Count;
    }

    /// <summary>Each agent with an e-mail address gets one digest a day, when they have cards expiring within <see cref="ReminderOptions.DigestDays"/>.</summary>
    private async Task<int> DigestsAsync(DateOnly today, Uri baseUrl, CancellationToken ct)
    {
        if (!_open.Contains(NotificationChannel.Email))
        {
            return 0;
        }

        var days = options.Value.DigestDays;
        var until = today.AddDays(days);
        var agents = await db.Agents.AsNoTracking().Where(a => a.ContactEmail != null).ToListAsync(ct);
        var written = 0;
        foreach (var agent in agents)
        {
            var key = $"{Notification.DigestKind}:{agent.Id}:{today:yyyyMMdd}:{NotificationChannel.Email}";
            written += await db.InTransactionAsync(async () =>
            {
                if (await db.Notifications.AnyAsync(n => n.Key == key, ct))
                {
                    return 0;
                }

                var expiring = db.Cards.AsNoTracking().Where(c => c.Merchant!.AgentId == agent.Id && c.ExpiryDate >= today && c.ExpiryDate <= until
                    && c.Status != CardStatus.Deactivated && c.Status != CardStatus.Expired);
                var total = await expiring.CountAsync(ct);
                if (total == 0)
                {
                    return 0;
                }

                var cards = await expiring.Include(c => c.Merchant).OrderBy(c => c.ExpiryDate).ThenBy(c => c.Id).Take(ReminderMessages.DigestLines).ToListAsync(ct);
                var now = clock.GetUtcNow().UtcDateTime;
                var (subject, body) = ReminderMessages.Digest(cards, total, days, new Uri(baseUrl, "agent"), agent.Language);
                return await QueueAsync([new Notification(key, Notification.DigestKind, NotificationChannel.Email, agent.ContactEmail!, agent.Language, subject, body, now) { AgentId = agent.Id }], now, ct);
            }, ct);
            db.ChangeTracker.Clear();
        }

        return written;
    }
}
