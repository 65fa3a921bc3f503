using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Infrastructure.Carriers.Simulated;
using PosRenewal.Infrastructure.Data;
using PosRenewal.Infrastructure.Payments.Sandbox;

namespace PosRenewal.Infrastructure.Simulators;

/// <summary>
/// The books of the demo's stand-ins, the Sandbox gateway and the carrier simulators: what their own databases
/// would hold. Kept out of the portal's schema and migrations; a SQLite file created on first use, whatever the
/// portal's provider, so several portal processes on one machine can share it.
/// </summary>
public sealed class SimulatorDbContext(DbContextOptions<SimulatorDbContext> options) : DbContext(options)
{
    public const string ConnectionStringName = "Simulators";

    private static readonly Type[] Configurations =
        [typeof(SandboxTradeConfiguration), typeof(SandboxRefundConfiguration), typeof(SimCarrierCardConfiguration), typeof(SimCarrierRequestConfiguration)];

    public DbSet<SandboxTrade> SandboxTrades => Set<SandboxTrade>();

    public DbSet<SandboxRefund> SandboxRefunds => Set<SandboxRefund>();

    public DbSet<SimCarrierCard> CarrierCards => Set<SimCarrierCard>();

    public DbSet<SimCarrierRequest> CarrierRequests => Set<SimCarrierRequest>();

    /// <summary>True for the entity configurations that belong here and not in the portal's model.</summary>
    public static bool Owns(Type configuration) => Configurations.Contains(configuration);

    /// <summary>
    /// <c>ConnectionStrings:Simulators</c> when given; otherwise a file beside the portal's SQLite file
    /// (<c>posrenewal.simulators.db</c>), or <c>App_Data/simulators.db</c> when the portal is on SQL Server.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, string portalConnectionString, bool portalOnSqlite, IHostEnvironment environment)
    {
        if (configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } configured)
        {
            return configured;
        }

        var file = portalOnSqlite
            ? Path.ChangeExtension(new SqliteConnectionStringBuilder(portalConnectionString).DataSource, ".simulators.db")
            : Path.Combine(environment.ContentRootPath, "App_Data", "simulators.db");
        return $"Data Source={file}";
    }

    /// <summary>Creates the file and its tables when missing (the simulators have no migrations: their state is disposable).</summary>
    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        var file = new SqliteConnectionStringBuilder(Database.GetConnectionString()).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await Database.EnsureCreatedAsync(ct);
        await Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SimulatorDbContext).Assembly, Owns);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Money>().HaveConversion<MoneyConverter>().HavePrecision(Money.Precision, Money.Scale);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<Carrier>().HaveConversion<string>().HaveMaxLength(16);
    }

    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        using (Versions.Bump(ChangeTracker))
        {
            return await base.SaveChangesAsync(cancellationToken);
        }
    }
}
