using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Imports;

namespace PosRenewal.Web.Pages.Admin;

/// <summary><c>/admin/imports/{id}</c>: an import's progress (refreshing while it runs), then its outcome and each refused line.</summary>
public sealed class ImportModel(IImportService imports) : PageModel
{
    public ImportReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var report = await imports.GetAsync(id, ct);
        if (report is null)
        {
            return NotFound();
        }

        Report = report;
        return Page();
    }
}
