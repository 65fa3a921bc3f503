using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Cards;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// Every save bumps the concurrency token of each changed row by one, and looks for changes once: listing the versioned
/// entries, the card-page interceptor and EF's own save used to compare every tracked entity with its snapshot each.
/// </summary>
public class VersionTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Does_bump_a_changed_rows_version_once_and_look_for_changes_once_a_save()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 5, 31));
        var (detections, version, detectAfter) = await portal.WithDbAsync(async db =>
        {
            var loaded = await db.Cards.SingleAsync(c => c.Id == card.Id);
            var before = loaded.Version;
            loaded.Suspend(new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc));
            var count = 0;
            db.ChangeTracker.DetectedAllChanges += (_, _) => count++;
            await db.SaveChangesAsync();
            return (count, loaded.Version - before, db.ChangeTracker.AutoDetectChangesEnabled);
        });

        Assert.Equal((1, 1, true), (detections, version, detectAfter));
        var stored = await portal.ReloadCardAsync(card.Id);
        Assert.Equal((CardStatus.Suspended, card.Version + 1), (stored.Status, stored.Version));
    }

    [Fact]
    public async Task Does_refuse_a_save_over_a_row_changed_since_it_was_read_and_keep_looking_for_changes_after()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 5, 31));
        var (refused, detectAfter) = await portal.WithDbAsync(async db =>
        {
            var loaded = await db.Cards.SingleAsync(c => c.Id == card.Id);
            await db.Database.ExecuteSqlAsync($"UPDATE Cards SET Version = Version + 1 WHERE Id = {card.Id}");
            loaded.Suspend(new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc));
            var refused = await Record.ExceptionAsync(() => db.SaveChangesAsync());
            return (refused, db.ChangeTracker.AutoDetectChangesEnabled);
        });

        Assert.IsType<DbUpdateConcurrencyException>(refused);
        Assert.True(detectAfter);
        Assert.Equal(CardStatus.Active, (await portal.ReloadCardAsync(card.Id)).Status);
    }
}
