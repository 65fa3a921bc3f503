using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Batches;

/// <summary>One pasted line: the renewal it would be (each card extended from its own expiry), or why it cannot be renewed.</summary>
public sealed record BatchLine(int Line, string Input, RenewalQuote? Quote, string? Problem);

/// <summary>What a batch would renew and cost: every line, and the totals of the renewable ones.</summary>
public sealed record BatchPreview(int TermMonths, IReadOnlyList<BatchLine> Lines)
{
    public IEnumerable<RenewalQuote> Renewable => Lines.Select(l => l.Quote).OfType<RenewalQuote>();

    public Money Total => Renewable.Aggregate(Money.Zero, (sum, q) => sum + q.Total);

    public Money Fees => Renewable.Aggregate(Money.Zero, (sum, q) => sum + q.AgentFee);
}

/// <summary>
/// Batch renewal, first step: a list of ICCIDs (pasted, one per line, or comma/semicolon separated) and a
/// term become a preview. Each card gets its carrier's package of that term at list price plus the agent's
/// fee; lines that cannot be renewed say why (bad ICCID, repeated, not among the agent's cards,
/// deactivated, no package of that term for the carrier). Reads only.
/// </summary>
public sealed class BatchPreviewService(IPosRenewalDb db, TimeProvider clock)
{
    public const int MaxLines = 1000;

    private static readonly char[] Separators = ['\n', ',', ';', '\t', '，', '；'];

    public async Task<IReadOnlyList<int>> TermsAsync(CancellationToken ct) =>
        await db.Packages.AsNoTracking().Where(p => p.IsActive).Select(p => p.TermMonths).Distinct().OrderBy(t => t).ToListAsync(ct);

    /// <summary>The preview, or null when there are more than <see cref="MaxLines"/> lines.</summary>
    public async Task<BatchPreview?> PreviewAsync(string text, int termMonths, long? agentId, CancellationToken ct)
    {
        var inputs = text.Split(Separators).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        if (inputs.Count > MaxLines)
        {
            return null;
        }

        var parsed = inputs.Select((input, i) => (Line: i + 1, Input: input, Ok: Iccid.TryParse(input, out var iccid, out var error), Iccid: iccid, Error: error)).ToList();
        var wanted = parsed.Where(p => p.Ok).Select(p => p.Iccid!.Value).Distinct().ToList();
        var cards = agentId is null ? db.Cards : db.Cards.Where(c => c.Merchant!.AgentId == agentId);
        var found = await cards.AsNoTracking().Include(c => c.Merchant).Where(c => wanted.Contains(c.Iccid)).ToDictionaryAsync(c => c.Iccid, ct);
        var packages = (await db.Packages.AsNoTracking().Where(p => p.IsActive && p.TermMonths == termMonths).ToListAsync(ct))
            .GroupBy(p => p.Carrier).ToDictionary(g => g.Key, g => g.OrderBy(p => p.SortOrder).ThenBy(p => p.Code, StringComparer.Ordinal).First());
        var agent = agentId is null ? null : await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agentId, ct);
        var today = ChinaTime.Today(clock);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = new List<BatchLine>(parsed.Count);
        foreach (var p in parsed)
        {
            lines.Add(Line(p.Line, p.Input, p.Ok ? p.Iccid : null, p.Error));
        }

        return new BatchPreview(termMonths, lines);

        BatchLine Line(int line, string input, Iccid? iccid, IccidError error)
        {
            if (iccid is null)
            {
                return new(line, input, null, error.Describe(input));
            }

            if (seen.TryGetValue(iccid.Value, out var first))
            {
                return new(line, input, null, $"This card is already on line {first}.");
            }

            seen[iccid.Value] = line;
            if (!found.TryGetValue(iccid.Value, out var card))
            {
                return new(line, input, null, agentId is null ? "No card with this ICCID was found." : "No card with this ICCID among your merchants' cards.");
            }

            if (!card.CanRenewOnline)
            {
                return new(line, input, null, "Deactivated by the carrier: it cannot be renewed online.");
            }

            return packages.TryGetValue(card.Carrier, out var package)
                ? new(line, input, RenewalQuote.For(card, package, today, agent), null)
                : new(line, input, null, $"No {termMonths}-month package is offered for {card.Carrier}.");
        }
    }
}
