using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Lifecycle;
using PosRenewal.Core.Reminders;

namespace PosRenewal.IntegrationTests;

/// <summary>Expiry reminders: due stages, once only (also with several instances), in the recipient's language, cancelled by a renewal.</summary>
[Trait("Category", "Dates")]
public class ReminderTests(ManualOutboxPortalFactory portal) : IClassFixture<ManualOutboxPortalFactory>
{
    private static DateOnly Today => ChinaTime.Today(TestClock.Instance);

    /// <summary>A card of a new merchant (and optionally a new agent serving them) with the given reminder settings.</summary>
    private async Task<(Card Card, Merchant Merchant, Agent? Agent)> AddCardAsync(int daysLeft, string? email = "shop@example.com", string phone = "13800001111",
        string language = "en-US", bool bySms = true, bool byEmail = true, string? agentEmail = null, CardStatus status = CardStatus.Active, string? merchantName = null)
    {
        var card = await portal.AddCardAsync(Today.AddDays(daysLeft), status);
        return await portal.WithDbAsync(async db =>
        {
            Agent? agent = null;
            if (agentEmail is not null)
            {
                agent = new Agent("Reminder test agent", FeeKind.Flat, 1m);
                agent.SetContact(agentEmail, "zh-CN");
                db.Agents.Add(agent);
                await db.SaveChangesAsync();
            }

            var merchant = new Merchant(merchantName ?? $"Shop {card.Id}", phone, agent?.Id);
            merchant.SetReminders(email, bySms, byEmail, language);
            var tracked = await db.Cards.SingleAsync(c => c.Id == card.Id);
            tracked.AssignTerminal(merchant, null, null, 0);
            await db.SaveChangesAsync();
            return (tracked, merchant, agent);
        });
    }

