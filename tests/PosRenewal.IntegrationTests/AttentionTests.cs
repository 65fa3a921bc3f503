using System.Net;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Outbox;

namespace PosRenewal.IntegrationTests;

/// <summary>Support's attention list holds everything a person must look at, not only orders.</summary>
public class AttentionTests(ManualOutboxPortalFactory portal) : IClassFixture<ManualOutboxPortalFactory>
{
    [Fact]
    public async Task Does_park_background_work_that_keeps_failing_list_it_for_support_and_retry_it_once_asked()
    {
        // A message no handler can process (its payload is not a notification id): every attempt throws.
        var id = await portal.WithDbAsync(async db =>
        {
            var message = OutboxMessage.SendNotificationOf(1, TestClock.UtcNow);
            db.Outbox.Add(message);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE Outbox SET Payload = 'not-a-number' WHERE Id = {0}", message.Id);
            return message.Id;
        });

        // Outbox:MaxAttempts is 5 here, retried after 0.2, 0.4, 0.8, 1.6 s: parked well within 15 s, then never tried again.
        OutboxMessage? parked = null;
        for (var i = 0; i < 150 && parked?.ParkedAtUtc is null; i++)
        {
            await portal.DispatchAsync();
            await Task.Delay(100);
            parked = await portal.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));
        }

        Assert.NotNull(parked!.ParkedAtUtc);
        Assert.Equal(5, parked.Attempts);
        Assert.Null(parked.ProcessedAtUtc);
        await Task.Delay(4000);
        await portal.DispatchAsync();
        Assert.Equal(5, (await portal.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id))).Attempts);

        using var support = portal.NewBrowser();
        await AccountTests.SignInAsync(support, "support@posrenewal.test", "Demo-support-1");
        var desk = await support.GetAsync("/support");
        var item = desk.Document.QuerySelector($"[data-testid='attention'] li[data-kind='outbox']:has([data-testid='retry-{id}'])");
        Assert.NotNull(item);
        Assert.Contains("SendNotification not-a-number", item.TextContent);
        Assert.Contains("5 attempts", item.TextContent);

        var retry = await support.SubmitAsync(desk, $"form:has([data-testid='retry-{id}'])");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        var queued = await portal.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Null(queued.ParkedAtUtc);
        Assert.Equal(0, queued.Attempts);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "retry background work" && a.UserName == "support@posrenewal.test")));
        var again = await support.SubmitAsync(desk, $"form:has([data-testid='retry-{id}'])");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Does_list_a_verified_notification_for_a_trade_this_portal_never_made()
    {
        using var gateway = portal.NewBrowser();
        var answer = await gateway.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody("R261125ZZZZZZZZP01", "12.00")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);

        using var support = portal.NewBrowser();
        await AccountTests.SignInAsync(support, "support@posrenewal.test", "Demo-support-1");
        var desk = await support.GetAsync("/support");

        var item = desk.Document.QuerySelectorAll("[data-testid='attention'] li[data-kind='notification']").SingleOrDefault(li => li.TextContent.Contains("R261125ZZZZZZZZP01"));
        Assert.NotNull(item);
        Assert.Contains("unknown trade number", item.TextContent);
    }
}
