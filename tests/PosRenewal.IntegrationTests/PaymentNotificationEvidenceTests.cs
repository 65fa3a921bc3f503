using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Payments;

namespace PosRenewal.IntegrationTests;

/// <summary>What is kept of notifications: verified ones whole, unverifiable ones as bounded evidence.</summary>
public class PaymentNotificationEvidenceTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Does_keep_at_most_twenty_short_rows_an_hour_of_unsigned_notifications_and_count_the_rest()
    {
        using var prober = portal.NewBrowser();
        var body = new string('x', 8000);
        for (var i = 0; i < 30; i++)
        {
            var answer = await prober.Http.PostAsync("/payments/notify/sandbox", new StringContent(body + i, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        var kept = await portal.WithDbAsync(db => db.PaymentNotifications.AsNoTracking()
            .Where(n => n.Outcome == NotificationOutcome.Invalid && n.RawBody.StartsWith("xxxx")).ToListAsync());

        Assert.Equal(20, kept.Count);
        Assert.All(kept, n => Assert.Equal(256, n.RawBody.Length));
        Assert.All(kept, n => Assert.Equal("127.0.0.1", n.Source));
        Assert.Equal(10, kept.Sum(n => n.Repeats));
        Assert.All(kept, n => Assert.False(string.IsNullOrEmpty(n.Reason)));
    }

    [Fact]
    public async Task Does_keep_a_verified_notification_whole_however_long()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (_, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        // The gateway's message with a long field this portal does not read: the signature covers it all.
        var paid = PortalFactory.PaidBody(tradeNo, "12.00");
        var body = paid[..^1] + ",\"note\":\"" + new string('n', 20_000) + "\"}";

        var answer = await browser.Http.SendAsync(PortalFactory.SandboxNotification(body));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var stored = await portal.WithDbAsync(db => db.PaymentNotifications.AsNoTracking().SingleAsync(n => n.TradeNo == tradeNo));
        Assert.Equal(NotificationOutcome.Applied, stored.Outcome);
        Assert.Equal(body, stored.RawBody);
    }
}
