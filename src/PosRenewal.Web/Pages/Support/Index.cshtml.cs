using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Support;

namespace PosRenewal.Web.Pages.Support;

/// <summary><c>/support</c>: one search box over every identifier a caller might read out.</summary>
public sealed class IndexModel(ISupportService support) : PageModel
{
    public string? Q { get; private set; }

    public string? Problem { get; private set; }

    public IReadOnlyList<Card> Results { get; private set; } = [];

    public IReadOnlyList<AttentionItem> Attention { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? q, CancellationToken ct)
    {
        if (!Request.Query.ContainsKey("q"))
        {
            Attention = await support.NeedsAttentionAsync(ct);
            return Page();
        }

        Q = q ?? "";
        if (Q.Trim().Length is < 3 or > 64)
        {
            Problem = "Type 3 to 64 characters: at least the last 4 digits of an ICCID, or a full number or name.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Results = await support.SearchAsync(Q, ct);
        return Results.Count == 1 ? Redirect($"/support/cards/{Results[0].Iccid}") : Page();
    }

    /// <summary>Retry of background work parked after its retries (Post/Redirect/Get back to the list).</summary>
    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        var retried = await support.RetryParkedAsync(id, User.Actor()!, ct);
        if (!retried.IsSuccess)
        {
            Problem = retried.Message;
            Attention = await support.NeedsAttentionAsync(ct);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return RedirectToPage();
    }
}
