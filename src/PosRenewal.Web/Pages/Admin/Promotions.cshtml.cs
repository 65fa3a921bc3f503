using System.Globalization;
using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Promotions;

namespace PosRenewal.Web.Pages.Admin;

public sealed record PromotionInput(
    string? Name, string? NameEn, string? Kind, string? Value, string? StartsOn, string? EndsOn, string? PackageCodes,
    string[]? Carriers, long[]? AgentIds, bool FirstRenewalOnly, string? Code, string? MaxUses);

public sealed class PromotionInputValidator : AbstractValidator<PromotionInput>
{
    public PromotionInputValidator(TimeProvider clock)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Give the promotion its Chinese name, as merchants will see it.")
            .MaximumLength(Promotion.NameMaxLength).WithMessage("The name is at most 100 characters.");
        RuleFor(x => x.NameEn).NotEmpty().WithMessage("Give the promotion its English name too.")
            .MaximumLength(Promotion.NameMaxLength).WithMessage("The name is at most 100 characters.");
        RuleFor(x => x.Kind).Must(k => Enum.TryParse<PromotionKind>(k, out var kind) && Enum.IsDefined(kind)).WithMessage("Choose amount off, percent off or bonus data.");
        RuleFor(x => x).Must(x => PromotionsModel.ParseValue(x.Kind, x.Value) is not null).OverridePropertyName(nameof(PromotionInput.Value))
            .WithMessage("The value is ¥0.01 to ¥10,000 off, 0.01 to 100 percent off, or 1 to 1,000,000 MB of data.");
        RuleFor(x => x.StartsOn).Must(d => PromotionsModel.ParseDate(d) is not null).WithMessage("Dates are written 2026-12-01.");
        RuleFor(x => x.EndsOn).Must(d => PromotionsModel.ParseDate(d) is { } end && end >= ChinaTime.Today(clock))
            .WithMessage("The end date is written 2026-12-31 and is today or later.");
        RuleFor(x => x).Must(x => PromotionsModel.ParseDate(x.StartsOn) is not { } s || PromotionsModel.ParseDate(x.EndsOn) is not { } e || s <= e)
            .OverridePropertyName(nameof(PromotionInput.EndsOn)).WithMessage("The end date is on or after the start date.");
        RuleFor(x => x.PackageCodes).Must(c => c is null || c.Length <= Promotion.ListMaxLength && PromotionsModel.Split(c).All(p => p.Length <= 32))
            .WithMessage("List only package codes from the catalogue.");
        RuleForEach(x => x.Carriers).Must(c => Enum.TryParse<Carrier>(c, out var carrier) && Enum.IsDefined(carrier)).WithMessage("Choose carriers from the list.");
        RuleFor(x => x.Code).Must(c => Promotion.TryNormalizeCode(c, out _)).WithMessage("A code is up to 32 letters, digits and dashes.");
        RuleFor(x => x.MaxUses).Must(m => string.IsNullOrWhiteSpace(m) || int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1_000_000)
            .WithMessage("The cap is a whole number from 1 to 1,000,000, or empty for no cap.");
    }
}

/// <summary><c>/admin/promotions</c>: define promotions (amount off, percent off, bonus data) and end them.</summary>
public sealed class PromotionsModel(IPromotionAdminService admin, IValidator<PromotionInput> validator, Core.Agents.IAgentAdminService agents, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Promotion> Promotions { get; private set; } = [];

    public IReadOnlyList<Core.Agents.Agent> Agents { get; private set; } = [];

    public DateOnly Today => ChinaTime.Today(clock);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync([FromForm] PromotionInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState);
            return await ShowAsync(StatusCodes.Status400BadRequest, ct);
        }

        Promotion.TryNormalizeCode(input.Code, out var code);
        var draft = new PromotionDraft(input.Name!.Trim(), input.NameEn!.Trim(), Enum.Parse<PromotionKind>(input.Kind!), ParseValue(input.Kind, input.Value)!.Value,
            ParseDate(input.StartsOn)!.Value, ParseDate(input.EndsOn)!.Value, Split(input.PackageCodes).Select(c => c.ToUpperInvariant()).ToList(),
            (input.Carriers ?? []).Select(Enum.Parse<Carrier>).ToList(), input.AgentIds ?? [], input.FirstRenewalOnly, code,
            string.IsNullOrWhiteSpace(input.MaxUses) ? null : int.Parse(input.MaxUses, CultureInfo.InvariantCulture));
        return await AfterAsync(await admin.CreateAsync(draft, User.Actor()!, ct), StatusCodes.Status400BadRequest, ct);
    }

    public async Task<IActionResult> OnPostEndAsync([FromForm] long id, CancellationToken ct) =>
        await AfterAsync(await admin.EndAsync(id, User.Actor()!, ct), StatusCodes.Status404NotFound, ct);

    /// <summary>The promotion's value in its unit, or null when out of range (yuan and percent: two decimals; data: whole MB).</summary>
    public static decimal? ParseValue(string? kind, string? text)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || decimal.Round(value, 2) != value)
        {
            return null;
        }

        return kind switch
        {
            nameof(PromotionKind.AmountOff) when value is >= 0.01m and <= 10_000m => value,
            nameof(PromotionKind.PercentOff) when value is >= 0.01m and <= 100m => value,
            nameof(PromotionKind.BonusData) when value is >= 1m and <= 1_000_000m && decimal.Truncate(value) == value => value,
            _ => null,
        };
    }

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static string[] Split(string? list) =>
        (list ?? "").Split([',', ' ', '，'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private async Task<IActionResult> AfterAsync(Result<Promotion> result, int failureStatus, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            return RedirectToPage();
        }

        ModelState.AddModelError("", result.Message!);
        return await ShowAsync(failureStatus, ct);
    }

    private async Task<IActionResult> ShowAsync(int status, CancellationToken ct)
    {
        await LoadAsync(ct);
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Promotions = await admin.ListAsync(ct);
        Agents = await agents.ListAsync(ct);
    }
}
