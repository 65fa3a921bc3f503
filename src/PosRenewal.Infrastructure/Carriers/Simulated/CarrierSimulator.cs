using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Infrastructure.Simulators;

namespace PosRenewal.Infrastructure.Carriers.Simulated;

/// <summary>The faults each simulated carrier injects right now (per process; switched over HTTP by tests and drills).</summary>
public sealed class CarrierFaultSwitch
{
    private readonly ConcurrentDictionary<Carrier, CarrierFaults> _faults = new();

    public CarrierFaults For(Carrier carrier) => _faults.GetValueOrDefault(carrier) ?? new CarrierFaults();

    public void Set(Carrier carrier, CarrierFaults faults) => _faults[carrier] = faults;
}

/// <summary>What a simulated carrier's platform does with commands: its books live in its own tables.</summary>
public sealed class CarrierSimulator(SimulatorDbContext db, CarrierFaultSwitch faults, TimeProvider clock)
{
    public const string Active = "ACTIVE";
    public const string Suspended = "SUSPENDED";

    /// <summary>Applies a command once per request id (unless duplicate acceptance is on); returns true for a repeat.</summary>
    public Task<bool> ExecuteAsync(Carrier carrier, string requestId, string iccid, string kind, Action<SimCarrierCard> apply, CancellationToken ct) =>
        // Two commands racing on one card: the loser reads again, and finds its twin request already "seen".
        db.InTransactionAsync(async () =>
        {
            var seen = await db.CarrierRequests.AnyAsync(r => r.Carrier == carrier && r.RequestId == requestId, ct);
            if (seen && !faults.For(carrier).DuplicateAcceptance)
            {
                return true;
            }

            var card = await db.CarrierCards.SingleOrDefaultAsync(c => c.Carrier == carrier && c.Iccid == iccid, ct);
            if (card is null)
            {
                card = new SimCarrierCard(carrier, iccid);
                db.Add(card);
            }

            apply(card);
            db.Add(new SimCarrierRequest(carrier, requestId, iccid, kind, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(ct);
            return seen;
        }, ct);

    public Task<SimCarrierCard?> GetCardAsync(Carrier carrier, string iccid, CancellationToken ct) =>
        db.CarrierCards.AsNoTracking().SingleOrDefaultAsync(c => c.Carrier == carrier && c.Iccid == iccid, ct);

    public Task<int> CountRequestsAsync(Carrier carrier, string requestId, CancellationToken ct) =>
        db.CarrierRequests.CountAsync(r => r.Carrier == carrier && r.RequestId == requestId, ct);
}
