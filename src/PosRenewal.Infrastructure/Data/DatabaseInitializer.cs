using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PosRenewal.Infrastructure.Identity;

namespace PosRenewal.Infrastructure.Data;

/// <summary>Runs at start: migrates (SQLite by default), then seeds demo and benchmark data if asked.</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var db = scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var isSqlite = db.Database.IsSqlite();

        if (options.MigrateOnStartup ?? isSqlite)
        {
            if (isSqlite)
            {
                var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
                var directory = Path.GetDirectoryName(Path.GetFullPath(file));
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }
            }

            await db.Database.MigrateAsync(ct);
            if (isSqlite)
            {
                // WAL lets readers (card pages) run while a payment is being written.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }

            logger.LogInformation("Database migrated ({Provider})", db.Database.ProviderName);
        }

        // Create the first data-protection key now, not at the first request: instances started together would each
        // make their own at their first request and cache only it, refusing each other's antiforgery tokens.
        var keys = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>();
        if (!keys.GetAllKeys().Any())
        {
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            keys.CreateNewKey(now, now.AddDays(90));
        }

        if (scope.ServiceProvider.GetService<Simulators.SimulatorDbContext>() is { } simulators)
        {
            await simulators.EnsureCreatedAsync(ct);
        }

        await AccountSeed.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        if (options.SeedDemoData && await DemoData.SeedAsync(db, clock, ct))
        {
            logger.LogInformation("Demo data seeded");
        }

        // Demo credentials (published in the README) exist only in demo mode, whatever else the configuration says.
        if (options.SeedDemoData && scope.ServiceProvider.GetRequiredService<IOptions<PortalOptions>>().Value.DemoMode)
        {
            await AccountSeed.SeedDemoUsersAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), db, ct);
        }

        if (options.BenchCards > 0)
        {
            var added = await DemoData.SeedBenchCardsAsync(db, clock, options.BenchCards, ct);
            logger.LogInformation("Benchmark cards: added {Added}, target {Target}", added, options.BenchCards);
        }
    }
}
