using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Web.Pages.Cards;

/// <summary><c>/cards/{iccid}</c>: the card's status and the packages that can renew it (anonymous visits cached briefly: <see cref="CardPageCache"/>).</summary>
[OutputCache(PolicyName = CardPageCache.Policy)]
public sealed class ShowModel(IRenewalService renewals, IValidator<LookupInput> validator) : PageModel
{
    public CardOverview? Overview { get; private set; }

    public LookupInput Lookup { get; private set; } = new(null);

    public bool CardNotFound { get; private set; }

    /// <summary>The promo code the merchant typed (normalised), when it is well-formed.</summary>
    public string? Code { get; private set; }

    public string? CodeProblem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string iccid, [FromQuery] string? code, CancellationToken ct)
    {
        Lookup = new LookupInput(iccid);
        var validation = await validator.ValidateAsync(Lookup, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var parsed = Iccid.Parse(iccid);

        if (parsed.Value != iccid)
        {
            // One address per card: /cards/8986-0012... and lower case go to the normalised form.
            return RedirectToPage(new { iccid = parsed.Value, code });
        }

        HttpContext.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(CardPageCache.Tag(parsed.Value));
        var wellFormed = Core.Promotions.Promotion.TryNormalizeCode(code, out var normalized);
        Code = wellFormed ? normalized : null;
        Overview = await renewals.GetCardAsync(parsed, User.AgentId(), Code, ct);
        if (Overview is null)
        {
            CardNotFound = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        else if (!wellFormed || Overview.CodeAccepted == false)
        {
            CodeProblem = "This promo code is not valid for this card. Check the code, or renew at the prices shown.";
            Code = null;
            Response.StatusCode = wellFormed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
