using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace PosRenewal.Web.Pages;

/// <summary>Friendly status pages; never a stack trace.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(IStringLocalizer<SharedResource> l) : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Message { get; private set; } = "";

    public string? RequestId { get; private set; }

    /// <summary>After a rate limit: when to try again.</summary>
    public string? RetryAfter { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var (title, message) = code switch
        {
            404 => ("Page not found", "There is nothing at this address. If you followed a link to an order, check the order number."),
            400 => ("Request not understood", "Something in the request was not valid. Go back and try again."),
            405 => ("Not allowed", "This address does not accept that kind of request."),
            429 => ("Too many requests", "Too many requests from your network in a short time. Please wait a moment and try again."),
            null or >= 500 => ("Something went wrong", "We could not complete this. Nothing was charged twice; try again in a moment."),
            _ => ("Request refused", "This request could not be completed."),
        };
        (Title, Message) = (l[title], l[message]);
        if (code == 429 && HttpContext.Items[Security.RateLimits.RetryAfterItem] is int wait)
        {
            RetryAfter = l["You can try again in {0} seconds.", wait];
        }

        if (code is null or >= 500)
        {
            RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        }
    }
}
