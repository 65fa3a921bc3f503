using Microsoft.Extensions.Logging;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Reminders;

namespace PosRenewal.Infrastructure.Notifications;

/// <summary>
/// Development SMS sender (<c>Notifications:Sms:Sender = Log</c>): writes the message to the log (phone
/// masked); the database keeps it as the notification row with its text. A real SMS provider implements
/// <see cref="INotificationChannel"/> the same way.
/// </summary>
public sealed class LogSmsChannel(ILogger<LogSmsChannel> logger) : INotificationChannel
{
    public const string SenderName = "Log";

    public NotificationChannel Channel => NotificationChannel.Sms;

    public Task SendAsync(Notification notification, CancellationToken ct)
    {
        logger.LogInformation("[development SMS] to {Phone}: {Text}", Merchant.MaskPhone(notification.Address), notification.Body);
        return Task.CompletedTask;
    }
}
