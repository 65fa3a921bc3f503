using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Imports;

/// <summary>One line of an inventory file as read, before any checking. <see cref="Line"/> counts the header as line 1.</summary>
public sealed record CardRow(int Line, string? Iccid, string? Carrier, string? Msisdn, string? TerminalSerial, string? Merchant, string? Agent, string? Status, string? Expiry);

/// <summary>
/// Runs an inventory import: first reads the whole file and checks every line with the same rules as the
/// pages (ICCID, carrier from the prefix, dates, lengths, known agents, one ICCID once: <see cref="ImportRepeats"/>), then — unless the
/// import is all-or-nothing and some line was refused — upserts the valid lines by ICCID in batches.
/// Re-importing the same file changes nothing. Progress is written after every batch.
/// </summary>
public sealed class CardImporter(IPosRenewalDb db, TimeProvider clock, ILogger<CardImporter> logger)
{
    public const int BatchSize = 5000;

    /// <summary>A line that passed every check.</summary>
    private sealed record ValidRow(int Line, Iccid Iccid, string? Msisdn, string? TerminalSerial, string? Merchant, Agent? Agent, CardStatus Status, DateOnly Expiry);

    public async Task RunAsync(long importId, Func<IAsyncEnumerable<CardRow>> rows, CancellationToken ct)
    {
        await using var session = await db.Database.BulkSessionAsync(temporaryInMemory: false, ct);
        var import = await db.CardImports.SingleAsync(i => i.Id == importId, ct);
        var agents = await db.Agents.AsNoTracking().ToListAsync(ct);
        db.CardImportErrors.RemoveRange(await db.CardImportErrors.Where(e => e.ImportId == importId).ToListAsync(ct));
        (import.Inserted, import.Updated, import.Unchanged, import.RejectedLines, import.ProcessedLines, import.Message) = (0, 0, 0, 0, 0, null);
        import.Status = ImportStatus.Validating;
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        var rejected = new HashSet<int>();
        var errors = new List<CardImportError>();
        var lines = 0;
        // A batch of checked lines: the text of the ICCID as written, the ICCID when the line passed, else why not.
        var batch = new List<(int Line, string? Text, string? Iccid, string? Reason)>(BatchSize);
        await using (var repeats = await ImportRepeats.CreateAsync(db, ct))
        {
            async Task RejectAsync()
            {
                var repeated = await repeats.CheckAsync(batch.Where(r => r.Iccid is not null).Select(r => (r.Iccid!, r.Line)).ToList(), ct);
                foreach (var (line, text, _, reason) in batch)
                {
                    var why = reason ?? (repeated.TryGetValue(line, out var first) ? $"This ICCID is already on line {first}: each card once per file." : null);
                    if (why is not null && rejected.Add(line) && rejected.Count <= CardImport.MaxErrorsKept)
                    {
                        errors.Add(new CardImportError(importId, line, text, why));
                    }
                }

                batch.Clear();
            }

            await foreach (var row in rows().WithCancellation(ct))
            {
                lines++;
                var (valid, reason) = Check(row, agents);
                batch.Add((row.Line, row.Iccid, valid?.Iccid.Value, reason));
                if (batch.Count == BatchSize)
                {
                    await RejectAsync();
                    await ReportAsync(importId, ImportStatus.Validating, lines, ct);
                }
            }

            await RejectAsync();
        }

        db.CardImportErrors.AddRange(errors);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await db.CardImports.Where(i => i.Id == importId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.TotalLines, lines).SetProperty(i => i.RejectedLines, rejected.Count), ct);

        if (import.Mode == ImportMode.AllOrNothing && rejected.Count > 0)
        {
            await FinishAsync(importId, ImportStatus.Rejected, $"{rejected.Count} of {lines} lines were refused, so nothing was imported (all or nothing). Correct them and upload the file again.", ct);
            return;
        }

        await ReportAsync(importId, ImportStatus.Writing, 0, ct);
        var valids = new List<ValidRow>(BatchSize);
        var done = 0;
        await foreach (var row in rows().WithCancellation(ct))
        {
            done++;
            if (!rejected.Contains(row.Line) && Check(row, agents).Valid is { } valid)
            {
                valids.Add(valid);
            }

            if (valids.Count == BatchSize)
            {
                await WriteAsync(importId, valids, ct);
                valids.Clear();
                await ReportAsync(importId, ImportStatus.Writing, done, ct);
            }
        }

