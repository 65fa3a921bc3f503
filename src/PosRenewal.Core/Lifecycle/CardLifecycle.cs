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

    /// <summary>One move a pass makes: cards stored as <paramref name="From"/> with between Min and Max days left go to <paramref name="To"/>.</summary>
    public sealed record Move(CardStatus From, CardStatus To, int MinDaysLeft, int MaxDaysLeft);

    /// <summary>
    /// Every move <see cref="Due"/> calls for, read off it (so the SQL cannot disagree with it): for each stored state,
    /// the runs of days left whose due state is another one. An open end is int.MinValue or int.MaxValue.
    /// </summary>
    public static IEnumerable<Move> Moves(int graceDays)
    {
        int first = -graceDays - 1, last = Card.ExpiringSoonDays + 1;
        foreach (var from in Enum.GetValues<CardStatus>())
        {
            var start = int.MinValue;
            for (var days = first; days <= last; days++)
            {
                var to = Due(from, days, graceDays);
                var end = days == last ? int.MaxValue : Due(from, days + 1, graceDays) == to ? (int?)null : days;
                if (end is { } max)
                {
                    if (to != from)
                    {
                        yield return new Move(from, to, start, max);
                    }

                    start = days + 1;
                }
            }
        }
    }

    /// <summary>
    /// Runs one pass; returns how many cards changed. Each move is one set-based statement pair in one transaction: the
    /// audit entries (one per card, so it shows on the card's timeline) and the update of the cards' state and
    /// <c>Version</c>, under the same condition. Safe to run twice (a card already in its state no longer matches) and on
    /// several instances at once: on SQLite the transaction holds the write lock; on SQL Server the update writes its
    /// own audit entries (<c>OUTPUT … INTO</c>), so a card is moved, and audited, by whichever instance's update takes it.
    /// </summary>
    public async Task<int> RunAsync(int graceDays, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        await using var session = await db.Database.BulkSessionAsync(temporaryInMemory: true, ct);
        var changed = await db.InTransactionAsync(async () =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var moved = 0;
            foreach (var move in Moves(graceDays))
            {
                moved += await MoveAsync(move, today, now, ct);
            }

            return moved;
        }, ct);

        if (changed > 0)
        {
            logger.LogInformation("Lifecycle moved {Count} cards on {Today:yyyy-MM-dd} (China date)", changed, today);
        }

        return changed;
    }

    private async Task<int> MoveAsync(Move move, DateOnly today, DateTime now, CancellationToken ct)
    {
        // The reason holds each card's own expiry: written around a placeholder date, which the SQL replaces.
        var placeholder = AuditDetails.Of((AuditField.Expiry, DateOnly.MaxValue), (AuditField.ChinaDate, today));
        var split = placeholder.IndexOf("9999-12-31", StringComparison.Ordinal);
        object?[] values =
        [
            now, System.UserName, System.Role, "card.lifecycle", "card ",
            AuditDetails.Of((AuditField.CardState, move.From)), AuditDetails.Of((AuditField.CardState, move.To)),
            placeholder[..split], placeholder[(split + "9999-12-31".Length)..],
            move.From.ToString(), Day(today, move.MinDaysLeft), Day(today, move.MaxDaysLeft), move.To.ToString(),
        ];
        var moved = 0;
        foreach (var statement in MoveStatements(db.Database.IsSqlServer()))
        {
            moved = await db.Database.ExecuteAsync(statement, values, ct);
        }

        return moved;
    }

    /// <summary>
    /// The statements of one move (parameters as <see cref="MoveAsync"/> passes them); the last one's count is the cards
    /// moved. SQLite: the audit entries, then the update, under the same condition in the write-locked transaction. SQL
    /// Server: the update, writing its audit entries itself (<c>OUTPUT … INTO</c>).
    /// </summary>
    public static IReadOnlyList<string> MoveStatements(bool sqlServer)
    {
        const string Audit = "\"AuditEntries\" (\"AtUtc\", \"UserName\", \"Role\", \"Action\", \"Subject\", \"CardId\", \"Before\", \"After\", \"Reason\")";
        const string Which = "WHERE \"Status\" = {9} AND \"ExpiryDate\" >= {10} AND \"ExpiryDate\" <= {11}";
        const string Update = "UPDATE \"Cards\" SET \"Status\" = {12}, \"UpdatedAtUtc\" = {0}, \"Version\" = \"Version\" + 1";
        return sqlServer
            ? [$"{Update} OUTPUT {{0}}, {{1}}, {{2}}, {{3}}, {{4}} + INSERTED.\"Iccid\", INSERTED.\"Id\", {{5}}, {{6}}, {{7}} + CONVERT(char(10), INSERTED.\"ExpiryDate\", 23) + {{8}} INTO {Audit} {Which}"]
            : [$"INSERT INTO {Audit} SELECT {{0}}, {{1}}, {{2}}, {{3}}, {{4}} || \"Iccid\", \"Id\", {{5}}, {{6}}, {{7}} || \"ExpiryDate\" || {{8}} FROM \"Cards\" {Which}", $"{Update} {Which}"];
    }

    /// <summary>The expiry date at which a card has <paramref name="daysLeft"/> days left today; open ends are the first and last dates.</summary>
    private static DateOnly Day(DateOnly today, int daysLeft) => daysLeft switch
    {
        int.MinValue => DateOnly.MinValue,
        int.MaxValue => DateOnly.MaxValue,
        _ => today.AddDays(daysLeft),
    };
}
