using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Web.Pages.Cards;

/// <summary><c>/cards/{iccid}</c>: the card's status and the packages that can renew it.</summary>
public sealed class ShowModel(IRenewalService renewals, IValidator<LookupInput> validator) : PageModel
{
    public CardOverview? Overview { get; private set; }

    public LookupInput Lookup { get; private set; } = new(null);

    public bool CardNotFound { get; private set; }

    public async Task<IActionResult> OnGetAsync(string iccid, CancellationToken ct)
    {
        Lookup = new LookupInput(iccid);
        var validation = await validator.ValidateAsync(Lookup, ct);
        if (!validation.IsValid)
        {
            ModelState.AddErrors(validation);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var parsed = Iccid.Parse(iccid);

        if (parsed.Value != iccid)
        {
            // One address per card: /cards/8986-0012... and lower case go to the normalised form.
            return RedirectToPage(new { iccid = parsed.Value });
        }

        Overview = await renewals.GetCardAsync(parsed, User.AgentId(), ct);
        if (Overview is null)
        {
            CardNotFound = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }
}
