using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PosRenewal.Infrastructure;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the web app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PosRenewalDbContext>
{
    public PosRenewalDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<PosRenewalDbContext>)DependencyInjection.UseProvider(
            new DbContextOptionsBuilder<PosRenewalDbContext>(), DatabaseProviders.Sqlite, "Data Source=design-time.db").Options);
}
