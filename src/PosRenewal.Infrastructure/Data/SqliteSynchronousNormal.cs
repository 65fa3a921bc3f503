using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PosRenewal.Infrastructure.Data;

/// <summary>
/// <c>PRAGMA synchronous=NORMAL</c> on every SQLite connection the portal opens (the setting is per connection). With WAL
/// (set once by <see cref="DatabaseInitializer"/>) a commit then no longer waits for the disk: the database stays
/// consistent, a crash of the portal loses nothing committed, and only a power cut or an operating-system crash may
/// roll back the last commits. SQL Server, the production database, is not affected.
/// </summary>
internal sealed class SqliteSynchronousNormal : DbConnectionInterceptor
{
    public static readonly SqliteSynchronousNormal Instance = new();

    private const string Pragma = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
