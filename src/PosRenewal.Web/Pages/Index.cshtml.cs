using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Web.Pages;

/// <summary>The ICCID typed into the lookup form.</summary>
public sealed record LookupInput(string? Iccid);

public sealed class LookupInputValidator : AbstractValidator<LookupInput>
{
    public LookupInputValidator(Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l) =>
        RuleFor(x => x.Iccid).Custom((value, context) =>
        {
            if (!Core.Cards.Iccid.TryParse(value, out _, out var error))
            {
                context.AddFailure(IccidMessages.For(error, value, l));
            }
        });
}

/// <summary><c>/</c> and <c>/?iccid=...</c>: find a card.</summary>
public sealed class IndexModel(IRenewalService renewals, IValidator<LookupInput> validator) : PageModel
{
    public LookupInput Input { get; private set; } = new(null);

    public bool CardNotFound { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? iccid, CancellationToken ct)
    {
        // An empty submit binds as null; only a visit without the field at all is a fresh form.
        if (!Request.Query.ContainsKey("iccid"))
        {
            return Page();
        }

        Input = new LookupInput(iccid);
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var parsed = Iccid.Parse(iccid!);
        if (!await renewals.CardExistsAsync(parsed, User.AgentId(), ct))
        {
            CardNotFound = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        return RedirectToPage("/Cards/Show", new { iccid = parsed.Value });
    }
}
