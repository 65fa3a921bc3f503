namespace PosRenewal.Infrastructure.Data;

/// <summary>Settings under <c>Database</c>; the connection string is <c>ConnectionStrings:PosRenewal</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "PosRenewal";

    /// <summary><c>Sqlite</c> (embedded default) or <c>SqlServer</c>.</summary>
    public string Provider { get; set; } = DatabaseProviders.Sqlite;

    /// <summary>Apply migrations at start. On by default for SQLite; production SQL Server uses a bundle or script.</summary>
    public bool? MigrateOnStartup { get; set; }

    /// <summary>Fill an empty database with the demo cards and packages listed in the README.</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>For benchmarks: add synthetic cards until there are this many.</summary>
    public int BenchCards { get; set; }
}

public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";
    public const string SqliteMigrationsAssembly = "PosRenewal.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "PosRenewal.Migrations.SqlServer";
}
