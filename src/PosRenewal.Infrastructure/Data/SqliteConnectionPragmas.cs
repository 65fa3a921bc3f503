using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PosRenewal.Infrastructure.Data;

/// <summary>
/// The per-connection settings of every SQLite connection the portal opens (SQLite keeps them per connection; SQL
/// Server, the production database, is not affected):
/// <list type="bullet">
/// <item><c>synchronous=NORMAL</c>: with WAL (set once by <see cref="DatabaseInitializer"/>) a commit no longer waits for
/// the disk. The database stays consistent and a crash of the portal loses nothing committed; only a power cut or an
/// operating-system crash may roll back the last commits.</item>
/// <item><c>busy_timeout</c>: a writer that finds the write lock taken waits inside SQLite, retrying within a
/// millisecond or two of the lock coming free, for as long as a command may run (30 s). Without it
/// Microsoft.Data.Sqlite retries on its own by sleeping the thread 150 ms at a time, which under load left
/// writers asleep while the lock stood free.</item>
/// </list>
/// Microsoft.Data.Sqlite pools the native connections and they keep these settings, so each is set once per native
/// connection, not on every open (an EF query opens and closes its connection).
/// </summary>
internal sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    public static readonly SqliteConnectionPragmas Instance = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    /// <summary>The native connections already set (weak: a connection the pool drops is forgotten with it).</summary>
    private static readonly ConditionalWeakTable<object, object> Set = new();

    private static bool IsSet(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Set.TryGetValue(handle, out _);

    private static void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Set.AddOrUpdate(handle, Set);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsSet(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsSet(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }
}
