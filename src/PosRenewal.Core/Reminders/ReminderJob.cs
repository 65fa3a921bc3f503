using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
/// Reminders are written set-based: one statement a stage and expiry date writes every card's messages, from
/// texts rendered here in both languages (the date and the days left are the same for every card that day) with
/// each card's last digits, link and shop name put in by the database.
/// </summary>
public sealed class ReminderJob(IPosRenewalDb db, IEnumerable<INotificationChannel> channels, IOptions<ReminderOptions> options, TimeProvider clock, ILogger<ReminderJob> logger)
{
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
        await using var session = await db.Database.BulkSessionAsync(temporaryInMemory: true, ct);
        var written = 0;
        foreach (var window in Windows(options.Value))
        {
            written += await db.InTransactionAsync(async () =>
            {
                // Only the dates with a card due (on an ordinary day, the few that entered a stage), one statement each.
                var dates = await Due(window, today.AddDays(window.MinDaysLeft), today.AddDays(window.MaxDaysLeft))
                    .Select(c => c.ExpiryDate).Distinct().ToListAsync(ct);
                var count = 0;
                foreach (var expiry in dates)
                {
                    count += await RemindAsync(window, expiry, expiry.DayNumber - today.DayNumber, baseUrl, ct);
                }

                return count;
            }, ct);
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

    /// <summary>Cards expiring between <paramref name="from"/> and <paramref name="to"/> that have not had this reminder for their expiry.</summary>
    private IQueryable<Card> Due(Window window, DateOnly from, DateOnly to)
    {
        var cards = db.Cards.Where(c => c.ExpiryDate >= from && c.ExpiryDate <= to && c.MerchantId != null
            && !db.Notifications.Any(n => n.CardId == c.Id && n.ExpiryDate == c.ExpiryDate && n.Kind == window.Kind));
        // Before expiry: not a card whose paid renewal is still activating (it stays Expired until then).
        return window.Suspended
            ? cards.Where(c => c.Status == CardStatus.Expired)
            : cards.Where(c => c.Status != CardStatus.Expired && c.Status != CardStatus.Deactivated);
    }

    /// <summary>
    /// The reminders of one stage for the cards expiring on one date, in the caller's transaction: a live sticker for
    /// each card that has none (its one-tap link), then the merchant's chosen channels and an e-mail copy for the agent
    /// who serves them, then one outbox message each. The statement re-reads what is due, so if another instance wrote
    /// some of these reminders meanwhile they drop out, or their unique key refuses them and the transaction re-runs.
    /// </summary>
    private async Task<int> RemindAsync(Window window, DateOnly expiry, int daysLeft, Uri baseUrl, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var unlinked = await Due(window, expiry, expiry).Where(c => !db.Stickers.Any(s => s.CardId == c.Id && s.RevokedAtUtc == null)).Select(c => c.Id).ToListAsync(ct);
        await db.InsertAsync(unlinked.Select(id => new RenewalSticker(id, now)).ToList(), ct);

        // The texts with the per-card parts left as markers, which the statement replaces (the shop's own name last, so
        // nothing in it is taken for a marker).
        const string Digits = "\u0001digits\u0001", Link = "\u0001link\u0001", Shop = "\u0001shop\u0001";
        var (zhSubject, zhBody) = ReminderMessages.ForCard(Digits, expiry, daysLeft, window.Suspended, null, Link, "zh-CN");
        var (enSubject, enBody) = ReminderMessages.ForCard(Digits, expiry, daysLeft, window.Suspended, null, Link, ReminderMessages.English);
        var zhAgentBody = ReminderMessages.ForCard(Digits, expiry, daysLeft, window.Suspended, Shop, Link, "zh-CN").Body;
        var enAgentBody = ReminderMessages.ForCard(Digits, expiry, daysLeft, window.Suspended, Shop, Link, ReminderMessages.English).Body;
        var linkPrefix = new Uri(baseUrl, "r/").ToString();
        var sqlServer = db.Database.IsSqlServer();
        // SQLite: the last notification id before this statement, to find its rows for their outbox messages (below).
        var before = sqlServer ? 0 : await db.Notifications.MaxAsync(n => (long?)n.Id, ct) ?? 0;
        object?[] values =
        [
            window.Kind, expiry, now, $"{window.Kind}:", $":{expiry:yyyyMMdd}:", linkPrefix,
            zhSubject, enSubject, zhBody, enBody, zhAgentBody, enAgentBody, Digits, Link, Shop,
            before, OutboxMessage.SendNotification, NotificationStatus.Pending.ToString(),
            CardStatus.Expired.ToString(), CardStatus.Deactivated.ToString(),
        ];
        var sql = RemindSql(sqlServer, window.Suspended, _open.Contains(NotificationChannel.Sms), _open.Contains(NotificationChannel.Email));
        var written = await db.Database.ExecuteAsync(sql, values, ct);
        if (!sqlServer)
        {
            // SQLite holds the write lock for the whole transaction: the rows past the last id before are this statement's.
            await db.Database.ExecuteAsync(
                "INSERT INTO \"Outbox\" (\"Type\", \"Payload\", \"CreatedAtUtc\", \"NextAttemptAtUtc\", \"Attempts\") " +
                "SELECT {16}, CAST(\"Id\" AS TEXT), {2}, {2}, 0 FROM \"Notifications\" WHERE \"Id\" > {15}",
                values, ct);
        }

        return written;
    }

    /// <summary>
    /// The statement that writes one stage's reminders for one expiry date (parameters as <see cref="RemindAsync"/> passes
    /// them): SMS and e-mail to the merchant as they chose, an e-mail copy to their agent. On SQL Server its outbox
    /// messages are written by the same statement (<c>OUTPUT … INTO</c>).
    /// </summary>
    public static string RemindSql(bool sqlServer, bool suspended, bool sms, bool email)
    {
        var length = sqlServer ? "LEN" : "length";
        var digits = $"SUBSTRING(c.\"Iccid\", {length}(c.\"Iccid\") - 5, 6)";
        const string Link = "CONCAT({5}, s.\"Token\")";
        var from = "FROM \"Cards\" AS c JOIN \"Merchants\" AS m ON m.\"Id\" = c.\"MerchantId\" " +
            "JOIN \"RenewalStickers\" AS s ON s.\"CardId\" = c.\"Id\" AND s.\"RevokedAtUtc\" IS NULL ";
        var due = "c.\"ExpiryDate\" = {1} AND " + (suspended ? "c.\"Status\" = {18}" : "c.\"Status\" NOT IN ({18}, {19})") +
            " AND NOT EXISTS (SELECT 1 FROM \"Notifications\" AS n WHERE n.\"CardId\" = c.\"Id\" AND n.\"ExpiryDate\" = c.\"ExpiryDate\" AND n.\"Kind\" = {0})";
        string Text(string language, string zh, string en) => $"CASE WHEN {language} LIKE 'en%' THEN {en} ELSE {zh} END";
        string Merchant(string channel, string address) =>
            $"SELECT CONCAT({{3}}, c.\"Id\", {{4}}, 'm', m.\"Id\", ':{channel}'), {{0}}, c.\"Id\", c.\"ExpiryDate\", m.\"Id\", NULL, '{channel}', m.\"{address}\", m.\"Language\", " +
            $"REPLACE({Text("m.\"Language\"", "{6}", "{7}")}, {{12}}, {digits}), REPLACE(REPLACE({Text("m.\"Language\"", "{8}", "{9}")}, {{12}}, {digits}), {{13}}, {Link}), {{17}}, {{2}} " +
            $"{from}WHERE {due} AND m.\"RemindBy{channel}\" = 1 AND m.\"{address}\" IS NOT NULL";
        var agent =
            "SELECT CONCAT({3}, c.\"Id\", {4}, 'a', a.\"Id\", ':Email'), {0}, c.\"Id\", c.\"ExpiryDate\", m.\"Id\", a.\"Id\", 'Email', a.\"ContactEmail\", a.\"Language\", " +
            $"REPLACE({Text("a.\"Language\"", "{6}", "{7}")}, {{12}}, {digits}), REPLACE(REPLACE(REPLACE({Text("a.\"Language\"", "{10}", "{11}")}, {{12}}, {digits}), {{13}}, {Link}), {{14}}, m.\"Name\"), {{17}}, {{2}} " +
            $"{from}JOIN \"Agents\" AS a ON a.\"Id\" = m.\"AgentId\" WHERE {due} AND a.\"ContactEmail\" IS NOT NULL";
        var selects = new List<string>();
        if (sms)
        {
            selects.Add(Merchant("Sms", "ContactPhone"));
        }

        if (email)
        {
            selects.Add(Merchant("Email", "ContactEmail"));
            selects.Add(agent);
        }

        var output = sqlServer
            ? "OUTPUT {16}, CAST(INSERTED.\"Id\" AS nvarchar(20)), {2}, {2}, 0 INTO \"Outbox\" (\"Type\", \"Payload\", \"CreatedAtUtc\", \"NextAttemptAtUtc\", \"Attempts\") "
            : "";
        return "INSERT INTO \"Notifications\" (\"Key\", \"Kind\", \"CardId\", \"ExpiryDate\", \"MerchantId\", \"AgentId\", \"Channel\", \"Address\", \"Language\", \"Subject\", \"Body\", \"Status\", \"CreatedAtUtc\") " +
            output + string.Join(" UNION ALL ", selects);
    }

    /// <summary>Writes the notifications, then one outbox message each (the outbox names them by id), in the caller's transaction.</summary>
    private async Task<int> QueueAsync(List<Notification> notifications, DateTime now, CancellationToken ct)
    {
        var ids = await db.InsertAsync(notifications, ct);
        await db.InsertAsync(ids.Select(id => OutboxMessage.SendNotificationOf(id, now)).ToList(), ct);
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
        return await db.InTransactionAsync(async () =>
        {
            // The cards of every agent's merchants expiring in the window, in one read, grouped here.
            var expiring = (await db.Cards
                .Where(c => c.Merchant!.AgentId != null && c.ExpiryDate >= today && c.ExpiryDate <= until
                    && c.Status != CardStatus.Deactivated && c.Status != CardStatus.Expired)
                .OrderBy(c => c.ExpiryDate).ThenBy(c => c.Id)
                .Select(c => new ReminderMessages.DigestLine(c.Merchant!.AgentId!.Value, c.Iccid, c.Merchant.Name, c.ExpiryDate)).ToListAsync(ct))
                .GroupBy(c => c.AgentId).ToDictionary(g => g.Key, g => g.ToList());
            var keys = expiring.Keys.ToDictionary(id => id, id => $"{Notification.DigestKind}:{id}:{today:yyyyMMdd}:{NotificationChannel.Email}");
            var keyList = keys.Values.ToList();
            var sent = (await db.Notifications.Where(n => keyList.Contains(n.Key)).Select(n => n.Key).ToListAsync(ct)).ToHashSet();
            var ids = keys.Where(k => !sent.Contains(k.Value)).Select(k => k.Key).ToList();
            var agents = await db.Agents.AsNoTracking().Where(a => ids.Contains(a.Id) && a.ContactEmail != null).ToListAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var digests = agents.Select(agent =>
            {
                var cards = expiring[agent.Id];
                var (subject, body) = ReminderMessages.Digest(cards, cards.Count, days, new Uri(baseUrl, "agent"), agent.Language);
                return new Notification(keys[agent.Id], Notification.DigestKind, NotificationChannel.Email, agent.ContactEmail!, agent.Language, subject, body, now) { AgentId = agent.Id };
            }).ToList();
            return await QueueAsync(digests, now, ct);
        }, ct);
    }
}
