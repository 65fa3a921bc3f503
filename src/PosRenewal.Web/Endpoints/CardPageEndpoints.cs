using FluentValidation;
using Microsoft.AspNetCore.OutputCaching;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Promotions;
using PosRenewal.Core.Renewals;
using PosRenewal.Web.Pages;
using PosRenewal.Web.Pages.Cards;
using PosRenewal.Web.Security;
using PosRenewal.Web.Slices;

namespace PosRenewal.Web.Endpoints;

/// <summary>
/// <c>/cards/{iccid}</c>: the card's status and the packages that can renew it, for anyone with the ICCID and for
/// signed-in agents (who see their fee). The portal's busiest page, so it is a Razor slice (<c>Slices/CardPage.cshtml</c>)
/// served without MVC, in the same layout as every page; anonymous visits are cached briefly (<see cref="CardPageCache"/>).
/// </summary>
public static class CardPageEndpoints
{
    public static void MapCardPage(this WebApplication app) =>
        app.MapMethods("/cards/{iccid}", [HttpMethods.Get, HttpMethods.Head], ShowAsync)
            .CacheOutput(CardPageCache.Policy)
            .RequireRateLimiting(RateLimits.Lookup);

    private static async Task<IResult> ShowAsync(HttpContext http, IRenewalService renewals, IValidator<LookupInput> validator, CancellationToken ct)
    {
        // As a form field binds: blank is nothing typed, and of a repeated parameter the first counts.
        var iccid = Blank((string?)http.GetRouteValue("iccid"));
        var code = Blank(http.Request.Query["code"].FirstOrDefault());
        var validation = await validator.ValidateAsync(new LookupInput(iccid), ct);
        if (!validation.IsValid)
        {
            return Page(new CardPageModel(null, LookupFormModel.Refused(iccid, validation)), StatusCodes.Status400BadRequest);
        }

        var parsed = Iccid.Parse(iccid!);
        if (parsed.Value != iccid)
        {
            // One address per card: /cards/8986-0012... and lower case go to the normalised form.
            return Results.Redirect($"/cards/{parsed.Value}{(code is null ? "" : "?code=" + Uri.EscapeDataString(code))}");
        }

        http.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(CardPageCache.Tag(parsed.Value));
        var wellFormed = Promotion.TryNormalizeCode(code, out var normalized);
        var overview = await renewals.GetCardAsync(parsed, http.User.AgentId(), wellFormed ? normalized : null, ct);
        if (overview is null)
        {
            return Page(new CardPageModel(null, new LookupFormModel(iccid, []), CardNotFound: true), StatusCodes.Status404NotFound);
        }

        if (!wellFormed || overview.CodeAccepted == false)
        {
            const string problem = "This promo code is not valid for this card. Check the code, or renew at the prices shown.";
            return Page(new CardPageModel(overview, LookupFormModel.Empty, CodeProblem: problem), wellFormed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
        }

        return Page(new CardPageModel(overview, LookupFormModel.Empty, Code: normalized), StatusCodes.Status200OK);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static IResult Page(CardPageModel model, int status) => SliceHtml.Page(CardPage.Create(model), status);
}
