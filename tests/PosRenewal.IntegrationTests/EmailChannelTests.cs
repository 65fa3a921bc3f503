using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit.Security;
using PosRenewal.Core.Reminders;
using PosRenewal.Infrastructure.Notifications;

namespace PosRenewal.IntegrationTests;

/// <summary>The e-mail channel speaking SMTP to a minimal server on a local port (no mail server runs on these machines).</summary>
public class EmailChannelTests
{
    /// <summary>Accepts one message over plain SMTP and returns the DATA it received; fails (4xx) when told to.</summary>
    private static async Task<string> ServeOneAsync(TcpListener listener, bool refuse)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 test ESMTP");
        var data = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 test");
                    break;
                case "MAIL" when refuse:
                    await writer.WriteLineAsync("451 try again later");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    while (await reader.ReadLineAsync() is { } body && body != ".")
                    {
                        data.AppendLine(body);
                    }

                    await writer.WriteLineAsync("250 queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return data.ToString();
                default:
                    await writer.WriteLineAsync("250 ok");
                    break;
            }
        }

        return data.ToString();
    }

    private static Notification Reminder() =>
        new("expiry-7:1:20261130:m1:Email", "expiry-7", NotificationChannel.Email, "shop@example.com", "zh-CN", "尾号345676的POS流量卡将于2026年11月30日到期",
            "【PosRenewal】您尾号345676的POS流量卡将于2026年11月30日到期。一键续费：https://portal.example/r/abc", TestClock.UtcNow);

    [Fact]
    public async Task Does_hand_a_reminder_to_an_smtp_server_with_its_subject_body_and_key()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var server = ServeOneAsync(listener, refuse: false);
            var options = new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = ((IPEndPoint)listener.LocalEndpoint).Port, Security = SecureSocketOptions.None };
            await new EmailChannel(options, Path.GetTempPath()).SendAsync(Reminder(), default);

            var message = MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(await server)));
            Assert.Equal("shop@example.com", message.To.Mailboxes.Single().Address);
            Assert.Equal("尾号345676的POS流量卡将于2026年11月30日到期", message.Subject);
            Assert.Contains("https://portal.example/r/abc", message.TextBody);
            Assert.Equal("expiry-7:1:20261130:m1:Email", message.Headers["X-PosRenewal-Notification"]);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Does_throw_when_the_smtp_server_refuses_so_the_outbox_retries()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            _ = ServeOneAsync(listener, refuse: true);
            var options = new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = ((IPEndPoint)listener.LocalEndpoint).Port, Security = SecureSocketOptions.None };
            await Assert.ThrowsAnyAsync<Exception>(() => new EmailChannel(options, Path.GetTempPath()).SendAsync(Reminder(), default));
        }
        finally
        {
            listener.Stop();
        }
    }
}
