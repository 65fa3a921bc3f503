using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PosRenewal.Core.Reminders;

namespace PosRenewal.Infrastructure.Notifications;

/// <summary>Settings under <c>Notifications:Email</c>. With <see cref="PickupDirectory"/>, messages are written there as .eml files instead of sent.</summary>
public sealed class EmailOptions
{
    public const string Section = "Notifications:Email";

    public string From { get; set; } = "PosRenewal <noreply@posrenewal.example>";

    /// <summary>Development: a folder (relative to the content root) where each message lands as a .eml file you can open.</summary>
    public string? PickupDirectory { get; set; }

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary>MailKit's <see cref="SecureSocketOptions"/>: StartTls (default), SslOnConnect, or None (a local relay only).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? UserName { get; set; }

    /// <summary>From user secrets or the environment (Notifications__Email__Password), never from a committed file.</summary>
    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(PickupDirectory) || !string.IsNullOrWhiteSpace(SmtpHost);
}

/// <summary>E-mail through MailKit: to an SMTP server, or in development to a pickup folder.</summary>
public sealed class EmailChannel(EmailOptions options, string contentRoot) : INotificationChannel
{
    public NotificationChannel Channel => NotificationChannel.Email;

    public async Task SendAsync(Notification notification, CancellationToken ct)
    {
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(notification.Address));
        message.Subject = notification.Subject;
        message.Headers.Add("X-PosRenewal-Notification", notification.Key);
        message.Body = new TextPart("plain") { Text = notification.Body };
        if (!string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            var folder = Path.Combine(contentRoot, options.PickupDirectory);
            Directory.CreateDirectory(folder);
            // Named by the notification's unique key, so a retried send overwrites instead of adding a copy.
            var name = string.Concat(notification.Key.Select(ch => char.IsLetterOrDigit(ch) || ch == '-' ? ch : '_'));
            await message.WriteToAsync(Path.Combine(folder, name + ".eml"), ct);
            return;
        }

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(options.SmtpHost!, options.SmtpPort, options.Security, ct);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await smtp.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
        }

        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }
}
