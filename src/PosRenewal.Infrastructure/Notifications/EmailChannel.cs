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

    public Task SendAsync(Notification notification, CancellationToken ct) =>
        SendAsync(notification.Address, notification.Subject, notification.Body, notification.Key, ct);

    /// <summary>Sends one plain-text e-mail; <paramref name="key"/> names it (a pickup file of the same key is overwritten, not doubled).</summary>
    public async Task SendAsync(string to, string subject, string body, string key, CancellationToken ct)
    {
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Headers.Add("X-PosRenewal-Notification", key);
        message.Body = new TextPart("plain") { Text = body };
        if (!string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            var folder = Path.Combine(contentRoot, options.PickupDirectory);
            Directory.CreateDirectory(folder);
            var name = string.Concat(key.Select(ch => char.IsLetterOrDigit(ch) || ch == '-' ? ch : '_'));
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
