using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Batches;

namespace PosRenewal.Web.Pages.Agent;

/// <summary><c>/agent/batch</c>: paste many ICCIDs and a term, see what renewing them would do and cost, card by card.</summary>
public sealed class BatchModel(BatchPreviewService batches) : PageModel
{
    /// <summary>About 1,000 ICCIDs with separators.</summary>
    public const int MaxTextLength = 40_000;

    public IReadOnlyList<int> Terms { get; private set; } = [];

    public BatchPreview? Preview { get; private set; }

    public string Text { get; private set; } = "";

    public int Term { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Terms = await batches.TermsAsync(ct);

    public async Task<IActionResult> OnPostAsync([FromForm] string? iccids, [FromForm] int term, CancellationToken ct)
    {
        Terms = await batches.TermsAsync(ct);
        Text = iccids ?? "";
        Term = term;
        string? problem = null;
        if (!Terms.Contains(term))
        {
            problem = "Choose one of the terms offered.";
        }
        else if (string.IsNullOrWhiteSpace(iccids))
        {
            problem = "Paste the ICCIDs to renew, one per line.";
        }
        else if (iccids.Length > MaxTextLength || (Preview = await batches.PreviewAsync(iccids, term, User.AgentId(), ct)) is null)
        {
            problem = "A batch has at most 1,000 cards. Split the list.";
        }

        if (problem is not null)
        {
            ModelState.AddModelError("", problem);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
