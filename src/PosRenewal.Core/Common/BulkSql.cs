using System.Buffers;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PosRenewal.Core.Common;

/// <summary>
/// Set-based writes for the jobs that write many rows at once (the daily job, the import), where EF's row-by-row
/// inserts and change tracking cost most of the time. Rows made in C# go to the database as one JSON parameter and are
/// inserted by one <c>INSERT … SELECT</c> from it (<c>jsonb_each</c> on SQLite, which parses the text once into SQLite's
/// binary JSON so each <c>value -&gt;&gt; i</c> reads it without parsing the row again; <c>OPENJSON</c> on SQL Server): one
/// statement and one parameter however many rows (SQLite binds parameters by looking each name up, so a statement with
/// n parameters costs n²; SQL Server takes at most 2,100). Sent through EF, so they join the caller's transaction and
/// pass its interceptors and logging. A refused write (a unique index) throws <see cref="DbUpdateException"/>, as a
/// save does, so <see cref="ConflictRetry"/> runs the work again from fresh reads.
/// </summary>
public static class BulkSql
{
    /// <summary>Rows a statement, to bound the size of one JSON parameter.</summary>
    private const int MaxRows = 10_000;

    public static bool IsSqlServer(this DatabaseFacade database) => database.ProviderName == "Microsoft.EntityFrameworkCore.SqlServer";

