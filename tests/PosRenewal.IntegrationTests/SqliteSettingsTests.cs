using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// Every SQLite connection of the portal and of the demo's simulators commits without waiting for the disk and waits
/// inside SQLite for a busy write lock, on its first open and on every later open of the same pooled connection.
/// </summary>
public class SqliteSettingsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Does_set_synchronous_normal_and_a_busy_timeout_on_every_open()
    {
        // The second round gets the native connections the first one gave back to the pool.
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal((1L, 30000L), await portal.WithDbAsync(db => SettingsAsync(db)));
            Assert.Equal((1L, 30000L), await portal.WithSimulatorsAsync(db => SettingsAsync(db)));
        }
    }

    /// <summary>synchronous (1 = NORMAL, SQLite's default is 2 = FULL) and busy_timeout (ms, SQLite's default 0).</summary>
    private static async Task<(long Synchronous, long BusyTimeout)> SettingsAsync(DbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            return (await ScalarAsync(connection, "PRAGMA synchronous"), await ScalarAsync(connection, "PRAGMA busy_timeout"));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
