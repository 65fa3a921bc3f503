using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Lifecycle;
using PosRenewal.Core.Reminders;
using PosRenewal.Infrastructure;
using PosRenewal.Infrastructure.Data;

// Usage: Jobs seed        — migrate and add the bench cards (Database:BenchCards), then exit.
//        Jobs csv N FILE [PREFIX] — write an inventory file of N new cards (for import; ICCIDs from 8986031, or PREFIX).
//        Jobs import FILE [WARMUP] — time a card inventory import of that file, then the same file again; with WARMUP,
//                          first import that file of other cards, untimed (a portal that has run an import before).
//        Jobs cardread    — time the card page's read of random cards: EF's compiled query against CardLookup.
//        Jobs batch N     — time a batch renewal of N cards (up to 1,000): preview, place, place again (the same
//                          submission), pay once from an agent's balance (every order paid, N activations queued).
//        Jobs run         — time the daily job (lifecycle, then reminders) on that database: the first pass
//                          (go-live: every card's state and reminders are new), the same day again (must do
//                          nothing), and the next day (the ordinary daily run). Settings come from the
//                          environment, as for the portal (ConnectionStrings__PosRenewal, ...).
// Settings read once, as the portal reads them (Program.cs): no watcher on the content root, here the repository with
// the bench's database.
var builder = Host.CreateApplicationBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
// No web server here, and no gateway: the public address only satisfies the start-up check of a real deployment.
builder.Configuration.AddInMemoryCollection([new("Portal:PublicBaseUrl", "https://bench.invalid")]);
builder.Services.AddPosRenewal(builder.Configuration, builder.Environment);
var clock = new ShiftedClock();
builder.Services.AddSingleton<TimeProvider>(clock);
using var host = builder.Build();

if (args.FirstOrDefault() == "csv")
{
    await ImportBench.WriteFileAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2], args.ElementAtOrDefault(3) ?? "8986031");
    return;
}

var seed = Stopwatch.StartNew();
await DatabaseInitializer.InitializeAsync(host.Services);
if (args.FirstOrDefault() == "seed")
{
    Console.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:0.0} s");
    return;
}

if (args.FirstOrDefault() == "import")
{
    await ImportBench.RunAsync(host.Services, args[1], args.ElementAtOrDefault(2));
    return;
}

if (args.FirstOrDefault() == "cardread")
{
    await CardReadBench.RunAsync(host.Services);
    return;
}

if (args.FirstOrDefault() == "batch")
{
    await BatchBench.RunAsync(host.Services, int.Parse(args.ElementAtOrDefault(1) ?? "1000", System.Globalization.CultureInfo.InvariantCulture));
    return;
}

var link = new Uri("https://portal.example/");
int cards;
using (var scope = host.Services.CreateScope())
{
    cards = await scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>().Cards.CountAsync();
}

