using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Batches;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Web.Pages.Batches;

/// <summary><c>/batches</c>: the latest batches (an agent's own; for an admin, everyone's) with how far each has got.</summary>
public sealed class IndexModel(BatchService batches) : PageModel
{
    public IReadOnlyList<(RenewalBatch Batch, IReadOnlyDictionary<OrderStatus, int> Orders)> Batches { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Batches = await batches.RecentAsync(User.BatchScope(), 100, ct);
}
