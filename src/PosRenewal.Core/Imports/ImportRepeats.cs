using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Imports;

/// <summary>
/// The ICCIDs an import has read so far, with the line each came first on, kept in a temporary table of the import's
/// own connection (SQLite: a temporary file; SQL Server: tempdb) instead of in memory, so a file of any length is checked
/// in the same memory. Each batch of lines adds the ICCIDs it names first; only when some were there already does it ask
/// on which lines (one statement a batch for a file without repeats). Needs the connection
/// held open for the whole run (<see cref="BulkSql.BulkSessionAsync"/>); dispose to drop the table.
/// </summary>
public sealed class ImportRepeats : IAsyncDisposable
{
    private readonly IPosRenewalDb _db;
    private readonly bool _sqlServer;

    private ImportRepeats(IPosRenewalDb db)
    {
        _db = db;
        _sqlServer = db.Database.IsSqlServer();
    }

    /// <summary>
    /// Makes the table empty. No parameters, so SQL Server runs it as a batch of its own (not through <c>sp_executesql</c>,
    /// whose temporary tables end with it). ICCIDs are compared byte for byte: the importer has already made them canonical.
    /// </summary>
    public static string CreateSql(bool sqlServer) => sqlServer
        ? "DROP TABLE IF EXISTS #ImportIccids; CREATE TABLE #ImportIccids (Iccid varchar(20) COLLATE Latin1_General_BIN2 NOT NULL PRIMARY KEY, Line int NOT NULL);"
        : "DROP TABLE IF EXISTS temp.\"ImportIccids\"; CREATE TEMP TABLE \"ImportIccids\" (\"Iccid\" TEXT NOT NULL PRIMARY KEY, \"Line\" INTEGER NOT NULL) WITHOUT ROWID;";

    /// <summary>Adds the ICCIDs of a batch (parameter {0}: a JSON array of [iccid, line], each ICCID once) that no earlier batch had; answers how many.</summary>
    public static string AddSql(bool sqlServer) => sqlServer
        ? "INSERT INTO #ImportIccids (Iccid, Line) SELECT b.Iccid, b.Line FROM OPENJSON({0}) WITH (Iccid varchar(20) '$[0]', Line int '$[1]') AS b " +
          "WHERE NOT EXISTS (SELECT 1 FROM #ImportIccids AS t WHERE t.Iccid = b.Iccid)"
        : "INSERT INTO temp.\"ImportIccids\" (\"Iccid\", \"Line\") SELECT value ->> 0, value ->> 1 FROM jsonb_each({0}) WHERE true ON CONFLICT DO NOTHING";

    /// <summary>The first line of each ICCID of a batch (parameter {0}, as for <see cref="AddSql"/>).</summary>
    public static string FirstLinesSql(bool sqlServer) => sqlServer
        ? "SELECT t.Iccid, t.Line FROM OPENJSON({0}) WITH (Iccid varchar(20) '$[0]') AS b JOIN #ImportIccids AS t ON t.Iccid = b.Iccid"
        : "SELECT t.\"Iccid\", t.\"Line\" FROM jsonb_each({0}) AS b JOIN temp.\"ImportIccids\" AS t ON t.\"Iccid\" = b.value ->> 0";

    private static string DropSql(bool sqlServer) => sqlServer ? "DROP TABLE IF EXISTS #ImportIccids;" : "DROP TABLE IF EXISTS temp.\"ImportIccids\";";

    public static async Task<ImportRepeats> CreateAsync(IPosRenewalDb db, CancellationToken ct)
    {
        var repeats = new ImportRepeats(db);
        await db.Database.ExecuteSqlRawAsync(CreateSql(repeats._sqlServer), ct);
        return repeats;
    }

    /// <summary>
    /// The lines of <paramref name="batch"/> (ICCID and line, in file order) whose ICCID came on an earlier line, each with
    /// that first line; the other lines' ICCIDs are remembered for the batches after.
    /// </summary>
    public async Task<Dictionary<int, int>> CheckAsync(IReadOnlyList<(string Iccid, int Line)> batch, CancellationToken ct)
    {
        // Each ICCID's first line in the batch, then, when an earlier batch had some of them, its line there.
        var first = new Dictionary<string, int>(batch.Count);
        var named = new List<(string Iccid, int Line)>(batch.Count);
        foreach (var (iccid, line) in batch)
        {
            if (first.TryAdd(iccid, line))
            {
                named.Add((iccid, line));
            }
        }

        var json = named.Count > 0 ? Json(named) : null;
        if (json is not null && await _db.Database.ExecuteSqlRawAsync(AddSql(_sqlServer), [json], ct) < named.Count)
        {
            await foreach (var earlier in _db.Database.SqlQueryRaw<Earlier>(FirstLinesSql(_sqlServer), json).AsAsyncEnumerable().WithCancellation(ct))
            {
                first[earlier.Iccid] = earlier.Line;
            }
        }

        var repeated = new Dictionary<int, int>();
        foreach (var (iccid, line) in batch)
        {
            if (first[iccid] != line)
            {
                repeated[line] = first[iccid];
            }
        }

        return repeated;
    }

    public async ValueTask DisposeAsync() => await _db.Database.ExecuteSqlRawAsync(DropSql(_sqlServer));

    /// <summary>[["8986…", 2], …]: an ICCID is canonical (digits and capital letters), so nothing in it needs escaping.</summary>
    private static string Json(IReadOnlyList<(string Iccid, int Line)> rows)
    {
        var json = new StringBuilder(rows.Count * 30).Append('[');
        foreach (var (iccid, line) in rows)
        {
            json.Append(CultureInfo.InvariantCulture, $"[\"{iccid}\",{line}],");
        }

        json[^1] = ']';
        return json.ToString();
    }

    private sealed class Earlier
    {
        public string Iccid { get; init; } = "";

        public int Line { get; init; }
    }
}
