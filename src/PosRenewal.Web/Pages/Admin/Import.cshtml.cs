using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Imports;

namespace PosRenewal.Web.Pages.Admin;

/// <summary><c>/admin/imports/{id}</c>: an import's progress (refreshing while it runs), then its outcome and each refused line.</summary>
public sealed class ImportModel(IImportService imports) : PageModel
{
    public ImportReport Report { get; private set; } = null!;

    /// <summary>What the page shows that can change while it is open (polled by poll.js).</summary>
    public string State => $"{Report.Import.Status}/{Report.Import.ProcessedLines}";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetStateAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Content(State) : NotFound();

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Report = (await imports.GetAsync(id, ct))!;
        return Report is not null;
    }
}
