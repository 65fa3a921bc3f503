using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PosRenewal.Core.Common;
using PosRenewal.Core.Outbox;

namespace PosRenewal.Core.Reminders;

/// <summary>One way of reaching people (e-mail, SMS). Throws when the message could not be handed over.</summary>
public interface INotificationChannel
{
    NotificationChannel Channel { get; }

    Task SendAsync(Notification notification, CancellationToken ct);
}

/// <summary>Sends a queued notification (an outbox message): once, unless its card was renewed meanwhile.</summary>
public sealed class NotificationSender(IPosRenewalDb db, IEnumerable<INotificationChannel> channels, TimeProvider clock, ILogger<NotificationSender> logger)
{
    public async Task<(OutboxOutcome Outcome, string? Error)> SendAsync(string notificationId, bool lastAttempt, CancellationToken ct)
    {
        var id = long.Parse(notificationId, System.Globalization.CultureInfo.InvariantCulture);
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id, ct);
        if (notification is not { Status: NotificationStatus.Pending })
        {
            return (OutboxOutcome.Done, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (notification is { CardId: { } cardId, ExpiryDate: { } expiry }
            && await db.Cards.Where(c => c.Id == cardId).Select(c => c.ExpiryDate).SingleAsync(ct) is var current && current != expiry)
        {
            notification.Cancel($"renewed: the expiry is now {current:yyyy-MM-dd}", now);
            await db.SaveChangesAsync(ct);
            return (OutboxOutcome.Done, null);
        }

        try
        {
            var channel = channels.FirstOrDefault(c => c.Channel == notification.Channel)
                ?? throw new InvalidOperationException($"no {notification.Channel} channel is configured");
            await channel.SendAsync(notification, ct);
            notification.Sent(clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!lastAttempt)
            {
                return (OutboxOutcome.RetryLater, ex.Message);
            }

            logger.LogError("Notification {Id} ({Kind}, {Channel}) gave up: {Error}", id, notification.Kind, notification.Channel, ex.Message);
            notification.GaveUp(ex.Message, now);
            await db.SaveChangesAsync(ct);
            return (OutboxOutcome.GaveUp, ex.Message);
        }

        await db.SaveChangesAsync(ct);
        return (OutboxOutcome.Done, null);
    }
}
