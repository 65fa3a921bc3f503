using FluentValidation;
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
    /// <summary>The form as shown again: what was typed, and why it is not an ICCID.</summary>
    public Slices.LookupFormModel Form { get; private set; } = Slices.LookupFormModel.Empty;

    public bool CardNotFound { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? iccid, CancellationToken ct)
    {
        // An empty submit binds as null; only a visit without the field at all is a fresh form.
        if (!Request.Query.ContainsKey("iccid"))
        {
            return Page();
        }

        var validation = await validator.ValidateAsync(new LookupInput(iccid), ct);
        if (!validation.IsValid)
        {
            Form = Slices.LookupFormModel.Refused(iccid, validation);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var parsed = Iccid.Parse(iccid!);
        if (!await renewals.CardExistsAsync(parsed, User.AgentId(), ct))
        {
            CardNotFound = true;
            Form = new Slices.LookupFormModel(iccid, []);
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        return Redirect($"/cards/{parsed.Value}");
    }
}
