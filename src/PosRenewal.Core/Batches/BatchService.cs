using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Promotions;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Batches;

/// <summary>One pasted line: the renewal it would be (each card extended from its own expiry), or why it cannot be renewed.</summary>
/// <summary>One line of a batch preview: its card's quote, or why it cannot be renewed (said in the page's language).</summary>
public sealed record BatchLine(int Line, string Input, RenewalQuote? Quote, Phrase? Problem);

/// <summary>What a batch would renew and cost: every line, and the totals of the renewable ones.</summary>
public sealed record BatchPreview(int TermMonths, IReadOnlyList<BatchLine> Lines)
{
    public IEnumerable<RenewalQuote> Renewable => Lines.Select(l => l.Quote).OfType<RenewalQuote>();

    public Money Total => Renewable.Aggregate(Money.Zero, (sum, q) => sum + q.Total);

    public Money Fees => Renewable.Aggregate(Money.Zero, (sum, q) => sum + q.AgentFee);
}

public static class BatchErrors
{
    public const string TooMany = "too_many";
    public const string NothingToRenew = "nothing_to_renew";

    public const string TooManyMessage = "A batch has at most 1,000 cards. Split the list.";
}

/// <summary>
/// Batch renewal. A list of ICCIDs (one per line, or comma/semicolon separated) and a term become a preview: each
/// card gets its carrier's package of that term, priced like a single renewal (best automatic promotion, plus the
/// agent's fee); lines that cannot be renewed say why. Placing the batch writes one order per renewable card, all
/// paid with one payment of the batch (see <see cref="RenewalBatch"/>).
/// </summary>
public sealed class BatchService(IPosRenewalDb db, TimeProvider clock, ILogger<BatchService> logger)
{
    public const int MaxLines = 1000;

    private static readonly char[] Separators = ['\n', ',', ';', '\t', '，', '；'];

