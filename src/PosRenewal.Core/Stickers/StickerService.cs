using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Stickers;

public enum StickerState
{
    Unknown,
    Revoked,
    Live,
}

/// <summary>What a scanned token leads to: the card's ICCID when the sticker is live.</summary>
public sealed record StickerScan(StickerState State, string? Iccid);

/// <summary>A card and its live sticker, if it has one.</summary>
public sealed record CardSticker(Card Card, RenewalSticker? Sticker);

/// <summary>
/// Renewal QR stickers: issue, re-issue and revoke (agents for their own merchants' cards, support for any card;
/// every change audited), and resolve a scanned token.
/// </summary>
public interface IStickerService
{
    Task<StickerScan> ScanAsync(string token, CancellationToken ct);

    /// <summary>The cards (in the order asked) with their live stickers; cards the caller may not see are left out.</summary>
    Task<IReadOnlyList<CardSticker>> GetAsync(IReadOnlyCollection<string> iccids, long? agentId, CancellationToken ct);

    /// <summary>Issues a sticker to each card that has no live one; cards that have one keep it.</summary>
    Task<Result<IReadOnlyList<CardSticker>>> EnsureAsync(IReadOnlyCollection<string> iccids, long? agentId, Actor actor, CancellationToken ct);

    /// <summary>Revokes the card's live sticker (if any) and issues a new one.</summary>
    Task<Result<CardSticker>> ReissueAsync(string iccid, long? agentId, Actor actor, CancellationToken ct);

    /// <summary>Revokes the card's live sticker: its code then opens a "no longer valid" page.</summary>
    Task<Result<CardSticker>> RevokeAsync(string iccid, long? agentId, Actor actor, CancellationToken ct);
}

public static class StickerErrors
{
    public const string CardNotFound = "card_not_found";
    public const string NoLiveSticker = "no_live_sticker";
}

/// <inheritdoc />
public sealed class StickerService(IPosRenewalDb db, TimeProvider clock) : IStickerService
{
    /// <summary>Most cards on one sheet (a print run; bigger batches are several sheets).</summary>
    public const int MaxPerSheet = 200;

    public async Task<StickerScan> ScanAsync(string token, CancellationToken ct)
    {
        if (!RenewalSticker.LooksLikeToken(token))
        {
            return new(StickerState.Unknown, null);
        }

        var found = await db.Stickers.AsNoTracking().Where(s => s.Token == token)
            .Select(s => new { s.RevokedAtUtc, s.Card.Iccid }).SingleOrDefaultAsync(ct);
        return found switch
        {
            null => new(StickerState.Unknown, null),
            { RevokedAtUtc: not null } => new(StickerState.Revoked, null),
            _ => new(StickerState.Live, found.Iccid),
        };
    }

    public async Task<IReadOnlyList<CardSticker>> GetAsync(IReadOnlyCollection<string> iccids, long? agentId, CancellationToken ct)
    {
        var cards = await Cards(iccids, agentId).AsNoTracking().ToListAsync(ct);
        var ids = cards.Select(c => c.Id).ToList();
        var stickers = await db.Stickers.AsNoTracking().Where(s => ids.Contains(s.CardId) && s.RevokedAtUtc == null).ToDictionaryAsync(s => s.CardId, ct);
        return InOrder(iccids, cards.Select(c => new CardSticker(c, stickers.GetValueOrDefault(c.Id))));
    }

    public async Task<Result<IReadOnlyList<CardSticker>>> EnsureAsync(IReadOnlyCollection<string> iccids, long? agentId, Actor actor, CancellationToken ct)
    {
        var list = await db.InTransactionAsync(async () =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var cards = await Cards(iccids, agentId).ToListAsync(ct);
            var ids = cards.Select(c => c.Id).ToList();
            var live = await db.Stickers.Where(s => ids.Contains(s.CardId) && s.RevokedAtUtc == null).ToDictionaryAsync(s => s.CardId, ct);
            var result = new List<CardSticker>();
            foreach (var card in cards)
            {
                if (!live.TryGetValue(card.Id, out var sticker))
                {
                    sticker = new RenewalSticker(card.Id, now);
                    db.Stickers.Add(sticker);
                    db.AuditEntries.Add(new AuditEntry(actor, "sticker.issue", $"card {card.Iccid}", card.Id, null, null, null, now));
                }

                result.Add(new CardSticker(card, sticker));
            }

            await db.SaveChangesAsync(ct);
            return result;
        }, ct);
        return list.Count == 0
            ? Result<IReadOnlyList<CardSticker>>.Fail(StickerErrors.CardNotFound, "None of these cards was found among the cards you manage.")
            : Result<IReadOnlyList<CardSticker>>.Ok(InOrder(iccids, list));
    }

    public Task<Result<CardSticker>> ReissueAsync(string iccid, long? agentId, Actor actor, CancellationToken ct) =>
        ChangeAsync(iccid, agentId, reissue: true, actor, ct);

    public Task<Result<CardSticker>> RevokeAsync(string iccid, long? agentId, Actor actor, CancellationToken ct) =>
        ChangeAsync(iccid, agentId, reissue: false, actor, ct);

    private Task<Result<CardSticker>> ChangeAsync(string iccid, long? agentId, bool reissue, Actor actor, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var card = await Cards([iccid], agentId).SingleOrDefaultAsync(ct);
            if (card is null)
            {
                return Result<CardSticker>.Fail(StickerErrors.CardNotFound, "No such card among the cards you manage.");
            }

            var live = await db.Stickers.SingleOrDefaultAsync(s => s.CardId == card.Id && s.RevokedAtUtc == null, ct);
            if (live is null && !reissue)
            {
                return Result<CardSticker>.Fail(StickerErrors.NoLiveSticker, "This card has no sticker in use.");
            }

            live?.Revoke(now);
            // The old token must be revoked in the database before the new live one is added (one live sticker per card).
            await db.SaveChangesAsync(ct);
            var issued = reissue ? new RenewalSticker(card.Id, now) : null;
            if (issued is not null)
            {
                db.Stickers.Add(issued);
            }

            db.AuditEntries.Add(new AuditEntry(actor, reissue ? "sticker.reissue" : "sticker.revoke", $"card {card.Iccid}", card.Id,
                live is null ? null : AuditDetails.Of((AuditField.StickerIssued, live.IssuedAtUtc)), null, null, now));
            await db.SaveChangesAsync(ct);
            return Result<CardSticker>.Ok(new CardSticker(card, issued));
        }, ct);

    private IQueryable<Card> Cards(IReadOnlyCollection<string> iccids, long? agentId)
    {
        var normalised = iccids.Select(Iccid.Normalise).Distinct().Take(MaxPerSheet).ToList();
        var cards = db.Cards.Include(c => c.Merchant).Where(c => normalised.Contains(c.Iccid));
        return agentId is null ? cards : cards.Where(c => c.Merchant!.AgentId == agentId);
    }

    private static List<CardSticker> InOrder(IReadOnlyCollection<string> iccids, IEnumerable<CardSticker> found)
    {
        var order = iccids.Select(Iccid.Normalise).Distinct().Select((iccid, i) => (iccid, i)).ToDictionary(x => x.iccid, x => x.i);
        return found.OrderBy(s => order.GetValueOrDefault(s.Card.Iccid, int.MaxValue)).ToList();
    }
}
