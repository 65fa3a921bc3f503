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
        });

    public Task<Result<Agent>> TopUpAsync(long agentId, Money amount, string reason, Actor actor, CancellationToken ct) =>
        ChangeAsync(agentId, ct, agent =>
        {
            var before = agent.Balance;
            db.LedgerEntries.Add(agent.TopUp(amount, actor.UserName, Now));
            db.AuditEntries.Add(new AuditEntry(actor, "top up", $"agent {agentId}", null, $"balance {before}", $"balance {agent.Balance}", reason, Now));
        });

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Describe(Agent a) => a.FeeKind == FeeKind.Flat ? $"flat ¥{a.FeeValue:0.00}" : $"{a.FeeValue:0.##}%";

    /// <summary>Applies the change on a fresh read, again if a renewal changed the balance meanwhile.</summary>
    private Task<Result<Agent>> ChangeAsync(long agentId, CancellationToken ct, Action<Agent> change) =>
        db.InTransactionAsync(async () =>
        {
            var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId, ct);
            if (agent is null)
            {
                return Result<Agent>.Fail("not_found", "Agent not found.");
            }

            change(agent);
            await db.SaveChangesAsync(ct);
            return Result<Agent>.Ok(agent);
        }, ct);
}
