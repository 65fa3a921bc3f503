using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Imports;
using PosRenewal.Infrastructure.Imports;

namespace PosRenewal.Web.Pages.Admin;

/// <summary><c>/admin/imports</c>: upload a card inventory CSV (run in the background), see recent imports, export the cards.</summary>
[RequestSizeLimit(MaxUploadBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes + 1024 * 1024)]
public sealed class ImportsModel(IImportService imports, IPosRenewalDb db) : PageModel
{
    /// <summary>About 1,250,000 lines of inventory. The file is stored and imported a part at a time, never held whole.</summary>
    public const int MaxUploadBytes = 100 * 1024 * 1024;

    public IReadOnlyList<CardImport> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Recent = await imports.RecentAsync(20, ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, [FromForm] string? mode, CancellationToken ct)
    {
        string? problem = null;
        if (!Enum.TryParse<ImportMode>(mode, out var importMode) || !Enum.IsDefined(importMode))
        {
            problem = "Choose all or nothing, or import the valid lines.";
        }
        else if (file is null || file.Length == 0)
        {
            problem = "Choose a CSV file to import.";
        }
        else if (file.Length > MaxUploadBytes)
        {
            problem = "The file is larger than 100 MB. Split it into several files.";
        }
        else
        {
            problem = await CardCsv.CheckHeaderAsync(file.OpenReadStream());
        }

        if (problem is not null)
        {
            ModelState.AddModelError("", problem);
            Recent = await imports.RecentAsync(20, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await using var content = file!.OpenReadStream();
        var import = await imports.QueueAsync(Path.GetFileName(file.FileName), importMode, content, User.Actor()!, ct);
        return RedirectToPage("/Admin/Import", new { id = import.Id });
    }

    /// <summary>All cards (or one carrier's, or one state's) in the import format, so the file can be corrected and imported again.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? carrier, string? status, CancellationToken ct)
    {
        var cards = db.Cards.AsNoTracking().Include(c => c.Merchant).AsQueryable();
        if (!string.IsNullOrEmpty(carrier))
        {
            if (!Enum.TryParse<Carrier>(carrier, out var c) || !Enum.IsDefined(c))
            {
                return BadRequest("Unknown carrier.");
            }

            cards = cards.Where(x => x.Carrier == c);
        }

        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<CardStatus>(status, out var s) || !Enum.IsDefined(s))
            {
                return BadRequest("Unknown status.");
            }

            cards = cards.Where(x => x.Status == s);
        }

        var agents = await db.Agents.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"cards-{DateTime.UtcNow:yyyyMMdd}.csv\"";
        await CardCsv.WriteAsync(Response.Body, cards.OrderBy(c => c.Id).AsAsyncEnumerable()
            .Select(c => (c, c.Merchant?.AgentId is { } a ? agents.GetValueOrDefault(a) : null)), ct);
        return new EmptyResult();
    }
}
