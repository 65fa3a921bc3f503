using Microsoft.AspNetCore.Localization;
using PosRenewal.Web.Localization;

namespace PosRenewal.Web.Endpoints;

/// <summary><c>/language?culture=en-US&amp;returnUrl=...</c>: remembers the choice in a cookie and goes back to the page.</summary>
public static class LanguageEndpoints
{
    public static void MapLanguageSwitch(this WebApplication app) =>
        app.MapGet("/language", (string? culture, string? returnUrl, HttpContext context) =>
        {
            if (culture is null || !Cultures.Supported.Contains(culture))
            {
                return Results.BadRequest("Unknown language. Use zh-CN or en-US.");
            }

            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions
                {
                    Expires = DateTimeOffset.UtcNow.AddYears(1),
                    IsEssential = true,
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                });
            // Only back to a page of this site: an open redirect would let a link on another site send people anywhere.
            return Results.LocalRedirect(Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl! : "/");
        });
}