        await WriteAsync(importId, valids, ct);
        await ReportAsync(importId, ImportStatus.Writing, done, ct);
        var result = await db.CardImports.AsNoTracking().SingleAsync(i => i.Id == importId, ct);
        await FinishAsync(importId, ImportStatus.Done,
            $"{result.Inserted} added, {result.Updated} updated, {result.Unchanged} unchanged, {result.RejectedLines} refused.", ct);
        logger.LogInformation("Card import {Id}: {Lines} lines, {Inserted} added, {Updated} updated, {Unchanged} unchanged, {Rejected} refused",
            importId, lines, result.Inserted, result.Updated, result.Unchanged, result.RejectedLines);
    }

    /// <summary>Every rule a line must pass, with the reason for the first it fails.</summary>
    private static (ValidRow? Valid, string? Reason) Check(CardRow row, List<Agent> agents)
    {
        if (!Cards.Iccid.TryParse(row.Iccid, out var iccid, out var error))
        {
            return (null, $"ICCID: {error.Describe(row.Iccid)}");
        }

        if (!string.IsNullOrWhiteSpace(row.Carrier) && ParseCarrier(row.Carrier) != iccid.Carrier)
        {
            return (null, ParseCarrier(row.Carrier) is null
                ? "Carrier: write ChinaMobile, ChinaUnicom or ChinaTelecom (or 中国移动, 中国联通, 中国电信), or leave it empty to take it from the ICCID."
                : $"Carrier: the ICCID belongs to {iccid.Carrier}, not {row.Carrier.Trim()}.");
        }

        var msisdn = Clean(row.Msisdn);
        if (msisdn is not null && (msisdn.Length is < 5 or > Card.MsisdnMaxLength || !msisdn.All(char.IsAsciiDigit)))
        {
            return (null, "MSISDN: the card's phone number is 5 to 20 digits.");
        }

        var serial = Clean(row.TerminalSerial);
        if (serial is not null && (serial.Length > Card.TerminalSerialMaxLength || serial.Any(char.IsControl)))
        {
            return (null, "Terminal serial: at most 40 characters, no control characters.");
        }

        var merchant = Clean(row.Merchant);
        if (merchant is not null && (merchant.Length > Cards.Merchant.NameMaxLength || merchant.Any(char.IsControl)))
        {
            return (null, "Merchant: a name of at most 100 characters, no control characters.");
        }

        Agent? agent = null;
        var agentText = Clean(row.Agent);
        if (agentText is not null)
        {
            agent = agents.FirstOrDefault(a => a.Name == agentText || a.Id.ToString(CultureInfo.InvariantCulture) == agentText);
            if (agent is null)
            {
                return (null, "Agent: no agent has this name or number. Agents are created by an administrator first.");
            }

            if (merchant is null)
            {
                return (null, "Merchant: an agent serves merchants, so give the merchant too.");
            }
        }

        var status = CardStatus.Active;
        if (Clean(row.Status) is { } statusText && (!Enum.TryParse(statusText, ignoreCase: true, out status) || !Enum.IsDefined(status)))
        {
            return (null, "Status: write Active, ExpiringSoon, Expired, Suspended or Deactivated, or leave it empty for Active.");
        }

        if (!TryParseExpiry(Clean(row.Expiry), out var expiry) || expiry.Year is < 2000 or > 2100)
        {
            return (null, "Expiry: a date such as 2027-03-31, the last day of service.");
        }

        return (new ValidRow(row.Line, iccid, msisdn, serial, merchant, agent, status, expiry), null);
    }

    /// <summary>
    /// An expiry as files write it: 2027-03-31, 2027/03/31, 2027/3/31 or 2027-3-31 (a four-digit year, then month and day
    /// of one or two digits, the same separator twice). Read by hand: the framework's culture-aware exact parse of four
    /// formats took a third of a large import.
    /// </summary>
    public static bool TryParseExpiry(string? text, out DateOnly expiry)
    {
        expiry = default;
        if (text is not { Length: >= 8 and <= 10 } || text[4] is not ('-' or '/'))
        {
            return false;
        }

        var separator = text[4];
        var second = text.IndexOf(separator, 5);
        if (second - 5 is < 1 or > 2 || text.Length - second - 1 is < 1 or > 2
            || !Number(text.AsSpan(0, 4), out var year) || !Number(text.AsSpan(5, second - 5), out var month) || !Number(text.AsSpan(second + 1), out var day)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        expiry = new DateOnly(year, month, day);
        return true;

        static bool Number(ReadOnlySpan<char> digits, out int value) =>
            int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }

    private static Carrier? ParseCarrier(string text) => text.Trim() switch
    {
        "中国移动" or "移动" => Carrier.ChinaMobile,
        "中国联通" or "联通" => Carrier.ChinaUnicom,
        "中国电信" or "电信" => Carrier.ChinaTelecom,
        var t when Enum.TryParse<Carrier>(t, ignoreCase: true, out var carrier) && Enum.IsDefined(carrier) => carrier,
        _ => null,
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// Upserts one batch in one transaction: merchants by name (created when new), cards by ICCID. New merchants and new
    /// cards are written set-based (<see cref="BulkSql"/>); a card we have is changed through EF, which checks its
    /// <c>Version</c> (and tells the card page).
    /// </summary>
    private async Task WriteAsync(long importId, List<ValidRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var (inserted, updated, unchanged) = await db.InTransactionAsync(async () =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var names = rows.Select(r => r.Merchant).OfType<string>().Distinct().ToList();
            var merchants = await MerchantsNamedAsync(names, ct);
            var missing = rows.Where(r => r.Merchant is not null && !merchants.ContainsKey(r.Merchant))
                .DistinctBy(r => r.Merchant).Select(r => new Merchant(r.Merchant!, null, r.Agent?.Id)).ToList();
            if (missing.Count > 0)
            {
                await db.InsertAsync(missing, ct);
                merchants = await MerchantsNamedAsync(names, ct);
            }

            var iccids = rows.Select(r => r.Iccid.Value).ToList();
            // The lists go as one parameter each (a JSON array), not a parameter an item: SQLite binds parameters by name.
            var cards = await db.Cards.Where(c => EF.Parameter(iccids).Contains(c.Iccid)).ToDictionaryAsync(c => c.Iccid, ct);
            var added = new List<Card>();
            int changed = 0, same = 0;
            foreach (var row in rows)
            {
                var merchant = row.Merchant is null ? null : merchants[row.Merchant];
                if (cards.TryGetValue(row.Iccid.Value, out var card))
                {
                    if (merchant is not null)
                    {
                        db.Merchants.Attach(merchant); // as it is: the card's save must not write it
                    }

                    _ = card.UpdateFromInventory(merchant, row.Msisdn, row.TerminalSerial, row.Expiry, now) ? changed++ : same++;
                    continue;
                }

                // A new card takes the file's terminal, phone number and merchant the way a known one does.
                card = new Card(row.Iccid, row.Expiry, row.Status, 0, now);
                card.UpdateFromInventory(merchant, row.Msisdn, row.TerminalSerial, row.Expiry, now);
                added.Add(card);
            }

            if (changed > 0)
            {
                await db.SaveChangesAsync(ct);
            }

            await db.InsertAsync(added, ct);
            return (added.Count, changed, same);
        }, ct);
        db.ChangeTracker.Clear();
        await db.CardImports.Where(i => i.Id == importId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Inserted, i => i.Inserted + inserted)
            .SetProperty(i => i.Updated, i => i.Updated + updated)
            .SetProperty(i => i.Unchanged, i => i.Unchanged + unchanged), ct);
    }

    /// <summary>The merchants with these names (the first, when several share one); not tracked (a new card only needs the id).</summary>
    private async Task<Dictionary<string, Merchant>> MerchantsNamedAsync(List<string> names, CancellationToken ct) =>
        (await db.Merchants.AsNoTracking().Where(m => EF.Parameter(names).Contains(m.Name)).ToListAsync(ct))
            .GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.OrderBy(m => m.Id).First());

    private Task ReportAsync(long importId, ImportStatus status, int processed, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.CardImports.Where(i => i.Id == importId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, status).SetProperty(i => i.ProcessedLines, processed).SetProperty(i => i.HeartbeatAtUtc, now), ct);
    }

    private Task FinishAsync(long importId, ImportStatus status, string message, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.CardImports.Where(i => i.Id == importId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, status).SetProperty(i => i.Message, message).SetProperty(i => i.FinishedAtUtc, now)
            .SetProperty(i => i.LockedBy, (string?)null), ct);
    }
}
