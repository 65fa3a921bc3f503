using System.Globalization;
using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;

namespace PosRenewal.Web.Pages.Admin;

/// <summary>A package form: a new one (no <see cref="Id"/>: code, carrier and term too) or an edit (name, allowance, price, order).</summary>
public sealed record PackageInput(long? Id, string? Code, string? Carrier, string? TermMonths, string? Name, string? NameEn, string? DataAllowanceMb, string? Price, string? SortOrder);

public sealed class PackageInputValidator : AbstractValidator<PackageInput>
{
    public PackageInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Give the package its Chinese name, as merchants will see it.")
            .MaximumLength(Package.NameMaxLength).WithMessage("The name is at most 100 characters.");
        RuleFor(x => x.NameEn).NotEmpty().WithMessage("Give the package its English name too.")
            .MaximumLength(Package.NameMaxLength).WithMessage("The name is at most 100 characters.");
        RuleFor(x => x.DataAllowanceMb).Must(v => PackagesModel.ParseInt(v) is >= 1 and <= 1_000_000).WithMessage("The allowance is a whole number of MB a month, from 1 to 1,000,000.");
        RuleFor(x => x.Price).Must(v => AgentsModel.ParseAmount(v) is >= 0.01m and <= 100_000m).WithMessage("The price is from ¥0.01 to ¥100,000.00, with at most two decimals.");
        RuleFor(x => x.SortOrder).Must(v => string.IsNullOrWhiteSpace(v) || PackagesModel.ParseInt(v) is >= 0 and <= 999).WithMessage("The display order is a whole number from 0 to 999.");
        When(x => x.Id is null, () =>
        {
            RuleFor(x => x.Code).Must(c => c is { Length: >= 2 and <= Package.CodeMaxLength } && c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'))
                .WithMessage("A package code is 2 to 32 letters, digits and dashes, such as CM-24M.");
            RuleFor(x => x.Carrier).Must(c => Enum.TryParse<Carrier>(c, out var carrier) && Enum.IsDefined(carrier)).WithMessage("Choose carriers from the list.");
            RuleFor(x => x.TermMonths).Must(v => PackagesModel.ParseInt(v) is >= 1 and <= 36).WithMessage("The term is a whole number of months from 1 to 36.");
        });
    }
}

/// <summary><c>/admin/packages</c>: the catalogue per carrier; create, edit, retire, reinstate. Orders keep their own snapshot.</summary>
public sealed class PackagesModel(IPackageAdminService admin, IValidator<PackageInput> validator) : PageModel
{
    public IReadOnlyList<Package> Packages { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Packages = await admin.ListAsync(ct);

    public async Task<IActionResult> OnPostSaveAsync([FromForm] PackageInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState);
            return await ShowAsync(StatusCodes.Status400BadRequest, ct);
        }

        var draft = new PackageDraft(input.Name!.Trim(), input.NameEn!.Trim(), ParseInt(input.DataAllowanceMb)!.Value, new Money(AgentsModel.ParseAmount(input.Price)!.Value), ParseInt(input.SortOrder) ?? 0);
        var result = input.Id is { } id
            ? await admin.EditAsync(id, draft, User.Actor()!, ct)
            : await admin.CreateAsync(input.Code!.ToUpperInvariant(), Enum.Parse<Carrier>(input.Carrier!), ParseInt(input.TermMonths)!.Value, draft, User.Actor()!, ct);
        return await AfterAsync(result, ct);
    }

    public async Task<IActionResult> OnPostActiveAsync([FromForm] long id, [FromForm] bool active, CancellationToken ct) =>
        await AfterAsync(await admin.SetActiveAsync(id, active, User.Actor()!, ct), ct);

    public static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private async Task<IActionResult> AfterAsync(Result<Package> result, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            return RedirectToPage();
        }

        ModelState.AddModelError("", result.Message!);
        return await ShowAsync(result.Error == PackageErrors.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, ct);
    }

    private async Task<IActionResult> ShowAsync(int status, CancellationToken ct)
    {
        Packages = await admin.ListAsync(ct);
        Response.StatusCode = status;
        return Page();
    }
}
