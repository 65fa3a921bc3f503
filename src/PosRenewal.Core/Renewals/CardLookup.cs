using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Renewals;

/// <summary>
/// The card page's read: the card, its merchant and whether a paid renewal is still being activated, in one statement,
/// on SQLite kept prepared on a few connections held open for the process. Through EF the same read cost three to four
/// times as much CPU: Microsoft.Data.Sqlite prepares every command afresh (SQLite parses and plans this statement in
/// about 35 µs) and registers EF's SQL functions on every open (about 20 µs), while the prepared statement runs in about
/// 16 µs. Rows become entities through EF's model (each mapped column, its value converter, the member EF sets), so the
/// mapping has one source. SQL Server keeps EF's compiled query (<see cref="EfQuery"/>): its plan is cached by the server
/// and its connections are pooled by the client.
/// </summary>
public sealed class CardLookup : IDisposable
{
    /// <summary>At most this many open connections; a visit that finds them all busy waits for one (a read takes microseconds).</summary>
    private static readonly int MaxLanes = Math.Max(4, 2 * Environment.ProcessorCount);

    private readonly SemaphoreSlim lanesLeft = new(MaxLanes);
    private readonly ConcurrentBag<Lane> idle = new();
    private Statement? statement;

    public sealed record Row(Card Card, bool Activating);

    /// <summary>
    /// The same read through EF, compiled once: what SQL Server runs. A compiled query keeps the SQL of the first provider
    /// it ran on, so in the portal it serves SQL Server only (the card-read bench runs it on SQLite for comparison).
    /// </summary>
    public static readonly Func<DbContext, string, long?, CancellationToken, Task<Row?>> EfQuery =
        EF.CompileAsyncQuery((DbContext db, string iccid, long? agentId, CancellationToken ct) => db.Set<Card>().AsNoTracking().Include(c => c.Merchant)
            .Where(c => c.Iccid == iccid && (agentId == null || c.Merchant!.AgentId == agentId))
            .Select(c => new Row(c, db.Set<RenewalOrder>().Any(o => o.CardId == c.Id && RenewalOrder.AwaitingActivation.Contains(o.Status))))
            .SingleOrDefault());

    /// <summary>The card by ICCID (for an agent, only among their merchants' cards), or null.</summary>
    public async Task<Row?> FindAsync(DbContext context, string iccid, long? agentId, CancellationToken ct)
    {
        if (context.Database.IsSqlServer())
        {
            return await EfQuery(context, iccid, agentId, ct);
        }

        var sql = statement ??= new Statement(context);
        await lanesLeft.WaitAsync(ct);
        Lane? lane = null;
        try
        {
            lane = idle.TryTake(out var free) ? free : await Lane.OpenAsync(sql, context.Database.GetDbConnection(), ct);
            var row = await lane.ReadAsync(sql, iccid, agentId, ct);
            idle.Add(lane);
            lane = null;
            return row;
        }
        finally
        {
            // A lane whose read failed may have a broken connection: it is dropped, and the next visit opens a new one.
            lane?.Dispose();
            lanesLeft.Release();
        }
    }

    public void Dispose()
    {
        while (idle.TryTake(out var lane))
        {
            lane.Dispose();
        }

        lanesLeft.Dispose();
    }

    /// <summary>The statement's text (with and without the agent's filter) and how its columns become a card and its merchant.</summary>
    private sealed class Statement
    {
        public Statement(DbContext context)
        {
            var model = context.Model;
            var card = model.FindEntityType(typeof(Card))!;
            var merchant = model.FindEntityType(typeof(Merchant))!;
            var order = model.FindEntityType(typeof(RenewalOrder))!;
            Card = new Materializer(card, 0);
            Merchant = new Materializer(merchant, Card.Columns.Count);
            MerchantNavigation = card.FindNavigation(nameof(Cards.Card.Merchant))!;
            string Column(IEntityType type, string property) => $"\"{type.FindProperty(property)!.GetColumnName()}\"";
            var status = order.FindProperty(nameof(RenewalOrder.Status))!;
            var activating = string.Join(", ", RenewalOrder.AwaitingActivation.Select(s => $"'{status.GetTypeMapping().Converter?.ConvertToProvider(s) ?? s}'"));
            Text = "SELECT " + string.Join(", ", Card.Columns.Select(c => $"\"c\".\"{c}\"").Concat(Merchant.Columns.Select(c => $"\"m\".\"{c}\"")))
                + $", CASE WHEN EXISTS (SELECT 1 FROM \"{order.GetTableName()}\" AS \"o\" WHERE \"o\".{Column(order, nameof(RenewalOrder.CardId))} = \"c\".{Column(card, nameof(Cards.Card.Id))}"
                + $" AND \"o\".{Column(order, nameof(RenewalOrder.Status))} IN ({activating})) THEN 1 ELSE 0 END"
                + $" FROM \"{card.GetTableName()}\" AS \"c\" LEFT JOIN \"{merchant.GetTableName()}\" AS \"m\" ON \"c\".{Column(card, nameof(Cards.Card.MerchantId))} = \"m\".{Column(merchant, nameof(Cards.Merchant.Id))}"
                + $" WHERE \"c\".{Column(card, nameof(Cards.Card.Iccid))} = @iccid";
            AgentText = Text + $" AND \"m\".{Column(merchant, nameof(Cards.Merchant.AgentId))} = @agentId";
        }

