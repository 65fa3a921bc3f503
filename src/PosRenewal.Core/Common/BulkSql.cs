using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PosRenewal.Core.Common;

/// <summary>
/// Set-based writes for the jobs that write many rows at once (the daily job, the import), where EF's row-by-row
/// inserts and change tracking cost most of the time: multi-row <c>INSERT … VALUES</c> with a parameter for every
/// value, on SQLite and SQL Server alike. Sent through EF, so they join the caller's transaction and pass its
/// interceptors and logging. A refused write (a unique index) throws <see cref="DbUpdateException"/>, as a save does,
/// so <see cref="ConflictRetry"/> runs the work again from fresh reads.
/// </summary>
public static class BulkSql
{
    /// <summary>SQL Server takes at most 2,100 parameters and 1,000 rows in one statement.</summary>
    private const int MaxParameters = 2000;
    private const int MaxRows = 1000;

    public static bool IsSqlServer(this DatabaseFacade database) => database.ProviderName == "Microsoft.EntityFrameworkCore.SqlServer";

    /// <summary>
    /// Inserts new <paramref name="entities"/> (not tracked: their ids stay unset), every mapped column as EF would store
    /// it, in the caller's transaction; returns the new rows' ids (in no particular order). On SQL Server, many rows a
    /// statement (fewer round trips). On SQLite, one prepared single-row statement run for each row: binding looks each
    /// parameter up by name, so a statement with n parameters costs n² (1,000 rows of 13 columns bound slower than one
    /// row at a time).
    /// </summary>
    public static async Task<List<long>> InsertAsync<T>(this IPosRenewalDb db, IReadOnlyList<T> entities, CancellationToken ct)
        where T : class
    {
        var ids = new List<long>(entities.Count);
        if (entities.Count == 0)
        {
            return ids;
        }

        var (table, columns, values) = Shape(db, entities);
        if (!db.Database.IsSqlServer())
        {
            await Refusable(() => SqliteInsertAsync(db.Database, table, columns, values, ids, ct));
            return ids;
        }

        var perStatement = Math.Min(MaxRows, MaxParameters / columns.Length);
        for (var start = 0; start < entities.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, entities.Count - start);
            var sql = new StringBuilder(Insert(table, columns)).Append(" OUTPUT INSERTED.\"Id\" AS \"Value\" VALUES ");
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (").AppendJoin(", ", columns.Select((_, c) => $"{{{r * columns.Length + c}}}")).Append(')');
            }

            var slice = values[(start * columns.Length)..((start + count) * columns.Length)];
            ids.AddRange(await Refusable(() => db.Database.SqlQueryRaw<long>(sql.ToString(), slice!).ToListAsync(ct)));
        }

        return ids;
    }

    /// <summary>Runs a set-based statement the caller wrote (per provider where the dialects differ); a refusal throws <see cref="DbUpdateException"/>.</summary>
    public static Task<int> ExecuteAsync(this DatabaseFacade database, string sql, object?[] values, CancellationToken ct) =>
        Refusable(() => database.ExecuteSqlRawAsync(sql, values!, ct));

    /// <summary>The table, its columns but the generated id, and every row's values after EF's converters (enums as text, money as decimal, UTC times), row after row.</summary>
    private static (string Table, string[] Columns, object?[] Values) Shape<T>(IPosRenewalDb db, IReadOnlyList<T> entities)
        where T : class
    {
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new ArgumentException($"{typeof(T).Name} is not mapped.", nameof(entities));
        var properties = type.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd).ToList();
        var getters = properties.Select(p => p.GetGetter()).ToArray();
        var converters = properties.Select(p => p.GetTypeMapping().Converter).ToArray();
        var values = new object?[entities.Count * properties.Count];
        for (var r = 0; r < entities.Count; r++)
        {
            for (var c = 0; c < properties.Count; c++)
            {
                var value = getters[c].GetClrValue(entities[r]);
                values[r * properties.Count + c] = value is not null && converters[c] is { } converter ? converter.ConvertToProvider(value) : value;
            }
        }

        return (type.GetTableName()!, properties.Select(p => p.GetColumnName()).ToArray(), values);
    }

    private static string Insert(string table, string[] columns) =>
        $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})";

    /// <summary>Parameters a statement on SQLite: rows enough to spread each execution's cost, few enough that binding by name stays cheap.</summary>
    private const int SqliteParameters = 64;

    private static async Task<List<long>> SqliteInsertAsync(DatabaseFacade database, string table, string[] columns, object?[] values, List<long> ids, CancellationToken ct)
    {
        // Inside the caller's transaction, where the connection is open (and one commit covers every row).
        var transaction = database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Set-based inserts run in the caller's transaction.");
        var rows = values.Length / columns.Length;
        var perStatement = Math.Max(1, SqliteParameters / columns.Length);
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows; start += perStatement)
            {
                var count = Math.Min(perStatement, rows - start);
                var command = count == perStatement ? full ??= Prepare(perStatement) : Prepare(count);
                for (var i = 0; i < count * columns.Length; i++)
                {
                    command.Parameters[i].Value = values[start * columns.Length + i] ?? DBNull.Value;
                }

                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        ids.Add(reader.GetInt64(0));
                    }
                }

                if (command != full)
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }

        return ids;

        DbCommand Prepare(int count)
        {
            var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder(Insert(table, columns)).Append(" VALUES ");
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@p{r * columns.Length + c}";
                    command.Parameters.Add(parameter);
                    sql.Append(c == 0 ? "" : ", ").Append(parameter.ParameterName);
                }

                sql.Append(')');
            }

            command.CommandText = sql.Append(" RETURNING \"Id\"").ToString();
            return command;
        }
    }

    private static async Task<T> Refusable<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"The database refused a set-based write: {e.Message}", e);
        }
    }
}
