using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Common;

namespace PosRenewal.Web.Pages.Admin;

/// <summary><c>/admin/audit</c>: browse the append-only audit trail.</summary>
public sealed class AuditModel(IPosRenewalDb db) : PageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Entries = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(500).ToListAsync(ct);
}
