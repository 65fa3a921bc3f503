using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Lifecycle;

namespace PosRenewal.IntegrationTests;

[Trait("Category", "Dates")]
public class LifecycleTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>One pass of the job as it would run at <paramref name="utc"/>, on its own scope (as each instance would).</summary>
    private async Task<int> RunAtAsync(string utc)
    {
        using var scope = portal.Services.CreateScope();
        var job = new CardLifecycle(scope.ServiceProvider.GetRequiredService<IPosRenewalDb>(), new Clock(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)), NullLogger<CardLifecycle>.Instance);
        return await job.RunAsync(graceDays: 90, CancellationToken.None);
    }

    private Task<List<(string Before, string After)>> TimelineAsync(long cardId) =>
        portal.WithDbAsync(async db => (await db.AuditEntries.Where(e => e.CardId == cardId && e.Action == "card.lifecycle").OrderBy(e => e.Id)
            .Select(e => new { e.Before, e.After }).ToListAsync()).Select(e => (State(e.Before), State(e.After))).ToList());

    private static string State(string? details) => Assert.Single(Core.Audit.AuditDetails.Read(details)!, f => f.Key == "cardState").Value;

    [Fact]
    public async Task Does_move_a_card_at_china_midnight_through_each_state_once()
    {
        var card = await portal.AddCardAsync(new DateOnly(2031, 1, 10));

        await RunAtAsync("2030-12-10T15:59:59Z"); // 23:59:59 on 10 Dec in China: 31 days left
        Assert.Equal(CardStatus.Active, (await portal.ReloadCardAsync(card.Id)).Status);
        await RunAtAsync("2030-12-10T16:00:00Z"); // midnight in China: 30 days left
        Assert.Equal(CardStatus.ExpiringSoon, (await portal.ReloadCardAsync(card.Id)).Status);
        await RunAtAsync("2031-01-10T15:59:59Z"); // the last day of service, still ExpiringSoon
        Assert.Equal(CardStatus.ExpiringSoon, (await portal.ReloadCardAsync(card.Id)).Status);
        await RunAtAsync("2031-01-10T16:00:00Z"); // the day after expiry
        Assert.Equal(CardStatus.Expired, (await portal.ReloadCardAsync(card.Id)).Status);
        await RunAtAsync("2031-04-10T15:59:59Z"); // 10 Apr in China: 90 days after expiry, still in grace
        Assert.Equal(CardStatus.Expired, (await portal.ReloadCardAsync(card.Id)).Status);
        await RunAtAsync("2031-04-10T16:00:00Z"); // 11 Apr: 91 days, taken back by the carrier
        Assert.Equal(CardStatus.Deactivated, (await portal.ReloadCardAsync(card.Id)).Status);
        await RunAtAsync("2031-04-10T16:00:00Z");

        Assert.Equal([("Active", "ExpiringSoon"), ("ExpiringSoon", "Expired"), ("Expired", "Deactivated")], await TimelineAsync(card.Id));
    }

    [Fact]
    public async Task Does_each_move_once_when_several_instances_run_together()
    {
        var cards = new List<Card>();
        for (var i = 0; i < 20; i++)
        {
            cards.Add(await portal.AddCardAsync(new DateOnly(2032, 1, 10)));
        }

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunAtAsync("2032-01-11T04:00:00Z"))));

        foreach (var card in cards)
        {
            Assert.Equal(CardStatus.Expired, (await portal.ReloadCardAsync(card.Id)).Status);
            Assert.Equal([("Active", "Expired")], await TimelineAsync(card.Id));
        }

        Assert.True(runs.Sum() >= cards.Count, $"moves counted: {string.Join(", ", runs)}");
    }

    [Fact]
    public async Task Does_audit_each_card_moved_with_its_own_expiry_and_bump_its_version()
    {
        var first = await portal.AddCardAsync(new DateOnly(2034, 1, 10));
        var second = await portal.AddCardAsync(new DateOnly(2034, 1, 12));

        Assert.True(await RunAtAsync("2034-01-13T04:00:00Z") >= 2); // 13 Jan in China

        foreach (var (card, reason) in new[] { (first, """{"expiry":"2034-01-10","chinaDate":"2034-01-13"}"""), (second, """{"expiry":"2034-01-12","chinaDate":"2034-01-13"}""") })
        {
            var entry = await portal.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.CardId == card.Id));
            Assert.Equal(("lifecycle job", "System", "card.lifecycle", $"card {card.Iccid}"), (entry.UserName, entry.Role, entry.Action, entry.Subject));
            Assert.Equal(("""{"cardState":"Active"}""", """{"cardState":"Expired"}""", reason), (entry.Before, entry.After, entry.Reason));
            Assert.Equal(new DateTime(2034, 1, 13, 4, 0, 0, DateTimeKind.Utc), entry.AtUtc);
            var moved = await portal.ReloadCardAsync(card.Id);
            Assert.Equal((CardStatus.Expired, card.Version + 1, new DateTime(2034, 1, 13, 4, 0, 0, DateTimeKind.Utc)), (moved.Status, moved.Version, moved.UpdatedAtUtc));
        }
    }

    [Fact]
    public async Task Does_catch_up_in_one_step_and_keep_a_support_suspension()
    {
        var late = await portal.AddCardAsync(new DateOnly(2033, 1, 10));
        var suspended = await portal.AddCardAsync(new DateOnly(2033, 1, 10), CardStatus.Suspended);

        await RunAtAsync("2033-02-01T04:00:00Z");
        Assert.Equal(CardStatus.Suspended, (await portal.ReloadCardAsync(suspended.Id)).Status);
        Assert.Empty(await TimelineAsync(suspended.Id));

        await RunAtAsync("2033-08-01T04:00:00Z"); // the job was not run for half a year
        Assert.Equal([("Active", "Expired"), ("Expired", "Deactivated")], await TimelineAsync(late.Id));
        Assert.Equal([("Suspended", "Deactivated")], await TimelineAsync(suspended.Id));
    }
}
