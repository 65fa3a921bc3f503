using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PosRenewal.Infrastructure;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the SQL Server model without a server (no connection is opened).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PosRenewalDbContext>
{
    public PosRenewalDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<PosRenewalDbContext>)DependencyInjection.UseProvider(
            new DbContextOptionsBuilder<PosRenewalDbContext>(), DatabaseProviders.SqlServer,
            "Server=localhost;Database=PosRenewal;Integrated Security=false;TrustServerCertificate=true").Options);
}
