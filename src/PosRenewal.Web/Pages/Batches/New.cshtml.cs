using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Batches;
using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Web.Pages.Batches;

/// <summary>
/// <c>/batches/new</c>: paste ICCIDs (or upload a CSV whose first column holds them) and a term, see what renewing
/// them would do and cost card by card, then place the batch: one order per card, paid once on the batch page.
/// </summary>
public sealed class NewModel(BatchService batches) : PageModel
{
    /// <summary>About 1,000 ICCIDs with separators.</summary>
    public const int MaxTextLength = 40_000;

    /// <summary>A CSV of 1,000 cards in the import format is well under this.</summary>
    public const int MaxUploadBytes = 512 * 1024;

    public IReadOnlyList<int> Terms { get; private set; } = [];

    public BatchPreview? Preview { get; private set; }

    /// <summary>The list as posted, lines ending in LF (a browser posts CRLF; a carriage return echoed into the page is not valid HTML).</summary>
    public string Text { get; private set => field = value.ReplaceLineEndings("\n"); } = "";

    public int Term { get; private set; }

    /// <summary>Issued with each preview: placing the same preview twice places one batch.</summary>
    public string Key { get; } = Guid.NewGuid().ToString("N");

    public async Task OnGetAsync(CancellationToken ct) => Terms = await batches.TermsAsync(ct);

    public async Task<IActionResult> OnPostAsync([FromForm] string? iccids, [FromForm] int term, IFormFile? file, CancellationToken ct)
    {
        if (file is { Length: > 0 })
        {
            iccids = file.Length > MaxUploadBytes ? null : FirstColumn(await ReadAsync(file, ct));
            if (iccids is null)
            {
                return await RefuseAsync("", term, StatusCodes.Status400BadRequest, "Upload a CSV file of at most 512 KB with the ICCIDs in its first column.", ct);
            }
        }

        if (await CheckAsync(iccids, term, ct) is { } refused)
        {
            return refused;
        }

        (Text, Term) = (iccids!, term);
        Preview = await batches.PreviewAsync(iccids!, term, User.BatchScope(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPlaceAsync([FromForm] string? iccids, [FromForm] int term, [FromForm] string? key, [FromForm] string? confirmedTotal, CancellationToken ct)
    {
        if (await CheckAsync(iccids, term, ct) is { } refused)
        {
            return refused;
        }

        if (key is not { Length: >= 16 and <= RenewalOrder.IdempotencyKeyMaxLength } || !key.All(char.IsAsciiLetterOrDigit)
            || !Money.TryParseWire(confirmedTotal, out var confirmed))
        {
            return await RefuseAsync(iccids!, term, StatusCodes.Status400BadRequest, "This form has expired. Preview the list again.", ct);
        }

        var placed = await batches.PlaceAsync(iccids!, term, User.BatchScope(), User.Actor()!, key, confirmed, ct);
        if (placed.IsSuccess)
        {
            return RedirectToPage("/Batches/Show", new { batchNo = placed.Value!.BatchNo });
        }

        // The price changed, or the form was reused: show the list as it is now, to confirm again.
        var status = placed.Error is RenewalErrors.PriceChanged or RenewalErrors.KeyReused ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await RefuseAsync(iccids!, term, status, placed.Message!, ct, preview: true);
    }

    /// <summary>The term and list must be usable before anything is read; returns the refusal to show, or null.</summary>
    private async Task<IActionResult?> CheckAsync(string? iccids, int term, CancellationToken ct)
    {
        Terms = await batches.TermsAsync(ct);
        var problem = !Terms.Contains(term) ? "Choose one of the terms offered."
            : string.IsNullOrWhiteSpace(iccids) ? "Paste the ICCIDs to renew, one per line."
            : iccids.Length > MaxTextLength || BatchService.Entries(iccids).Count > BatchService.MaxLines
                ? BatchErrors.TooManyMessage
                : null;
        return problem is null ? null : await RefuseAsync(iccids ?? "", term, StatusCodes.Status400BadRequest, problem, ct);
    }

    private async Task<IActionResult> RefuseAsync(string iccids, int term, int status, string problem, CancellationToken ct, bool preview = false)
    {
        Terms = Terms.Count > 0 ? Terms : await batches.TermsAsync(ct);
        Text = iccids.Length > MaxTextLength ? "" : iccids;
        Term = term;
        if (preview)
        {
            Preview = await batches.PreviewAsync(iccids, term, User.BatchScope(), ct);
        }

        ModelState.AddModelError("", problem);
        Response.StatusCode = status;
        return Page();
    }

    private static async Task<string> ReadAsync(IFormFile file, CancellationToken ct)
    {
        using var reader = new StreamReader(file.OpenReadStream(), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(ct);
    }

    /// <summary>The first field of every line of a CSV (quotes removed), without a header line named "iccid".</summary>
    internal static string FirstColumn(string csv) => string.Join('\n', csv.Split('\n')
        .Select(line => line.Split([',', ';', '\t'], 2)[0].Trim().Trim('"').Trim())
        .Where(field => field.Length > 0 && !field.Equals("iccid", StringComparison.OrdinalIgnoreCase)));
}
