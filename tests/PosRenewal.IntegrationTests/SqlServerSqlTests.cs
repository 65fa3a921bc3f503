using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// No SQL Server engine runs here, so SQL Server's own parser (ScriptDom, T-SQL 2022) reads what the portal would send it:
/// the migration script, and the commands the services issue, captured on their way to a server that is never opened.
/// </summary>
public class SqlServerSqlTests
{
    private const string NoServer = "Server=localhost;Database=PosRenewal;Integrated Security=false;TrustServerCertificate=true";

    [Fact]
    public void Does_generate_a_migration_script_sql_server_parses_without_an_error()
    {
        using var db = MigrationsTests.Context(DatabaseProviders.SqlServer, NoServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var parsed = Parse(script);

        var tables = parsed.Batches.SelectMany(b => b.Statements).SelectMany(Descendants).OfType<CreateTableStatement>().ToList();
        var expected = db.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct().Count();
        Assert.Equal(expected + 1, tables.Count); // and __EFMigrationsHistory
    }

    [Fact]
    public void Does_fail_the_parse_check_on_broken_sql()
    {
        using var db = MigrationsTests.Context(DatabaseProviders.SqlServer, NoServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var broken = script.Replace("CREATE TABLE [Cards] (", "CREATE TABLE [Cards] ((", StringComparison.Ordinal);

        Assert.NotEqual(script, broken);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Parse(broken));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Parse("SELECT TOP(1) [c].[Id] FROM [Cards] AS [c] WHERE [c].[Iccid] = @p LIMIT 1"));
    }

    [Fact]
    public async Task Does_send_sql_server_only_statements_it_parses_for_the_main_queries()
    {
        var captured = new List<string>();
        await using var db = Offline(captured);
        var clock = TestClock.Instance;
        var iccid = Iccid.Parse(DemoData.DemoIccid(0, 0));
        using var lookup = new CardLookup();
        var renewals = new RenewalService(db, clock, new Catalogue(clock), lookup, NullLogger<RenewalService>.Instance);
        var payments = new PaymentService(db, new PaymentGateways([]), new RefundService(db, new PaymentGateways([]), clock, NullLogger<RefundService>.Instance), clock, NullLogger<PaymentService>.Instance);

        await IgnoringEmptyAnswerAsync(() => renewals.CardExistsAsync(iccid, agentId: 7, default));
        await IgnoringEmptyAnswerAsync(() => renewals.GetCardAsync(iccid, agentId: null, promoCode: "GIFT1G", default));
        await IgnoringEmptyAnswerAsync(() => renewals.GetOrderAsync("R2611230000001", default));
        await IgnoringEmptyAnswerAsync(() => new OrderSearch(db).FindAsync(new OrderFilter(OrderStatus.Active, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), 3, "R26"), 200, default));
        await IgnoringEmptyAnswerAsync(() => new Core.Merchants.MerchantService(db, clock).ListCardsAsync(1, default));
        await IgnoringEmptyAnswerAsync(() => new Core.Merchants.MerchantService(db, clock).ListOrdersAsync(1, default));
        await IgnoringEmptyAnswerAsync(() => new Core.Agents.AgentService(db, clock).ListCardsAsync(1, new Core.Agents.AgentCardFilter(CardStatus.Active, 30, "1234"), default));
        await IgnoringEmptyAnswerAsync(() => payments.ReconcileAsync(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(30), default));

        Assert.True(captured.Count >= 8, $"only {captured.Count} statements captured");
        Assert.All(captured, sql => Parse(sql));
    }

    [Fact]
    public async Task Does_send_sql_server_set_based_writes_it_parses()
    {
        var captured = new List<string>();
        await using var db = Offline(captured);
        var now = TestClock.Instance.GetUtcNow().UtcDateTime;
        await IgnoringEmptyAnswerAsync(() => db.InsertAsync([new Core.Stickers.RenewalSticker(1, now), new Core.Stickers.RenewalSticker(2, now)], default));
        var bulk = Assert.Single(captured);
        Assert.Contains("OUTPUT INSERTED.\"Id\"", bulk);

        // The statements the daily job and the import's repeat check write with, with EF's parameter names in place of
        // their {n} markers.
        var statements = Core.Lifecycle.CardLifecycle.MoveStatements(sqlServer: true)
            .Append(Core.Imports.ImportRepeats.CreateSql(sqlServer: true))
            .Append(Core.Imports.ImportRepeats.AddSql(sqlServer: true))
            .Append(Core.Imports.ImportRepeats.FirstLinesSql(sqlServer: true))
            .Append(Core.Reminders.ReminderJob.RemindSql(sqlServer: true, suspended: false, sms: true, email: true))
            .Append(Core.Reminders.ReminderJob.RemindSql(sqlServer: true, suspended: true, sms: false, email: true))
            .Select(sql => System.Text.RegularExpressions.Regex.Replace(sql, @"\{(\d+)\}", "@p$1")).Append(bulk).ToList();

        var outputs = statements.Select(Parse).SelectMany(s => s.Batches).SelectMany(b => b.Statements).SelectMany(Descendants).OfType<OutputIntoClause>().ToList();
        Assert.Equal(3, outputs.Count); // the lifecycle's audit entries and both reminders' outbox messages
    }

    /// <summary>A SQL Server context with no server behind it: every statement it would send lands in <paramref name="captured"/>.</summary>
    private static PosRenewalDbContext Offline(List<string> captured) =>
        new((DbContextOptions<PosRenewalDbContext>)DependencyInjection
            .UseProvider(new DbContextOptionsBuilder<PosRenewalDbContext>(), DatabaseProviders.SqlServer, NoServer)
            .AddInterceptors(new OfflineServer(captured)).Options);

    /// <summary>Runs a service call for the SQL it sends; with no rows to read, some calls end in "sequence contains no elements".</summary>
    private static async Task IgnoringEmptyAnswerAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is InvalidOperationException or IndexOutOfRangeException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
        }
    }

    private static TSqlScript Parse(string sql)
    {
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")) + "\n" + sql);
        var script = Assert.IsType<TSqlScript>(fragment);
        Assert.NotEmpty(script.Batches);
        return script;
    }

    private static IEnumerable<TSqlFragment> Descendants(TSqlFragment fragment)
    {
        var all = new List<TSqlFragment>();
        fragment.Accept(new Collector(all));
        return all;
    }

    private sealed class Collector(List<TSqlFragment> all) : TSqlFragmentVisitor
    {
        public override void Visit(TSqlFragment fragment) => all.Add(fragment);
    }

    /// <summary>Keeps every command's text and answers it with no rows, never opening the connection.</summary>
    private sealed class OfflineServer(List<string> captured) : DbCommandInterceptor, IDbConnectionInterceptor
    {
        public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken ct = default) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) => InterceptionResult.Suppress();

        public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken ct = default)
        {
            captured.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<DbDataReader>.SuppressWithResult(new DataTable().CreateDataReader()));
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken ct = default)
        {
            captured.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<object>.SuppressWithResult(0));
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
        {
            captured.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(0));
        }
    }
}
