using Microsoft.EntityFrameworkCore;

namespace PosRenewal.Core.Common;

public static class ConflictRetry
{
    public const int MaxAttempts = 8;

    /// <summary>
    /// Runs <paramref name="work"/> (which reads, changes and saves) in one transaction. When a concurrent
    /// writer wins (a <c>Version</c> token or a unique index), the change tracker is cleared and the work runs
    /// again from fresh reads, after a short random pause, up to <see cref="MaxAttempts"/> times.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this IPosRenewalDb db, Func<Task<T>> work, CancellationToken ct) =>
        InTransactionAsync(db.Database, db.ChangeTracker, work, ct);

    /// <inheritdoc cref="InTransactionAsync{T}(IPosRenewalDb, Func{Task{T}}, CancellationToken)"/>
    public static Task<T> InTransactionAsync<T>(this DbContext db, Func<Task<T>> work, CancellationToken ct) =>
        InTransactionAsync(db.Database, db.ChangeTracker, work, ct);

    private static async Task<T> InTransactionAsync<T>(
        Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database,
        Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker changes,
        Func<Task<T>> work,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var tx = await database.BeginTransactionAsync(ct);
                var result = await work();
                await tx.CommitAsync(ct);
                return result;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                changes.Clear();
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
    }

    /// <summary>
    /// Saves and commits an insert guarded by unique indexes (an idempotency key). When one refuses it, a concurrent
    /// twin of the same submission won: rolls back, forgets what was tracked, and returns what <paramref name="findTwin"/>
    /// finds (the twin's result). Null when the insert went through.
    /// </summary>
    public static async Task<T?> CommitOrFindTwinAsync<T>(this IPosRenewalDb db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, Func<Task<T?>> findTwin, CancellationToken ct)
        where T : class
    {
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return await findTwin() ?? throw new InvalidOperationException("An insert was refused and no concurrent twin explains it.");
        }
    }
}