    /// <summary>The entries of a pasted list: one per line, or separated by commas, semicolons or tabs (also full-width).</summary>
    public static List<string> Entries(string text) => text.Split(Separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    public async Task<IReadOnlyList<int>> TermsAsync(CancellationToken ct) =>
        await db.Packages.AsNoTracking().Where(p => p.IsActive).Select(p => p.TermMonths).Distinct().OrderBy(t => t).ToListAsync(ct);

    /// <summary>The preview, or null when there are more than <see cref="MaxLines"/> lines. Reads only.</summary>
    public Task<BatchPreview?> PreviewAsync(string text, int termMonths, long? agentId, CancellationToken ct) =>
        PreviewAsync(text, termMonths, agentId, tracked: false, ct);

    /// <summary>
    /// Places the batch previewed from the same list: one order per renewable card. The total must still be
    /// <paramref name="confirmedTotal"/> (a promotion may have ended or run out meanwhile); a repeat of the same
    /// submission (<paramref name="idempotencyKey"/>) returns the batch it placed.
    /// </summary>
    public async Task<Result<RenewalBatch>> PlaceAsync(string text, int termMonths, long? agentId, Actor actor, string idempotencyKey, Money confirmedTotal, CancellationToken ct)
    {
        if (await FindByKeyAsync(idempotencyKey, agentId, ct) is { } repeat)
        {
            return repeat;
        }

        var preview = await PreviewAsync(text, termMonths, agentId, tracked: true, ct);
        if (preview is null)
        {
            return Result<RenewalBatch>.Fail(BatchErrors.TooMany, BatchErrors.TooManyMessage);
        }

        if (!preview.Renewable.Any())
        {
            return Result<RenewalBatch>.Fail(BatchErrors.NothingToRenew, "None of these cards can be renewed online.");
        }

        if (preview.Total != confirmedTotal)
        {
            return Result<RenewalBatch>.Fail(RenewalErrors.PriceChanged, RenewalErrors.PriceChangedMessage);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var batch = new RenewalBatch(RenewalService.NewNumber('B', today), idempotencyKey, agentId, actor.UserName, termMonths, now);
        foreach (var line in preview.Lines.Where(l => l.Quote is not null))
        {
            batch.Add(new RenewalOrder(RenewalService.NewNumber('R', today), $"{batch.BatchNo}-{line.Line}", line.Quote!.Card, line.Quote, now, batch));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Every promotion's uses are taken in the batch's transaction, all or none: if one ran out, nothing is placed.
        foreach (var uses in batch.Orders.Where(o => o.PromotionId is not null).GroupBy(o => o.PromotionId!.Value))
        {
            if (!await RenewalService.TakeUsesAsync(db, uses.Key, uses.Count(), today, ct))
            {
                return Result<RenewalBatch>.Fail(RenewalErrors.PriceChanged, RenewalErrors.PriceChangedMessage);
            }
        }

        db.Batches.Add(batch);
        db.AuditEntries.Add(new AuditEntry(actor, "place batch", $"batch {batch.BatchNo}", null, null,
            AuditDetails.Of((AuditField.Cards, batch.CardCount), (AuditField.Term, termMonths), (AuditField.Total, batch.Total), (AuditField.Fees, batch.Fees)), null, now));
        // A concurrent twin of this submission (same key) may have won the insert: then its batch is the answer.
        if (await db.CommitOrFindTwinAsync(tx, () => FindByKeyAsync(idempotencyKey, agentId, ct), ct) is { } twin)
        {
            return twin;
        }

        logger.LogInformation("Batch {BatchNo} placed by {User}: {Cards} cards, total {Total}", batch.BatchNo, actor.UserName, batch.CardCount, batch.Total.ToWire());
        return Result<RenewalBatch>.Ok(batch);
    }

    /// <summary>A batch with its orders (and their cards) and payment attempts; for an agent, only their own.</summary>
    public Task<RenewalBatch?> GetAsync(string batchNo, long? agentId, CancellationToken ct) =>
        db.Batches.AsNoTracking().Include(b => b.Attempts).Include(b => b.Orders).ThenInclude(o => o.Card).ThenInclude(c => c.Merchant)
            .AsSplitQuery()
            .SingleOrDefaultAsync(b => b.BatchNo == batchNo && (agentId == null || b.AgentId == agentId), ct);

    /// <summary>The latest batches (an agent's own, or for an admin all), with how many of their orders are in each state.</summary>
    public async Task<IReadOnlyList<(RenewalBatch Batch, IReadOnlyDictionary<OrderStatus, int> Orders)>> RecentAsync(long? agentId, int take, CancellationToken ct)
    {
        var batches = await db.Batches.AsNoTracking().Where(b => agentId == null || b.AgentId == agentId)
            .OrderByDescending(b => b.CreatedAtUtc).ThenByDescending(b => b.Id).Take(take).ToListAsync(ct);
        var ids = batches.Select(b => b.Id).ToList();
        var counts = (await db.Orders.Where(o => o.BatchId != null && ids.Contains(o.BatchId.Value))
            .GroupBy(o => new { o.BatchId, o.Status }).Select(g => new { g.Key.BatchId, g.Key.Status, Count = g.Count() }).ToListAsync(ct))
            .ToLookup(c => c.BatchId!.Value);
        return batches.Select(b => (b, (IReadOnlyDictionary<OrderStatus, int>)counts[b.Id].ToDictionary(c => c.Status, c => c.Count))).ToList();
    }

    private async Task<Result<RenewalBatch>?> FindByKeyAsync(string idempotencyKey, long? agentId, CancellationToken ct)
    {
        var batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.IdempotencyKey == idempotencyKey, ct);
        return batch is null ? null
            : batch.AgentId == agentId ? Result<RenewalBatch>.Ok(batch)
            : Result<RenewalBatch>.Fail(RenewalErrors.KeyReused, "This form was already used for another batch. Preview the list again.");
    }

    private async Task<BatchPreview?> PreviewAsync(string text, int termMonths, long? agentId, bool tracked, CancellationToken ct)
    {
        var inputs = Entries(text);
        if (inputs.Count > MaxLines)
        {
            return null;
        }

        var parsed = inputs.Select((input, i) => (Line: i + 1, Input: input, Ok: Iccid.TryParse(input, out var iccid, out var error), Iccid: iccid, Error: error)).ToList();
        var wanted = parsed.Where(p => p.Ok).Select(p => p.Iccid!.Value).Distinct().ToList();
        var cards = agentId is null ? db.Cards : db.Cards.Where(c => c.Merchant!.AgentId == agentId);
        var found = await (tracked ? cards : cards.AsNoTracking()).Include(c => c.Merchant).Where(c => wanted.Contains(c.Iccid)).ToDictionaryAsync(c => c.Iccid, ct);
        var packages = (await db.Packages.AsNoTracking().Where(p => p.IsActive && p.TermMonths == termMonths).ToListAsync(ct))
            .GroupBy(p => p.Carrier).ToDictionary(g => g.Key, g => g.OrderBy(p => p.SortOrder).ThenBy(p => p.Code, StringComparer.Ordinal).First());
        var agent = agentId is null ? null : await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agentId, ct);
        var today = ChinaTime.Today(clock);

        // Priced like a single renewal: the best automatic promotion (no typed codes in a batch), first renewal asked once for all cards.
        var running = await Promotion.RunningOn(db.Promotions.AsNoTracking(), today).Where(p => p.Code == null).ToListAsync(ct);
        var cardIds = found.Values.Select(c => c.Id).ToList();
        var renewedBefore = running.Any(p => p.FirstRenewalOnly)
            ? (await db.Orders.Where(o => o.PaidAtUtc != null && cardIds.Contains(o.CardId)).Select(o => o.CardId).Distinct().ToListAsync(ct)).ToHashSet()
            : [];

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = parsed.Select(p => Line(p.Line, p.Input, p.Ok ? p.Iccid : null, p.Error)).ToList();
        return new BatchPreview(termMonths, lines);

        BatchLine Line(int line, string input, Iccid? iccid, IccidError error)
        {
            if (iccid is null)
            {
                return new(line, input, null, new Phrase(error.Message(), Iccid.Normalise(input).Length));
            }

            if (seen.TryGetValue(iccid.Value, out var first))
            {
                return new(line, input, null, new Phrase("This card is already on line {0}.", first));
            }

            seen[iccid.Value] = line;
            if (!found.TryGetValue(iccid.Value, out var card))
            {
                return new(line, input, null, new Phrase(agentId is null ? "No card with this ICCID was found." : "No card with this ICCID among your merchants' cards."));
            }

            if (!card.CanRenewOnline)
            {
                return new(line, input, null, new Phrase("Deactivated by the carrier: it cannot be renewed online."));
            }

            return packages.TryGetValue(card.Carrier, out var package)
                ? new(line, input, RenewalQuote.For(card, package, today, agent,
                    Promotion.BestFor(running, card, package, !renewedBefore.Contains(card.Id), typedCode: null)), null)
                : new(line, input, null, new Phrase("No {0}-month package is offered for {1}.", termMonths, card.Carrier));
        }
    }
}
