using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PosRenewal.Core.Imports;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.Infrastructure.Imports;

/// <summary>
/// Runs queued inventory imports one at a time. An import is claimed with a conditional UPDATE, so one
/// instance runs it; one whose heartbeat went quiet for <see cref="StaleAfter"/> (its instance died) is
/// taken over and run again from the start, which is safe because rows are upserted by ICCID.
/// </summary>
public sealed class CardImportWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CardImportWorker> logger) : PeriodicWorker(logger)
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override bool RunAtStart => false;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        while (await RunNextAsync(ct))
        {
        }
    }

    /// <summary>Claims and runs one import; false when none is waiting.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - StaleAfter;
        var waiting = await db.CardImports.AsNoTracking()
            .Where(i => i.Status == ImportStatus.Queued || ((i.Status == ImportStatus.Validating || i.Status == ImportStatus.Writing) && i.HeartbeatAtUtc < stale))
            .OrderBy(i => i.Id).Select(i => (long?)i.Id).FirstOrDefaultAsync(ct);
        if (waiting is not { } id)
        {
            return false;
        }

        var claimed = await db.CardImports
            .Where(i => i.Id == id && (i.Status == ImportStatus.Queued || ((i.Status == ImportStatus.Validating || i.Status == ImportStatus.Writing) && i.HeartbeatAtUtc < stale)))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LockedBy, _instance).SetProperty(i => i.HeartbeatAtUtc, now).SetProperty(i => i.Status, ImportStatus.Validating), ct);
        if (claimed != 1)
        {
            return true;
        }

        try
        {
            // The file is read from the database a part at a time, once to check it and once to write it.
            if (await CardCsv.CheckHeaderAsync(new CardImportFileStream(db, id)) is { } problem)
            {
                await FailAsync(db, id, problem, ct);
                return true;
            }

            await scope.ServiceProvider.GetRequiredService<CardImporter>().RunAsync(id, () => CardCsv.ReadAsync(new CardImportFileStream(db, id), ct), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Card import {Id} failed", id);
            db.ChangeTracker.Clear();
            await FailAsync(db, id, $"The import stopped: {ex.Message}. Lines written before that stay; uploading the file again is safe.", CancellationToken.None);
        }

        return true;
    }

    private Task FailAsync(PosRenewalDbContext db, long id, string message, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        message = message.Length > CardImport.MessageMaxLength ? message[..CardImport.MessageMaxLength] : message;
        return db.CardImports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, ImportStatus.Failed).SetProperty(i => i.Message, message)
            .SetProperty(i => i.FinishedAtUtc, now).SetProperty(i => i.LockedBy, (string?)null), ct);
    }
}
