using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Imports;

namespace PosRenewal.Infrastructure.Imports;

/// <summary>
/// The card inventory CSV, read and written with CsvHelper: a header row with
/// <c>iccid,carrier,msisdn,terminal_serial,merchant,agent,status,expiry</c> (only iccid and expiry are
/// required). UTF-8 (a BOM is fine); exports start with a BOM so spreadsheet programs open Chinese text.
/// </summary>
public static class CardCsv
{
    public static readonly string[] Columns = ["iccid", "carrier", "msisdn", "terminal_serial", "merchant", "agent", "status", "expiry"];

    private static readonly string[] Required = ["iccid", "expiry"];

    private const int ReadBuffer = 64 * 1024;

    private static CsvConfiguration Config => new(CultureInfo.InvariantCulture)
    {
        PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
        MissingFieldFound = null,
        BadDataFound = null,
        TrimOptions = TrimOptions.Trim,
        DetectColumnCountChanges = false,
    };

    /// <summary>
    /// Why the file cannot be read as an inventory at all (no header, a required column missing), or null. Reads only the
    /// first line; disposes <paramref name="content"/>.
    /// </summary>
    public static async Task<string?> CheckHeaderAsync(Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, Config);
        if (!await csv.ReadAsync() || !csv.ReadHeader() || csv.HeaderRecord is null)
        {
            return "The file is empty. The first line names the columns: " + string.Join(",", Columns) + ".";
        }

        var headers = csv.HeaderRecord.Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
        var missing = Required.Where(r => !headers.Contains(r)).ToList();
        return missing.Count == 0 ? null : $"The first line must name the columns; {string.Join(" and ", missing)} is missing. Columns: {string.Join(",", Columns)}.";
    }

    /// <summary>The data lines, streamed from <paramref name="content"/> (disposed at the end); line numbers count the header as line 1.</summary>
    public static async IAsyncEnumerable<CardRow> ReadAsync(Stream content, [EnumeratorCancellation] CancellationToken ct = default)
    {
        // 64 KB reads: the file comes from the database a part at a time, and every read is an asynchronous call.
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: ReadBuffer);
        using var csv = new CsvReader(reader, Config with { BufferSize = ReadBuffer });
        await csv.ReadAsync();
        csv.ReadHeader();
        // Each column's place, looked up once from the header (-1 when the file has no such column).
        var at = Columns.Select(c => Array.FindIndex(csv.HeaderRecord ?? [], h => h.Trim().Equals(c, StringComparison.OrdinalIgnoreCase))).ToArray();
        while (await csv.ReadAsync())
        {
            ct.ThrowIfCancellationRequested();
            yield return new CardRow(csv.Parser.Row, Field(csv, at[0]), Field(csv, at[1]), Field(csv, at[2]), Field(csv, at[3]),
                Field(csv, at[4]), Field(csv, at[5]), Field(csv, at[6]), Field(csv, at[7]));
        }
    }

    /// <summary>Writes cards in the import format (so an export can be imported again), UTF-8 with a BOM.</summary>
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<(Card Card, string? AgentName)> cards, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        // Free text (merchant names) that a spreadsheet would run as a formula (=, +, -, @) is escaped.
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape });
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        await foreach (var (card, agent) in cards.WithCancellation(ct))
        {
            csv.WriteField(card.Iccid);
            csv.WriteField(card.Carrier.ToString());
            csv.WriteField(card.Msisdn);
            csv.WriteField(card.TerminalSerial);
            csv.WriteField(card.Merchant?.Name);
            csv.WriteField(agent);
            csv.WriteField(card.Status.ToString());
            csv.WriteField(card.ExpiryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await csv.NextRecordAsync();
        }
    }

    private static string? Field(CsvReader csv, int index) => index >= 0 && index < csv.Parser.Count ? csv.Parser[index]?.Trim() : null;
}
