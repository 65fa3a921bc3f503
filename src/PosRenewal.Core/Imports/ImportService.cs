using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Imports;

/// <summary>An import with its first refused lines.</summary>
public sealed record ImportReport(CardImport Import, IReadOnlyList<CardImportError> Errors);

/// <summary>Queues inventory uploads (run by the import worker) and reports on them.</summary>
public interface IImportService
{
    /// <summary>Stores the file (a part at a time, in one transaction: all of it or none) and queues its import.</summary>
    Task<CardImport> QueueAsync(string fileName, ImportMode mode, Stream content, Actor actor, CancellationToken ct);

    Task<IReadOnlyList<CardImport>> RecentAsync(int take, CancellationToken ct);

    Task<ImportReport?> GetAsync(long id, CancellationToken ct);
}

/// <inheritdoc />
public sealed class ImportService(IPosRenewalDb db, TimeProvider clock) : IImportService
{
    public async Task<CardImport> QueueAsync(string fileName, ImportMode mode, Stream content, Actor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var import = new CardImport(fileName, mode, actor.UserName, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.CardImports.Add(import);
        await db.SaveChangesAsync(ct);
        long bytes = 0;
        var buffer = new byte[CardImportFile.PartBytes];
        for (var part = 0; ; part++)
        {
            var length = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            if (length == 0)
            {
                break;
            }

            db.CardImportFiles.Add(new CardImportFile(import.Id, part, buffer[..length]));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            bytes += length;
        }

        db.AuditEntries.Add(new AuditEntry(actor, "cards.import", $"import {import.Id}", null, null,
            AuditDetails.Of((AuditField.File, import.FileName), (AuditField.Bytes, bytes), (AuditField.ImportMode, mode)), null, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return import;
    }

    public async Task<IReadOnlyList<CardImport>> RecentAsync(int take, CancellationToken ct) =>
        await db.CardImports.AsNoTracking().OrderByDescending(i => i.Id).Take(take).ToListAsync(ct);

    public async Task<ImportReport?> GetAsync(long id, CancellationToken ct)
    {
        var import = await db.CardImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        return import is null ? null : new ImportReport(import,
            await db.CardImportErrors.AsNoTracking().Where(e => e.ImportId == id).OrderBy(e => e.Line).Take(CardImport.MaxErrorsKept).ToListAsync(ct));
    }
}
