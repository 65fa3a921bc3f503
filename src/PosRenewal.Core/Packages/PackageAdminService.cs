using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Packages;

/// <summary>A package as an administrator writes it (form already checked by the admin page's validator).</summary>
public sealed record PackageDraft(string Name, string NameEn, long DataAllowanceMb, Money Price, int SortOrder);

/// <summary>The catalogue: create, edit, retire and reinstate packages (all audited). Orders keep their own snapshot.</summary>
public interface IPackageAdminService
{
    Task<IReadOnlyList<Package>> ListAsync(CancellationToken ct);

    Task<Result<Package>> CreateAsync(string code, Carrier carrier, int termMonths, PackageDraft draft, Actor actor, CancellationToken ct);

    Task<Result<Package>> EditAsync(long id, PackageDraft draft, Actor actor, CancellationToken ct);

    Task<Result<Package>> SetActiveAsync(long id, bool active, Actor actor, CancellationToken ct);
}

public static class PackageErrors
{
    public const string NotFound = "package_not_found";
    public const string CodeTaken = "package_code_taken";
}

/// <inheritdoc />
public sealed class PackageAdminService(IPosRenewalDb db, TimeProvider clock) : IPackageAdminService
{
    public async Task<IReadOnlyList<Package>> ListAsync(CancellationToken ct) =>
        (await db.Packages.AsNoTracking().ToListAsync(ct))
        .OrderBy(p => p.Carrier).ThenBy(p => p.SortOrder).ThenBy(p => p.TermMonths).ThenBy(p => p.Code, StringComparer.Ordinal).ToList();

    public async Task<Result<Package>> CreateAsync(string code, Carrier carrier, int termMonths, PackageDraft draft, Actor actor, CancellationToken ct)
    {
        if (await db.Packages.AnyAsync(p => p.Code == code, ct))
        {
            return Result<Package>.Fail(PackageErrors.CodeTaken, "A package with this code exists already. Codes are never reused, because orders refer to them.");
        }

        var package = new Package(code, carrier, draft.Name, termMonths, draft.DataAllowanceMb, draft.Price, draft.NameEn);
        package.Edit(draft.Name, draft.NameEn, draft.DataAllowanceMb, draft.Price, draft.SortOrder);
        db.Packages.Add(package);
        db.AuditEntries.Add(new AuditEntry(actor, "package.create", $"package {code}", null, null, Describe(package), null, Now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Result<Package>.Fail(PackageErrors.CodeTaken, "A package with this code exists already. Codes are never reused, because orders refer to them.");
        }

        return Result<Package>.Ok(package);
    }

    public Task<Result<Package>> EditAsync(long id, PackageDraft draft, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, "package.edit", p => p.Edit(draft.Name, draft.NameEn, draft.DataAllowanceMb, draft.Price, draft.SortOrder), actor, ct);

    public Task<Result<Package>> SetActiveAsync(long id, bool active, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, active ? "package.reinstate" : "package.retire", p =>
        {
            if (active)
            {
                p.Reinstate();
            }
            else
            {
                p.Retire();
            }
        }, actor, ct);

    private async Task<Result<Package>> ChangeAsync(long id, string action, Action<Package> change, Actor actor, CancellationToken ct)
    {
        var package = await db.Packages.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (package is null)
        {
            return Result<Package>.Fail(PackageErrors.NotFound, "No such package.");
        }

        var before = Describe(package);
        change(package);
        db.AuditEntries.Add(new AuditEntry(actor, action, $"package {package.Code}", null, before, Describe(package), null, Now));
        await db.SaveChangesAsync(ct);
        return Result<Package>.Ok(package);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Describe(Package p) => AuditDetails.Of(
        (AuditField.Name, p.Name), (AuditField.NameEn, p.NameEn), (AuditField.Term, p.TermMonths), (AuditField.Data, p.DataAllowanceMb),
        (AuditField.Price, p.Price), (AuditField.SortOrder, p.SortOrder), (AuditField.State, p.IsActive ? AuditState.Offered : AuditState.Retired));
}
