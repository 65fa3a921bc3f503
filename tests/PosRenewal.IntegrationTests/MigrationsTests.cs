using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Infrastructure;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// Both providers' migrations and models, checked without a database server: a mapping SQL Server
/// cannot take, or a model change without a migration, fails here.
/// </summary>
public class MigrationsTests
{
    private const string NoServer = "Server=localhost;Database=PosRenewal;Integrated Security=false;TrustServerCertificate=true";

    public static PosRenewalDbContext Context(string provider, string connectionString) =>
        new((DbContextOptions<PosRenewalDbContext>)DependencyInjection.UseProvider(
            new DbContextOptionsBuilder<PosRenewalDbContext>(), provider, connectionString).Options);

    [Theory]
    [InlineData(DatabaseProviders.Sqlite, "Data Source=:memory:")]
    [InlineData(DatabaseProviders.SqlServer, NoServer)]
    public void Does_have_a_migration_for_every_model_change(string provider, string connectionString)
    {
        using var db = Context(provider, connectionString);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} model has changes without a migration: run dotnet ef migrations add.");
    }

    [Fact]
    public void Does_generate_an_idempotent_sql_server_script_without_a_server()
    {
        using var db = Context(DatabaseProviders.SqlServer, NoServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("CREATE TABLE [Cards]", script);
        Assert.Contains($"[Iccid] varchar({Iccid.MaxLength}) NOT NULL", script);
        Assert.Contains("[Version] int NOT NULL", script);
        Assert.Contains($"[Total] decimal({Money.Precision},{Money.Scale}) NOT NULL", script);
        Assert.Contains("[ExpiryDate] date NOT NULL", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Orders_OpenSlot] ON [Orders] ([OpenSlot]) WHERE [OpenSlot] IS NOT NULL", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_PaymentAttempts_Gateway_GatewayTransactionId]", script);
    }

    [Fact]
    public void Does_map_concurrency_tokens_as_application_versions_on_sql_server()
    {
        using var db = Context(DatabaseProviders.SqlServer, NoServer);
        foreach (var type in new[] { typeof(Card), typeof(Core.Renewals.RenewalOrder), typeof(Core.Payments.PaymentAttempt) })
        {
            var version = db.Model.FindEntityType(type)!.FindProperty(nameof(IVersioned.Version))!;
            Assert.True(version.IsConcurrencyToken, type.Name);
            Assert.Equal("int", version.GetColumnType());
        }
    }

    [Fact]
    public async Task Does_migrate_an_empty_sqlite_file_and_reject_a_stale_update()
    {
        var path = Path.Combine(Path.GetTempPath(), $"posrenewal-migrate-{Guid.NewGuid():N}.db");
        try
        {
            await using (var db = Context(DatabaseProviders.Sqlite, $"Data Source={path}"))
            {
                await db.Database.MigrateAsync();
                db.Cards.Add(new Card(Iccid.Parse(DemoData.DemoIccid(0, 0)), new DateOnly(2027, 1, 1), CardStatus.Active, 100, TestClock.UtcNow));
                await db.SaveChangesAsync();
            }

            await StaleUpdateIsRejectedAsync(() => Context(DatabaseProviders.Sqlite, $"Data Source={path}"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [SqlServerFact]
    public async Task Does_migrate_sql_server_and_reject_a_stale_update_when_a_server_is_given()
    {
        var builder = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(SqlServerFactAttribute.ConnectionString)
        {
            InitialCatalog = $"PosRenewalTest_{Guid.NewGuid():N}",
        };
        await using var db = Context(DatabaseProviders.SqlServer, builder.ConnectionString);
        try
        {
            await db.Database.MigrateAsync();
            db.Cards.Add(new Card(Iccid.Parse(DemoData.DemoIccid(0, 0)), new DateOnly(2027, 1, 1), CardStatus.Active, 100, TestClock.UtcNow));
            await db.SaveChangesAsync();
            await StaleUpdateIsRejectedAsync(() => Context(DatabaseProviders.SqlServer, builder.ConnectionString));
        }
        finally
        {
            await db.Database.EnsureDeletedAsync();
        }
    }

    private static async Task StaleUpdateIsRejectedAsync(Func<PosRenewalDbContext> newContext)
    {
        await using var first = newContext();
        await using var second = newContext();
        var a = await first.Cards.SingleAsync();
        var b = await second.Cards.SingleAsync();
        var today = new DateOnly(2026, 11, 23);

        a.ExtendBy(1, today, TestClock.UtcNow);
        await first.SaveChangesAsync();
        b.ExtendBy(3, today, TestClock.UtcNow);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = newContext();
        var card = await check.Cards.SingleAsync();
        Assert.Equal(new DateOnly(2027, 2, 1), card.ExpiryDate);
        Assert.Equal(1, card.Version);
    }
}

/// <summary>Runs only when <c>POSRENEWAL_TEST_SQLSERVER</c> holds a connection string to a SQL Server we may create databases on.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public static string? ConnectionString => Environment.GetEnvironmentVariable("POSRENEWAL_TEST_SQLSERVER");

    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = "Needs a SQL Server: set POSRENEWAL_TEST_SQLSERVER to a connection string (none runs on CI machines, which have no Docker engine).";
        }
    }
}
