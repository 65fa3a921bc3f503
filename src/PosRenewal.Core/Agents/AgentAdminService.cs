using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Agents;

/// <summary>What admins do to agents: set their service fee rule and top up their prepaid balance (both audited).</summary>
public interface IAgentAdminService
{
    Task<IReadOnlyList<Agent>> ListAsync(CancellationToken ct);

    Task<Result<Agent>> SetFeeAsync(long agentId, FeeKind kind, decimal value, Actor actor, CancellationToken ct);

    Task<Result<Agent>> TopUpAsync(long agentId, Money amount, string reason, Actor actor, CancellationToken ct);

    /// <summary>Reverses a top-up once, with an opposite ledger entry, if the balance still covers it.</summary>
    Task<Result<Agent>> ReverseTopUpAsync(long agentId, long entryId, string reason, Actor actor, CancellationToken ct);

    /// <summary>The agent's newest ledger entries, each top-up with whether it has been reversed.</summary>
    Task<IReadOnlyList<(LedgerEntry Entry, bool Reversed)>> RecentLedgerAsync(long agentId, int take, CancellationToken ct);
}

/// <inheritdoc />
public sealed class AgentAdminService(IPosRenewalDb db, TimeProvider clock) : IAgentAdminService
{
    public async Task<IReadOnlyList<Agent>> ListAsync(CancellationToken ct) =>
        await db.Agents.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);

    public Task<Result<Agent>> SetFeeAsync(long agentId, FeeKind kind, decimal value, Actor actor, CancellationToken ct) =>
        ChangeAsync(agentId, ct, agent =>
        {
            var before = Describe(agent);
            agent.SetFee(kind, value);
            db.AuditEntries.Add(new AuditEntry(actor, "set agent fee", $"agent {agentId}", null, before, Describe(agent), null, Now));
            return Task.FromResult<string?>(null);
        });

    public Task<Result<Agent>> TopUpAsync(long agentId, Money amount, string reason, Actor actor, CancellationToken ct) =>
        ChangeAsync(agentId, ct, agent =>
        {
            var before = agent.Balance;
            db.LedgerEntries.Add(agent.TopUp(amount, actor.UserName, Now));
            db.AuditEntries.Add(new AuditEntry(actor, "top up", $"agent {agentId}", null,
                AuditDetails.Of((AuditField.Balance, before)), AuditDetails.Of((AuditField.Balance, agent.Balance)), reason, Now));
            return Task.FromResult<string?>(null);
        });

    public Task<Result<Agent>> ReverseTopUpAsync(long agentId, long entryId, string reason, Actor actor, CancellationToken ct) =>
        ChangeAsync(agentId, ct, async agent =>
        {
            var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == entryId && e.AgentId == agentId && e.Kind == LedgerKind.TopUp, ct);
            if (entry is null)
            {
                return "Only a top-up of this agent can be reversed.";
            }

            if (await db.LedgerEntries.AnyAsync(e => e.ReversesEntryId == entryId, ct))
            {
                return "This top-up has been reversed already.";
            }

            var before = agent.Balance;
            var reversal = agent.Reverse(entry, actor.UserName, Now);
            if (reversal is null)
            {
                return "The balance no longer covers this top-up: part of it has been spent on renewals.";
            }

            db.LedgerEntries.Add(reversal);
            db.AuditEntries.Add(new AuditEntry(actor, "reverse top up", $"agent {agentId}", null,
                AuditDetails.Of((AuditField.LedgerEntry, entryId), (AuditField.Balance, before)), AuditDetails.Of((AuditField.Balance, agent.Balance)), reason, Now));
            return null;
        });

    public async Task<IReadOnlyList<(LedgerEntry Entry, bool Reversed)>> RecentLedgerAsync(long agentId, int take, CancellationToken ct)
    {
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.AgentId == agentId).OrderByDescending(e => e.Id).Take(take).ToListAsync(ct);
        var ids = entries.Select(e => (long?)e.Id).ToList();
        var reversed = (await db.LedgerEntries.Where(e => ids.Contains(e.ReversesEntryId)).Select(e => e.ReversesEntryId).ToListAsync(ct)).ToHashSet();
        return entries.Select(e => (e, reversed.Contains(e.Id))).ToList();
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Describe(Agent a) =>
        a.FeeKind == FeeKind.Flat ? AuditDetails.Of((AuditField.FlatFee, new Money(a.FeeValue))) : AuditDetails.Of((AuditField.PercentFee, a.FeeValue));

    /// <summary>Applies the change on a fresh read, again if a renewal changed the balance meanwhile; the change returns why it refused, or null.</summary>
    private Task<Result<Agent>> ChangeAsync(long agentId, CancellationToken ct, Func<Agent, Task<string?>> change) =>
        db.InTransactionAsync(async () =>
        {
            var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId, ct);
            if (agent is null)
            {
                return Result<Agent>.Fail("not_found", "Agent not found.");
            }

            if (await change(agent) is { } refusal)
            {
                return Result<Agent>.Fail("refused", refusal);
            }

            await db.SaveChangesAsync(ct);
            return Result<Agent>.Ok(agent);
        }, ct);
}