    /// <summary>
    /// Inserts new <paramref name="entities"/> (not tracked: their ids stay unset), every mapped column as EF would store
    /// it; returns the new rows' ids (in no particular order).
    /// </summary>
    public static async Task<List<long>> InsertAsync<T>(this IPosRenewalDb db, IReadOnlyList<T> entities, CancellationToken ct)
        where T : class
    {
        var ids = new List<long>(entities.Count);
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new ArgumentException($"{typeof(T).Name} is not mapped.", nameof(entities));
        // Every column but the generated id, with the value converters EF applies (enums as text, money as decimal, UTC times).
        // A column with a default (a merchant's language) is written too: the entity has its value, as EF would send it.
        var properties = type.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd)).ToList();
        var sqlServer = db.Database.IsSqlServer();
        var sql = InsertSql(type.GetTableName()!, properties.Select(p => (p.GetColumnName(), p.GetColumnType())).ToList(), sqlServer);
        for (var start = 0; start < entities.Count; start += MaxRows)
        {
            var rows = Json(type, properties, entities.Skip(start).Take(MaxRows), sqlServer);
            ids.AddRange(await Refusable(() => db.Database.SqlQueryRaw<long>(sql, rows).ToListAsync(ct)));
        }

        return ids;
    }

    /// <summary>
    /// <c>INSERT INTO table (columns) SELECT … FROM</c> the rows of a JSON array of arrays (parameter {0}), returning the new
    /// ids as <c>Value</c>. SQL Server reads each value as its column's type (<c>OPENJSON … WITH</c>).
    /// </summary>
    private static string InsertSql(string table, IReadOnlyList<(string Name, string Type)> columns, bool sqlServer)
    {
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        return sqlServer
            ? $"INSERT INTO \"{table}\" ({names}) OUTPUT INSERTED.\"Id\" AS \"Value\" SELECT {names} FROM OPENJSON({{0}}) WITH (" +
              string.Join(", ", columns.Select((c, i) => $"\"{c.Name}\" {c.Type} '$[{i}]'")) + ")"
            : $"INSERT INTO \"{table}\" ({names}) SELECT " + string.Join(", ", columns.Select((_, i) => $"value ->> {i}")) +
              " FROM jsonb_each({0}) RETURNING \"Id\" AS \"Value\"";
    }

    /// <summary>
    /// For a job that writes many rows: holds one connection for the whole run (so its settings last) and, on SQLite,
    /// gives it for the run a 48 MB page cache instead of the default 2 MB (its index writes would thrash that), keeps
    /// temporary tables and results in memory when <paramref name="temporaryInMemory"/> (an <c>INSERT … SELECT</c> that
    /// reads its own table) or else in a file (a temporary table as long as the input), and checkpoints the WAL
    /// every 64 MB instead of every 4 MB (a page written by several transactions is copied back once). Not only at the
    /// end: a WAL that grows for a whole 1,000,000-line import made the file system allocate and zero gigabytes of new
    /// blocks (12% of the import), while a checkpointed WAL is written again from its start.
    /// Dispose to checkpoint, put the defaults back and let the connection go. Pages keep the defaults: every pooled
    /// connection has its own cache.
    /// </summary>
    public static async Task<IAsyncDisposable> BulkSessionAsync(this DatabaseFacade database, bool temporaryInMemory, CancellationToken ct)
    {
        await database.OpenConnectionAsync(ct);
        if (!database.IsSqlServer())
        {
            await database.ExecuteSqlRawAsync(temporaryInMemory
                ? "PRAGMA cache_size=-49152; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=16384;"
                : "PRAGMA cache_size=-49152; PRAGMA temp_store=FILE; PRAGMA wal_autocheckpoint=16384;", ct);
        }

        return new Session(database);
    }

    private sealed class Session(DatabaseFacade database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (!database.IsSqlServer())
            {
                await database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE); PRAGMA wal_autocheckpoint=1000; PRAGMA cache_size=-2000; PRAGMA temp_store=DEFAULT;");
            }

            await database.CloseConnectionAsync();
        }
    }

    /// <summary>Runs a set-based statement the caller wrote (per provider where the dialects differ); a refusal throws <see cref="DbUpdateException"/>.</summary>
    public static Task<int> ExecuteAsync(this DatabaseFacade database, string sql, object?[] values, CancellationToken ct) =>
        Refusable(() => database.ExecuteSqlRawAsync(sql, values!, ct));

    /// <summary>
    /// The rows as a JSON array of arrays, each value as the provider stores it (SQLite: times as EF writes them, flags as
    /// 0/1). Text other than quotes, backslashes and control characters goes as it is (a merchant's Chinese name is not
    /// doubled in length by <c>\u</c> escapes): the JSON is a statement's parameter, never a page.
    /// </summary>
    private static string Json<T>(IEntityType type, List<IProperty> properties, IEnumerable<T> entities, bool sqlServer)
        where T : class
    {
        var writeRow = (Action<Utf8JsonWriter, T>)RowWriters.GetOrAdd(type, _ => RowWriter<T>(properties, sqlServer));
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            json.WriteStartArray();
            foreach (var entity in entities)
            {
                json.WriteStartArray();
                writeRow(json, entity);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Each entity type's row writer (<see cref="RowWriter{T}"/>), compiled once; a model belongs to one provider.</summary>
    private static readonly ConcurrentDictionary<IEntityType, Delegate> RowWriters = new();

    /// <summary>
    /// Compiles the writing of one row: each column read from its member (not boxed), through the value converter EF
    /// applies (enums as text, UTC times), by the <see cref="Value(Utf8JsonWriter, string, bool)"/> overload for the
    /// provider's type; null where the member is null. The generic getters and converters this replaces took 0.3–0.5 s of
    /// a 100,000-line import.
    /// </summary>
    private static Action<Utf8JsonWriter, T> RowWriter<T>(List<IProperty> properties, bool sqlServer)
    {
        var json = Expression.Parameter(typeof(Utf8JsonWriter), "json");
        var entity = Expression.Parameter(typeof(T), "entity");
        var columns = properties.Select(property =>
        {
            Expression member = Expression.MakeMemberAccess(entity, property.GetMemberInfo(forMaterialization: false, forSet: false));
            var nullable = Nullable.GetUnderlyingType(member.Type) is not null;
            var value = nullable ? Expression.Property(member, nameof(Nullable<int>.Value)) : member;
            if (property.GetTypeMapping().Converter is { } converter)
            {
                value = Expression.Invoke(converter.ConvertToProviderExpression, Expression.Convert(value, converter.ModelClrType));
            }

            var write = typeof(BulkSql).GetMethod(nameof(Value), BindingFlags.NonPublic | BindingFlags.Static, [typeof(Utf8JsonWriter), value.Type, typeof(bool)])
                ?? throw new NotSupportedException($"{property.Name}: a {value.Type.Name} value is not written set-based.");
            Expression column = Expression.Call(write, json, value, Expression.Constant(sqlServer));
            return nullable || !member.Type.IsValueType
                ? Expression.IfThenElse(Expression.Equal(member, Expression.Constant(null, member.Type)), Expression.Call(json, nameof(Utf8JsonWriter.WriteNullValue), null), column)
                : column;
        });
        return Expression.Lambda<Action<Utf8JsonWriter, T>>(Expression.Block(columns), json, entity).Compile();
    }

    private static void Value(Utf8JsonWriter json, string value, bool sqlServer) => json.WriteStringValue(value);

    private static void Value(Utf8JsonWriter json, int value, bool sqlServer) => json.WriteNumberValue(value);

    private static void Value(Utf8JsonWriter json, long value, bool sqlServer) => json.WriteNumberValue(value);

    private static void Value(Utf8JsonWriter json, bool value, bool sqlServer)
    {
        if (sqlServer)
        {
            json.WriteBooleanValue(value);
        }
        else
        {
            json.WriteNumberValue(value ? 1 : 0);
        }
    }

    private static void Value(Utf8JsonWriter json, decimal value, bool sqlServer)
    {
        if (sqlServer)
        {
            json.WriteNumberValue(value);
        }
        else
        {
            Formatted(json, value, "0.0###########################");
        }
    }

    private static void Value(Utf8JsonWriter json, DateOnly value, bool sqlServer) => Formatted(json, value, "yyyy-MM-dd");

    private static void Value(Utf8JsonWriter json, DateTime value, bool sqlServer) =>
        Formatted(json, value, sqlServer ? "yyyy-MM-ddTHH:mm:ss.fffffff" : "yyyy-MM-dd HH:mm:ss.FFFFFFF");

    /// <summary>A value as text in an invariant format, without a string made for it.</summary>
    private static void Formatted<TValue>(Utf8JsonWriter json, TValue value, string format)
        where TValue : ISpanFormattable
    {
        Span<char> text = stackalloc char[64];
        if (!value.TryFormat(text, out var length, format, CultureInfo.InvariantCulture))
        {
            throw new FormatException($"{value} does not fit in {text.Length} characters.");
        }

        json.WriteStringValue(text[..length]);
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