        public string Text { get; }

        public string AgentText { get; }

        public Materializer Card { get; }

        public Materializer Merchant { get; }

        public INavigation MerchantNavigation { get; }
    }

    /// <summary>One open connection with the statement prepared on it (with and without the agent's filter).</summary>
    private sealed class Lane : IDisposable
    {
        private readonly DbConnection connection;
        private readonly DbCommand all;
        private readonly DbCommand agents;

        private Lane(DbConnection connection)
        {
            this.connection = connection;
            all = connection.CreateCommand();
            agents = connection.CreateCommand();
        }

        public static async Task<Lane> OpenAsync(Statement sql, DbConnection template, CancellationToken ct)
        {
            var connection = DbProviderFactories.GetFactory(template)!.CreateConnection()!;
            connection.ConnectionString = template.ConnectionString;
            var lane = new Lane(connection);
            try
            {
                await connection.OpenAsync(ct);
                await Prepare(lane.all, sql.Text, ct);
                await Prepare(lane.agents, sql.AgentText, ct, "@agentId");
                return lane;
            }
            catch
            {
                lane.Dispose();
                throw;
            }
        }

        private static async Task Prepare(DbCommand command, string text, CancellationToken ct, params string[] more)
        {
            command.CommandText = text;
            foreach (var name in more.Prepend("@iccid"))
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }

            await command.PrepareAsync(ct);
        }

        public async Task<Row?> ReadAsync(Statement sql, string iccid, long? agentId, CancellationToken ct)
        {
            var command = agentId is null ? all : agents;
            command.Parameters[0].Value = iccid;
            if (agentId is { } agent)
            {
                command.Parameters[1].Value = agent;
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            var card = (Card)sql.Card.Read(reader);
            if (card.MerchantId is not null)
            {
                Set(sql.MerchantNavigation, card, sql.Merchant.Read(reader));
            }

            return new Row(card, reader.GetInt32(sql.Merchant.First + sql.Merchant.Columns.Count) == 1);
        }

        public void Dispose()
        {
            all.Dispose();
            agents.Dispose();
            connection.Dispose();
        }
    }

    /// <summary>Makes an entity from its columns, starting at <see cref="First"/>, the way EF's model maps them.</summary>
    private sealed class Materializer
    {
        private readonly Func<object> create;
        private readonly (IProperty Property, Type Stored, ValueConverter? Converter)[] properties;

        public Materializer(IEntityType type, int first)
        {
            First = first;
            var constructor = type.ClrType.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes)
                ?? throw new InvalidOperationException($"{type.ClrType.Name} has no parameterless constructor for EF.");
            create = () => constructor.Invoke(null);
            properties = type.GetProperties().Where(p => !p.IsShadowProperty()).Select(p =>
            {
                var converter = p.GetTypeMapping().Converter;
                var stored = converter?.ProviderClrType ?? p.ClrType;
                return (p, Nullable.GetUnderlyingType(stored) ?? stored, converter);
            }).ToArray();
            Columns = properties.Select(p => p.Property.GetColumnName()).ToList();
        }

        public int First { get; }

        public IReadOnlyList<string> Columns { get; }

        public object Read(DbDataReader reader)
        {
            var entity = create();
            for (var i = 0; i < properties.Length; i++)
            {
                var (property, stored, converter) = properties[i];
                var ordinal = First + i;
                object? value = reader.IsDBNull(ordinal) ? null : stored switch
                {
                    _ when stored == typeof(string) => reader.GetString(ordinal),
                    _ when stored == typeof(long) => reader.GetInt64(ordinal),
                    _ when stored == typeof(int) => reader.GetInt32(ordinal),
                    _ when stored == typeof(bool) => reader.GetBoolean(ordinal),
                    _ when stored == typeof(decimal) => reader.GetDecimal(ordinal),
                    _ when stored == typeof(DateTime) => reader.GetDateTime(ordinal),
                    _ when stored == typeof(DateOnly) => reader.GetFieldValue<DateOnly>(ordinal),
                    _ => throw new NotSupportedException($"{property.Name}: a {stored.Name} column is not read by the card lookup."),
                };
                Set(property, entity, value is not null && converter is not null ? converter.ConvertFromProvider(value) : value);
            }

            return entity;
        }
    }

    /// <summary>Sets a mapped member the way EF does when it materializes: through the backing field when there is one.</summary>
    private static void Set(IPropertyBase property, object entity, object? value)
    {
        if (property.FieldInfo is { } field)
        {
            field.SetValue(entity, value);
        }
        else
        {
            property.PropertyInfo!.SetValue(entity, value);
        }
    }
}