Console.WriteLine($"cards: {cards:N0}");
Console.WriteLine("| pass | China date | lifecycle (s) | cards moved | reminders (s) | notifications queued | allocated (MB) | GC heap after (MB) | peak working set (MB) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var (label, days) in new[] { ("first pass (go-live)", 0), ("same day again", 0), ("next day", 1) })
{
    clock.Days = days;
    GC.Collect();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    using var scope = host.Services.CreateScope();
    var moved = await scope.ServiceProvider.GetRequiredService<CardLifecycle>()
        .RunAsync(scope.ServiceProvider.GetRequiredService<IOptions<LifecycleOptions>>().Value.GraceDays, default);
    var lifecycle = watch.Elapsed;
    var queued = await scope.ServiceProvider.GetRequiredService<ReminderJob>().RunAsync(link, default);
    watch.Stop();
    var mb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
    GC.Collect();
    Console.WriteLine($"| {label} | {PosRenewal.Core.Common.ChinaTime.Today(clock):yyyy-MM-dd} | {lifecycle.TotalSeconds:0.0} | {moved:N0} | {(watch.Elapsed - lifecycle).TotalSeconds:0.0} | {queued:N0} | {mb:N0} | {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:N0} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} |");
}

/// <summary>Imports a generated inventory file of <c>lines</c> lines through the same services as the worker.</summary>
internal static class ImportBench
{
    public static async Task RunAsync(IServiceProvider services, string path, string? warmUp)
    {
        // The file, written beforehand by "csv" (so making it does not count in memory), is queued the way the upload
        // queues it (streamed into the database a part at a time) and run the way the worker runs it.
        var lines = 0;
        await foreach (var _ in System.IO.File.ReadLinesAsync(path))
        {
            lines++;
        }

        lines--;
        Console.WriteLine($"file: {lines:N0} lines, {new FileInfo(path).Length / 1048576.0:0.0} MB");
        var worker = ActivatorUtilities.CreateInstance<PosRenewal.Infrastructure.Imports.CardImportWorker>(services);
        if (warmUp is not null)
        {
            var (_, warmResult) = await ImportAsync(services, worker, warmUp);
            Console.WriteLine($"warm-up import, untimed: {warmResult.Inserted:N0} other cards added");
        }

        Console.WriteLine("| import | time (s) | lines/s | added | updated | unchanged | peak working set (MB) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var label in new[] { "first import (all new)", "same file again" })
        {
            var (elapsed, result) = await ImportAsync(services, worker, path);
            Console.WriteLine($"| {label} | {elapsed.TotalSeconds:0.0} | {lines / elapsed.TotalSeconds:N0} | {result.Inserted:N0} | {result.Updated:N0} | {result.Unchanged:N0} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} |");
        }
    }

    /// <summary>Queues the file as the upload does and times the worker's run of it.</summary>
    private static async Task<(TimeSpan Elapsed, PosRenewal.Core.Imports.CardImport Result)> ImportAsync(IServiceProvider services, PosRenewal.Infrastructure.Imports.CardImportWorker worker, string path)
    {
        long id;
        using (var scope = services.CreateScope())
        {
            await using var content = System.IO.File.OpenRead(path);
            id = (await scope.ServiceProvider.GetRequiredService<PosRenewal.Core.Imports.IImportService>()
                .QueueAsync("bench.csv", PosRenewal.Core.Imports.ImportMode.AllOrNothing, content, new PosRenewal.Core.Audit.Actor("bench", "Admin"), default)).Id;
        }

        var watch = Stopwatch.StartNew();
        if (!await worker.RunNextAsync(default))
        {
            throw new InvalidOperationException("The worker found no queued import.");
        }

        watch.Stop();
        using var check = services.CreateScope();
        return (watch.Elapsed, await check.ServiceProvider.GetRequiredService<PosRenewalDbContext>().CardImports.AsNoTracking().SingleAsync(i => i.Id == id));
    }

    /// <summary>An inventory file of <paramref name="lines"/> new cards (10 to a merchant), written to <paramref name="path"/>.</summary>
    public static async Task WriteFileAsync(int lines, string path, string prefix)
    {
        await using var csv = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        await csv.WriteAsync("iccid,carrier,msisdn,terminal_serial,merchant,agent,status,expiry\n");
        for (var i = 0; i < lines; i++)
        {
            var body = prefix + i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
            await csv.WriteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{body}{PosRenewal.Core.Cards.Iccid.LuhnCheckDigit(body)},,139{i:D8},SN-IMPORT-{i},导入商户 {i / 10},,,{new DateOnly(2027, 1, 1).AddDays(i % 365):yyyy-MM-dd}\n"));
        }
    }
}

/// <summary>
/// The card page's read of 20,000 random cards, one at a time, each in its own request scope as the page does: the
/// statement through EF's compiled query (what SQLite used before <see cref="PosRenewal.Core.Renewals.CardLookup"/>;
/// SQL Server still does) against the lookup. CPU per read on one thread, without the page around it.
/// </summary>
internal static class CardReadBench
{
    public static async Task RunAsync(IServiceProvider services)
    {
        List<string> iccids;
        using (var scope = services.CreateScope())
        {
            iccids = await scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>().Database
                .SqlQueryRaw<string>("SELECT \"Iccid\" AS \"Value\" FROM \"Cards\" WHERE abs(random()) % 50 = 0 LIMIT 20000").ToListAsync();
        }

        var lookup = services.GetRequiredService<PosRenewal.Core.Renewals.CardLookup>();
        var ways = new (string Name, Func<PosRenewalDbContext, string, Task<bool>> Read)[]
        {
            ("EF compiled query", async (db, iccid) => await PosRenewal.Core.Renewals.CardLookup.EfQuery(db, iccid, null, default) is not null),
            ("CardLookup (prepared, connections held open)", async (db, iccid) => await lookup.FindAsync(db, iccid, null, default) is not null),
        };
        var rounds = ways.ToDictionary(w => w.Name, _ => new List<double>());
        for (var round = 0; round < 4; round++)
        {
            foreach (var (name, read) in ways)
            {
                var watch = Stopwatch.StartNew();
                foreach (var iccid in iccids)
                {
                    using var scope = services.CreateScope();
                    if (!await read(scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>(), iccid))
                    {
                        throw new InvalidOperationException($"{name} found no card {iccid}.");
                    }
                }

                // The first round warms up (JIT, page cache) and does not count.
                if (round > 0)
                {
                    rounds[name].Add(watch.Elapsed.TotalMicroseconds / iccids.Count);
                }
            }
        }

        Console.WriteLine($"{iccids.Count:N0} random cards, one thread, a request scope each; 3 counted rounds after a warm-up round");
        Console.WriteLine("| read | µs a card (median) | rounds |");
        Console.WriteLine("|---|---|---|");
        foreach (var (name, values) in rounds)
        {
            Console.WriteLine($"| {name} | {values.Order().ElementAt(values.Count / 2):0.0} | {string.Join(", ", values.Select(v => v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} |");
        }
    }
}

/// <summary>A batch of <c>count</c> cards of one agent's merchant, through the same services as the batch pages.</summary>
internal static class BatchBench
{
    public static async Task RunAsync(IServiceProvider services, int count)
    {
        long agentId;
        string iccids;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>();
            var agent = new PosRenewal.Core.Agents.Agent("Batch bench agent", PosRenewal.Core.Agents.FeeKind.Flat, 2m);
            db.LedgerEntries.Add(agent.TopUp(new PosRenewal.Core.Common.Money(count * 200m), "bench", DateTime.UtcNow));
            db.Packages.AddRange(DemoData.Packages());
            await db.SaveChangesAsync();
            var merchant = new PosRenewal.Core.Cards.Merchant("批量商户", "13800000000", agent.Id);
            db.Merchants.Add(merchant);
            var today = PosRenewal.Core.Common.ChinaTime.Today(TimeProvider.System);
            var cards = Enumerable.Range(0, count).Select(i =>
            {
                var body = (i % 3) switch { 0 => "898600", 1 => "898601", _ => "898603" } + "9" + i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
                var card = new PosRenewal.Core.Cards.Card(PosRenewal.Core.Cards.Iccid.Parse(body + PosRenewal.Core.Cards.Iccid.LuhnCheckDigit(body)),
                    today.AddDays(i % 60 - 20), PosRenewal.Core.Cards.CardStatus.Active, 100, DateTime.UtcNow);
                card.AssignTerminal(merchant, null, null, 0);
                return card;
            }).ToList();
            db.Cards.AddRange(cards);
            await db.SaveChangesAsync();
            agentId = agent.Id;
            iccids = string.Join('\n', cards.Select(c => c.Iccid));
        }

        var actor = new PosRenewal.Core.Audit.Actor("bench", "Agent");
        Console.WriteLine($"batch: {count:N0} cards");
        Console.WriteLine("| step | time (ms) |");
        Console.WriteLine("|---|---|");
        PosRenewal.Core.Batches.BatchPreview? preview = null;
        await Step("preview", async s => preview = await s.GetRequiredService<PosRenewal.Core.Batches.BatchService>().PreviewAsync(iccids, 12, agentId, default));
        string? batchNo = null;
        foreach (var label in new[] { "place", "place again (same submission)" })
        {
            await Step(label, async s => batchNo = (await s.GetRequiredService<PosRenewal.Core.Batches.BatchService>()
                .PlaceAsync(iccids, 12, agentId, actor, "bench-batch-key-0001", preview!.Total, default)).Value!.BatchNo);
        }

        await Step("pay from balance (all orders paid, activations queued)", async s =>
        {
            var paid = await s.GetRequiredService<PosRenewal.Core.Payments.IPaymentService>().PayFromBalanceAsync(batchNo!, agentId, actor, default);
            if (!paid.IsSuccess)
            {
                throw new InvalidOperationException(paid.Message);
            }
        });
        using var check = services.CreateScope();
        var queued = await check.ServiceProvider.GetRequiredService<PosRenewalDbContext>().Outbox.CountAsync(m => m.Type == PosRenewal.Core.Outbox.OutboxMessage.ActivateRenewal);
        Console.WriteLine($"activations queued: {queued:N0}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB");

        async Task Step(string label, Func<IServiceProvider, Task> action)
        {
            using var scope = services.CreateScope();
            var watch = Stopwatch.StartNew();
            await action(scope.ServiceProvider);
            Console.WriteLine($"| {label} | {watch.Elapsed.TotalMilliseconds:N0} |");
        }
    }
}

/// <summary>The system clock moved on by whole days, to run "tomorrow's" job.</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public int Days { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddDays(Days);
}
