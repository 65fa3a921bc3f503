using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Promotions;

/// <summary>A promotion as an administrator defines it (already checked for form: see the admin page's validator).</summary>
public sealed record PromotionDraft(
    string Name, string NameEn, PromotionKind Kind, decimal Value, DateOnly StartsOn, DateOnly EndsOn,
    IReadOnlyList<string> PackageCodes, IReadOnlyList<Carrier> Carriers, IReadOnlyList<long> AgentIds,
    bool FirstRenewalOnly, string? Code, int? MaxUses);

/// <summary>Administrators define and end promotions; each change is audited.</summary>
public interface IPromotionAdminService
{
    Task<IReadOnlyList<Promotion>> ListAsync(CancellationToken ct);

    Task<Result<Promotion>> CreateAsync(PromotionDraft draft, Actor actor, CancellationToken ct);

    Task<Result<Promotion>> EndAsync(long id, Actor actor, CancellationToken ct);
}

public static class PromotionErrors
{
    public const string NotFound = "promotion_not_found";
    public const string Invalid = "promotion_invalid";
}

/// <inheritdoc />
public sealed class PromotionAdminService(IPosRenewalDb db, TimeProvider clock) : IPromotionAdminService
{
    public async Task<IReadOnlyList<Promotion>> ListAsync(CancellationToken ct) =>
        await db.Promotions.AsNoTracking().OrderByDescending(p => p.EndsOn).ThenByDescending(p => p.Id).ToListAsync(ct);

    public async Task<Result<Promotion>> CreateAsync(PromotionDraft draft, Actor actor, CancellationToken ct)
    {
        var known = await db.Packages.Where(p => draft.PackageCodes.Contains(p.Code)).Select(p => p.Code).Distinct().ToListAsync(ct);
        if (known.Count != draft.PackageCodes.Distinct().Count())
        {
            return Result<Promotion>.Fail(PromotionErrors.Invalid, "List only package codes from the catalogue.");
        }

        var agents = await db.Agents.CountAsync(a => draft.AgentIds.Contains(a.Id), ct);
        if (agents != draft.AgentIds.Distinct().Count())
        {
            return Result<Promotion>.Fail(PromotionErrors.Invalid, "Choose agents from the list.");
        }

        if (draft.Code is not null && await db.Promotions.AnyAsync(p => p.Code == draft.Code && p.EndsOn >= draft.StartsOn && p.StartsOn <= draft.EndsOn, ct))
        {
            return Result<Promotion>.Fail(PromotionErrors.Invalid, "Another promotion uses this code in the same dates. Choose another code.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var promotion = new Promotion(draft.Name, draft.Kind, draft.Value, draft.StartsOn, draft.EndsOn, now, draft.NameEn)
        {
            PackageCodes = List(draft.PackageCodes),
            Carriers = List(draft.Carriers.Select(c => c.ToString())),
            AgentIds = List(draft.AgentIds.Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            FirstRenewalOnly = draft.FirstRenewalOnly,
            Code = draft.Code,
            MaxUses = draft.MaxUses,
        };
        db.Promotions.Add(promotion);
        await db.SaveChangesAsync(ct);
        db.AuditEntries.Add(new AuditEntry(actor, "promotion.create", $"promotion {promotion.Id}", null, null,
            AuditDetails.Of(
                (AuditField.Name, promotion.Name), (AuditField.NameEn, promotion.NameEn),
                promotion.Kind == PromotionKind.AmountOff ? (AuditField.AmountOff, new Money(promotion.Value)) : (AuditField.PercentOff, promotion.Value),
                (AuditField.Starts, promotion.StartsOn), (AuditField.Ends, promotion.EndsOn), (AuditField.Code, promotion.Code), (AuditField.Cap, promotion.MaxUses)),
            null, now));
        await db.SaveChangesAsync(ct);
        return Result<Promotion>.Ok(promotion);
    }

    public async Task<Result<Promotion>> EndAsync(long id, Actor actor, CancellationToken ct)
    {
        var promotion = await db.Promotions.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (promotion is null)
        {
            return Result<Promotion>.Fail(PromotionErrors.NotFound, "No such promotion.");
        }

        var before = promotion.EndsOn;
        promotion.End(ChinaTime.Today(clock));
        db.AuditEntries.Add(new AuditEntry(actor, "promotion.end", $"promotion {promotion.Id}", null, AuditDetails.Of((AuditField.Ends, before)),
            AuditDetails.Of((AuditField.Ends, promotion.EndsOn)), null, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return Result<Promotion>.Ok(promotion);
    }

    private static string? List(IEnumerable<string> items)
    {
        var text = string.Join(',', items.Distinct());
        return text.Length == 0 ? null : text[..Math.Min(text.Length, Promotion.ListMaxLength)];
    }
}
