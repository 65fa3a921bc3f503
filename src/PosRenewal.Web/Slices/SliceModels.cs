using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using PosRenewal.Core.Renewals;
using RazorSlices;

namespace PosRenewal.Web.Slices;

// The models of the templates in this folder: Razor slices, rendered without MVC (the card page, the portal's busiest)
// and inside Razor pages (the layout of every page, the lookup form on /).

/// <summary>The document around every page: its title, and whether its main column takes the full width (tables).</summary>
public sealed record LayoutModel(string Title, bool Wide = false);

/// <summary>A Razor page's rendered body, and its Scripts section, to be put in <see cref="Layout"/>.</summary>
public sealed record RazorPageBodyModel(LayoutModel Layout, IHtmlContent Body, IHtmlContent? Scripts);

/// <summary>The lookup form: what was typed, and why it is not an ICCID (empty when it is, or nothing was typed).</summary>
public sealed record LookupFormModel(string? Iccid, IReadOnlyList<string> Errors)
{
    public static readonly LookupFormModel Empty = new(null, []);

    /// <summary>The form again with what was typed and the validator's reasons.</summary>
    public static LookupFormModel Refused(string? iccid, FluentValidation.Results.ValidationResult validation) =>
        new(iccid, validation.Errors.Select(e => e.ErrorMessage).ToList());
}

/// <summary>
/// <c>/cards/{iccid}</c>: the card with its packages (<paramref name="Overview"/>), or, without one, the lookup form
/// again, with what was typed and why it found nothing.
/// </summary>
public sealed record CardPageModel(CardOverview? Overview, LookupFormModel Lookup, bool CardNotFound = false, string? Code = null, string? CodeProblem = null);

/// <summary>Renders slices with the request's services, user and the site's encoder (Chinese and ¥ as characters).</summary>
public static class SliceHtml
{
    /// <summary>A slice inside a Razor page.</summary>
    public static async Task<IHtmlContent> RenderAsync(HttpContext http, RazorSlice slice)
    {
        using var page = For(http, slice);
        var html = new StringBuilder();
        await page.RenderAsync(html, http.RequestServices.GetRequiredService<HtmlEncoder>(), http.RequestAborted);
        return new HtmlString(html.ToString());
    }

    /// <summary>
    /// A slice as the whole response, rendered first and then sent in one write with its length. Rendered straight to the
    /// response, each of a page's few hundred pieces of text took the connection's output lock (a tenth of the card
    /// page's time).
    /// </summary>
    public static IResult Page(RazorSlice slice, int status) => new BufferedPage(slice, status);

    private static RazorSlice For(HttpContext http, RazorSlice slice)
    {
        slice.HttpContext = http;
        slice.ServiceProvider = http.RequestServices;
        return slice;
    }

    private sealed class BufferedPage(RazorSlice slice, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            using var page = For(http, slice);
            using var body = new MemoryStream(16 * 1024);
            await page.RenderAsync(body, http.RequestServices.GetRequiredService<HtmlEncoder>(), http.RequestAborted);
            http.Response.StatusCode = status;
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.ContentLength = body.Length;
            await http.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), http.RequestAborted);
        }
    }
}