    private async Task<int> RunJobAsync()
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderJob>().RunAsync(portal.BaseAddress, default);
    }

    private Task<List<Notification>> NotificationsAsync(long cardId) =>
        portal.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.CardId == cardId).OrderBy(n => n.Id).ToListAsync());

    private string[] MailsTo(string address) =>
        Directory.Exists(portal.MailFolder)
            ? Directory.GetFiles(portal.MailFolder).Select(File.ReadAllText).Where(m => m.Contains($"To: {address}", StringComparison.Ordinal)).ToArray()
            : [];

    [Fact]
    public async Task Does_remind_the_merchant_and_the_agent_once_in_their_languages_with_a_one_tap_link()
    {
        var (card, merchant, agent) = await AddCardAsync(7, agentEmail: $"agent-{Guid.NewGuid():N}@example.com");
        await RunJobAsync();
        await RunJobAsync();
        await portal.DispatchAsync();

        var sent = await NotificationsAsync(card.Id);
        Assert.Equal(3, sent.Count);
        Assert.All(sent, n => Assert.Equal((Notification.ExpiryKind(7), NotificationStatus.Sent, card.ExpiryDate), (n.Kind, n.Status, n.ExpiryDate)));
        var sms = Assert.Single(sent, n => n.Channel == NotificationChannel.Sms);
        Assert.Equal("13800001111", sms.Address);
        Assert.Contains($"ending {card.Iccid[^6..]}", sms.Body);
        Assert.Contains("7 days left", sms.Body);
        Assert.Contains(portal.Logs, e => e.MessageTemplate.Text.StartsWith("[development SMS]", StringComparison.Ordinal) && e.RenderMessage().Contains("*******1111", StringComparison.Ordinal) && !e.RenderMessage().Contains("13800001111", StringComparison.Ordinal));

        var merchantMail = Assert.Single(MailsTo("shop@example.com"), m => m.Contains(card.Iccid[^6..], StringComparison.Ordinal));
        Assert.Contains("expires on", merchantMail);
        Assert.Single(MailsTo(agent!.ContactEmail!), m => m.Contains($"X-PosRenewal-Notification: expiry-7:{card.Id}:", StringComparison.Ordinal));
        var agentCopy = Assert.Single(sent, n => n.AgentId == agent.Id);
        Assert.Contains($"商户「{merchant.Name}」尾号{card.Iccid[^6..]}", agentCopy.Body);

        // The link is the card's sticker token: it opens the card page, without the ICCID in the message.
        var token = await portal.WithDbAsync(db => db.Stickers.Where(s => s.CardId == card.Id && s.RevokedAtUtc == null).Select(s => s.Token).SingleAsync());
        Assert.Contains($"/r/{token}", sms.Body);
        Assert.DoesNotContain(card.Iccid, sms.Body);
        using var visitor = portal.NewBrowser();
        var landing = await visitor.Http.GetAsync($"/r/{token}");
        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        Assert.EndsWith($"/cards/{card.Iccid}", landing.Headers.Location!.ToString());

        Assert.Equal(0, await RunJobAsync() - await RunJobAsync());
        Assert.Equal(3, (await NotificationsAsync(card.Id)).Count);
    }

    [Fact]
    public async Task Does_write_each_message_in_full_with_the_cards_digits_link_and_shop_name_and_queue_it_once()
    {
        // Today is 25 Nov 2026 in China (TestClock): 7 days left is 2 Dec 2026. The shop's name has what SQL and format strings treat specially.
        var (card, merchant, agent) = await AddCardAsync(7, agentEmail: $"agent-{Guid.NewGuid():N}@example.com", merchantName: "O'Brien {0} 100% 小店");
        await RunJobAsync();

        var token = await portal.WithDbAsync(db => db.Stickers.Where(s => s.CardId == card.Id && s.RevokedAtUtc == null).Select(s => s.Token).SingleAsync());
        var link = $"{portal.BaseAddress}r/{token}";
        var digits = card.Iccid[^6..];
        var sent = await NotificationsAsync(card.Id);
        var english = ($"POS data card ending {digits} expires on Dec 2, 2026",
            $"PosRenewal: the POS data card ending {digits} expires on Dec 2, 2026 (7 days left). Card payments stop when it lapses. Renew in one tap: {link}");
        var sms = Assert.Single(sent, n => n.Channel == NotificationChannel.Sms);
        Assert.Equal(($"expiry-7:{card.Id}:20261202:m{merchant.Id}:Sms", "13800001111", "en-US", english), (sms.Key, sms.Address, sms.Language, (sms.Subject, sms.Body)));
        var mail = Assert.Single(sent, n => n.Channel == NotificationChannel.Email && n.AgentId is null);
        Assert.Equal(($"expiry-7:{card.Id}:20261202:m{merchant.Id}:Email", "shop@example.com", english), (mail.Key, mail.Address, (mail.Subject, mail.Body)));
        var copy = Assert.Single(sent, n => n.AgentId == agent!.Id);
        Assert.Equal(($"expiry-7:{card.Id}:20261202:a{agent!.Id}:Email", agent.ContactEmail, "zh-CN", merchant.Id, $"尾号{digits}的POS流量卡将于2026年12月2日到期",
            $"【PosRenewal】商户「O'Brien {{0}} 100% 小店」尾号{digits}的POS流量卡将于2026年12月2日到期（还剩7天），到期后终端将无法刷卡收款。一键续费：{link}"),
            (copy.Key, copy.Address, copy.Language, copy.MerchantId, copy.Subject, copy.Body));
        Assert.All(sent, n => Assert.Equal((NotificationStatus.Pending, new DateOnly(2026, 12, 2)), (n.Status, n.ExpiryDate)));

        foreach (var notification in sent)
        {
            var payload = notification.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(1, await portal.WithDbAsync(db => db.Outbox.CountAsync(m => m.Type == Core.Outbox.OutboxMessage.SendNotification && m.Payload == payload)));
        }
    }

    [Fact]
    public async Task Does_send_only_the_latest_stage_passed_when_the_job_runs_late()
    {
        var (card, _, _) = await AddCardAsync(5, email: null);
        await RunJobAsync();
        var sent = Assert.Single(await NotificationsAsync(card.Id));
        Assert.Equal(Notification.ExpiryKind(7), sent.Kind);
    }

    [Fact]
    public async Task Does_write_each_reminder_once_when_several_instances_run_at_once()
    {
        var cards = new List<Card>();
        for (var i = 0; i < 12; i++)
        {
            cards.Add((await AddCardAsync(30, email: $"racer-{i}@example.com")).Card);
        }

        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(RunJobAsync));
        var written = (await Task.WhenAll(runs)).Sum();
        await portal.DispatchAsync();

        Assert.True(written >= 24, $"the runs wrote {written} reminders, fewer than the 24 due");
        foreach (var card in cards)
        {
            var sent = await NotificationsAsync(card.Id);
            Assert.Equal(2, sent.Count);
            Assert.All(sent, n => Assert.Equal(NotificationStatus.Sent, n.Status));
        }

        var ids = (await portal.WithDbAsync(db => db.Notifications.Where(n => cards.Select(c => c.Id).Contains(n.CardId!.Value)).Select(n => n.Id.ToString()).ToListAsync())).ToHashSet();
        var messages = await portal.WithDbAsync(db => db.Outbox.Where(m => m.Type == "SendNotification").Select(m => m.Payload).ToListAsync());
        Assert.Equal(24, messages.Count(ids.Contains));
        for (var i = 0; i < 12; i++)
        {
            Assert.Single(MailsTo($"racer-{i}@example.com"));
        }
    }

    [Fact]
    public async Task Does_cancel_the_reminders_due_for_the_old_expiry_when_the_card_is_renewed()
    {
        var (card, _, _) = await AddCardAsync(1, email: "renewer@example.com");
        await RunJobAsync();
        Assert.Equal(2, (await NotificationsAsync(card.Id)).Count);

        using (var browser = portal.NewBrowser())
        {
            var (_, tradeNo, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
            var answer = await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody(tradeNo, "12.00")));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        await portal.DispatchAsync();
        var renewed = await portal.ReloadCardAsync(card.Id);
        Assert.True(renewed.ExpiryDate > card.ExpiryDate);
        var old = await NotificationsAsync(card.Id);
        Assert.All(old, n => Assert.Equal(NotificationStatus.Cancelled, n.Status));
        Assert.All(old, n => Assert.Contains(renewed.ExpiryDate.ToString("yyyy-MM-dd"), n.Error));
        Assert.Empty(MailsTo("renewer@example.com"));
        using (var support = portal.NewBrowser())
        {
            await AccountTests.SignInAsync(support, "support@posrenewal.test", "Demo-support-1");
            var timeline = (await support.GetAsync($"/support/cards/{card.Iccid}")).Text;
            Assert.Contains($"Reminder for expiry {card.ExpiryDate.ToString("MMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture)} by SMS to the card's merchant: Cancelled", timeline);
        }

        await RunJobAsync();
        Assert.DoesNotContain(await NotificationsAsync(card.Id), n => n.ExpiryDate == card.ExpiryDate && n.Status != NotificationStatus.Cancelled);
    }

    [Fact]
    public async Task Does_notify_the_suspension_once_the_lifecycle_job_has_suspended_the_card()
    {
        var (card, _, _) = await AddCardAsync(-1, email: null, language: "zh-CN");
        await RunJobAsync();
        Assert.Empty(await NotificationsAsync(card.Id));

        await portal.WithDbAsync(db => new CardLifecycle(db, TestClock.Instance, NullLogger<CardLifecycle>.Instance).RunAsync(90, default));
        await RunJobAsync();
        await portal.DispatchAsync();

        var notice = Assert.Single(await NotificationsAsync(card.Id));
        Assert.Equal((Notification.SuspendedKind, NotificationChannel.Sms, NotificationStatus.Sent), (notice.Kind, notice.Channel, notice.Status));
        Assert.Contains("因欠费停机", notice.Body);
    }

    [Fact]
    public async Task Does_not_remind_a_merchant_who_opted_out_but_still_tells_their_agent()
    {
        var (card, _, agent) = await AddCardAsync(30, bySms: false, byEmail: false, agentEmail: $"agent-{Guid.NewGuid():N}@example.com");
        await RunJobAsync();

        var sent = Assert.Single(await NotificationsAsync(card.Id));
        Assert.Equal(agent!.Id, sent.AgentId);
    }

    [Fact]
    public async Task Does_send_each_agent_one_digest_a_day_of_their_cards_expiring_within_seven_days()
    {
        var agentEmail = $"digest-{Guid.NewGuid():N}@example.com";
        var (first, merchant, agent) = await AddCardAsync(2, agentEmail: agentEmail);
        var second = await portal.AddCardAsync(Today.AddDays(6));
        var later = await portal.AddCardAsync(Today.AddDays(20));
        await portal.WithDbAsync(async db =>
        {
            var tracked = await db.Merchants.SingleAsync(m => m.Id == merchant.Id);
            foreach (var card in await db.Cards.Where(c => c.Id == second.Id || c.Id == later.Id).ToListAsync())
            {
                card.AssignTerminal(tracked, null, null, 0);
            }

            return await db.SaveChangesAsync();
        });

        await Task.WhenAll(Task.Run(RunJobAsync), Task.Run(RunJobAsync));
        await RunJobAsync();

        var digest = Assert.Single(await portal.WithDbAsync(db => db.Notifications.Where(n => n.AgentId == agent!.Id && n.Kind == Notification.DigestKind).ToListAsync()));
        Assert.Equal(agentEmail, digest.Address);
        Assert.Contains("2张", digest.Subject);
        Assert.Contains($"尾号{first.Iccid[^6..]}", digest.Body);
        Assert.Contains($"尾号{second.Iccid[^6..]}", digest.Body);
        Assert.DoesNotContain(later.Iccid[^6..], digest.Body);
    }

    [Fact]
    public async Task Does_let_a_merchant_choose_channels_refusing_a_bad_address_without_changing_anything()
    {
        using var browser = portal.NewBrowser();
        await AccountTests.SignInAsync(browser, "merchant@posrenewal.test", "Demo-merchant-1");
        var page = await browser.GetAsync("/merchant/reminders");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Task<Merchant> StoredAsync() => portal.WithDbAsync(db => db.Merchants.AsNoTracking().SingleAsync(m => m.Name == "张记面馆"));
        var before = await StoredAsync();

        foreach (var (email, byEmail, language) in new[] { ("not-an-address", "true", "zh-CN"), ("", "true", "zh-CN"), ("ok@example.com", "true", "fr-FR"), (new string('a', 300) + "@example.com", "true", "en-US") })
        {
            var refused = await browser.SubmitAsync(page, "form[data-testid='reminder-form']",
                new Dictionary<string, string> { ["Email"] = email, ["ByEmail"] = byEmail, ["BySms"] = "false", ["Language"] = language });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("class=\"notice bad error\"", await refused.Content.ReadAsStringAsync());
            Assert.Equivalent(before, await StoredAsync());
        }

        var saved = await browser.SubmitAsync(page, "form[data-testid='reminder-form']",
            new Dictionary<string, string> { ["Email"] = " new@example.com ", ["ByEmail"] = "true", ["BySms"] = "false", ["Language"] = "en-US" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await StoredAsync();
        Assert.Equal(("new@example.com", false, true, "en-US"), (after.ContactEmail, after.RemindBySms, after.RemindByEmail, after.Language));
        Assert.NotNull((await browser.GetAsync(saved.Headers.Location!.ToString())).TestId("saved"));
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "reminders.preferences" && a.Subject == $"merchant {after.Id}")));
    }

    [Fact]
    public async Task Does_show_an_agent_the_reminders_sent_about_their_merchants_cards_and_no_one_elses()
    {
        var (mine, _, _) = await AddCardAsync(7, email: null);
        await portal.WithDbAsync(async db =>
        {
            var agentId = await db.Agents.Where(a => a.Name == "安易通代理 (demo agent)").Select(a => a.Id).SingleAsync();
            var merchant = await db.Merchants.SingleAsync(m => m.Id == db.Cards.Single(c => c.Id == mine.Id).MerchantId);
            db.Entry(merchant).Property(m => m.AgentId).CurrentValue = agentId;
            return await db.SaveChangesAsync();
        });
        var (others, _, _) = await AddCardAsync(7, email: null);
        await RunJobAsync();
        await portal.DispatchAsync();

        using var browser = portal.NewBrowser();
        await AccountTests.SignInAsync(browser, "agent@posrenewal.test", "Demo-agent-1");
        var page = await browser.GetAsync("/agent/reminders");
        var rows = page.Document.QuerySelectorAll("[data-testid='notifications'] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains($"…{mine.Iccid[^4..]}", StringComparison.Ordinal) && r.Contains("7 days before expiry", StringComparison.Ordinal) && r.Contains("Sent", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains($"…{others.Iccid[^4..]}", StringComparison.Ordinal));

        var refused = await browser.SubmitAsync(page, "form[data-testid='reminder-form']", new Dictionary<string, string> { ["Email"] = "agent at example", ["Language"] = "en-US" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("agent@example.com", await portal.WithDbAsync(db => db.Agents.Where(a => a.Name == "安易通代理 (demo agent)").Select(a => a.ContactEmail).SingleAsync()));
        var saved = await browser.SubmitAsync(page, "form[data-testid='reminder-form']", new Dictionary<string, string> { ["Email"] = "", ["Language"] = "en-US" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Null(await portal.WithDbAsync(db => db.Agents.Where(a => a.Name == "安易通代理 (demo agent)").Select(a => a.ContactEmail).SingleAsync()));
    }
}
