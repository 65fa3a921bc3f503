using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Reminders;

/// <summary>A notification with what it was about, for the lists merchants and agents see.</summary>
public sealed record SentNotification(Notification Notification, string? Iccid, string? MerchantName);

/// <summary>Who gets reminded how: merchants choose their channels (or opt out), agents give an address; both see what was sent.</summary>
public interface IReminderService
{
    Task<Merchant?> GetMerchantAsync(long merchantId, CancellationToken ct);

    Task SaveMerchantAsync(long merchantId, string? email, bool bySms, bool byEmail, string language, Actor actor, CancellationToken ct);

    Task<Agent?> GetAgentAsync(long agentId, CancellationToken ct);

    Task SaveAgentAsync(long agentId, string? email, string language, Actor actor, CancellationToken ct);

    /// <summary>The newest notifications sent to a merchant.</summary>
    Task<IReadOnlyList<SentNotification>> ForMerchantAsync(long merchantId, int take, CancellationToken ct);

    /// <summary>The newest notifications about the cards of an agent's merchants (to the merchant or to the agent), and the agent's digests.</summary>
    Task<IReadOnlyList<SentNotification>> ForAgentAsync(long agentId, int take, CancellationToken ct);
}

/// <summary>The two languages reminders are written in.</summary>
public static class ReminderLanguages
{
    public static readonly IReadOnlyList<string> All = [Merchant.DefaultLanguage, ReminderMessages.English];
}

/// <inheritdoc />
public sealed class ReminderService(IPosRenewalDb db, TimeProvider clock) : IReminderService
{
    public Task<Merchant?> GetMerchantAsync(long merchantId, CancellationToken ct) =>
        db.Merchants.AsNoTracking().SingleOrDefaultAsync(m => m.Id == merchantId, ct);

    public async Task SaveMerchantAsync(long merchantId, string? email, bool bySms, bool byEmail, string language, Actor actor, CancellationToken ct)
    {
        var merchant = await db.Merchants.SingleAsync(m => m.Id == merchantId, ct);
        var before = Describe(merchant.ContactEmail, merchant.RemindBySms, merchant.RemindByEmail, merchant.Language);
        merchant.SetReminders(email, bySms, byEmail, language);
        db.AuditEntries.Add(new AuditEntry(actor, "reminders.preferences", $"merchant {merchant.Id}", null, before,
            Describe(merchant.ContactEmail, bySms, byEmail, language), null, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }

    public Task<Agent?> GetAgentAsync(long agentId, CancellationToken ct) =>
        db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agentId, ct);

    public async Task SaveAgentAsync(long agentId, string? email, string language, Actor actor, CancellationToken ct)
    {
        var agent = await db.Agents.SingleAsync(a => a.Id == agentId, ct);
        var before = Describe(agent);
        agent.SetContact(email, language);
        db.AuditEntries.Add(new AuditEntry(actor, "reminders.agent-contact", $"agent {agent.Id}", null, before,
            Describe(agent), null, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }

    public Task<IReadOnlyList<SentNotification>> ForMerchantAsync(long merchantId, int take, CancellationToken ct) =>
        ListAsync(db.Notifications.Where(n => n.MerchantId == merchantId && n.AgentId == null), take, ct);

    public Task<IReadOnlyList<SentNotification>> ForAgentAsync(long agentId, int take, CancellationToken ct) =>
        ListAsync(db.Notifications.Where(n => n.AgentId == agentId
            || db.Merchants.Any(m => m.Id == n.MerchantId && m.AgentId == agentId)), take, ct);

    private async Task<IReadOnlyList<SentNotification>> ListAsync(IQueryable<Notification> notifications, int take, CancellationToken ct) =>
        await notifications.AsNoTracking()
            .OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id).Take(take)
            .Select(n => new SentNotification(n,
                db.Cards.Where(c => c.Id == n.CardId).Select(c => c.Iccid).FirstOrDefault(),
                db.Merchants.Where(m => m.Id == n.MerchantId).Select(m => m.Name).FirstOrDefault()))
            .ToListAsync(ct);

    private static string Describe(string? email, bool bySms, bool byEmail, string language) =>
        AuditDetails.Of((AuditField.Sms, bySms), (AuditField.Email, byEmail), (AuditField.Address, email), (AuditField.Language, language));

    private static string Describe(Agent agent) =>
        AuditDetails.Of((AuditField.Address, agent.ContactEmail), (AuditField.Language, agent.Language));
}
