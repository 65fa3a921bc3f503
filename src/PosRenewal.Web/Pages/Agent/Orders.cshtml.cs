using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Web.Pages.Agent;

/// <summary><c>/agent/orders</c>: orders the agent placed, with fees; <c>?handler=Csv</c> exports them.</summary>
public sealed class OrdersModel(OrderSearch search) : PageModel
{
    /// <summary>The screen lists the latest orders; the export has them all.</summary>
    public const int ScreenRows = 500;

    public IReadOnlyList<RenewalOrder> Orders { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Orders = await search.FindAsync(Mine, ScreenRows, ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => OrderCsv.File(await search.FindAsync(Mine, int.MaxValue, ct), "orders");

    private OrderFilter Mine => new(AgentId: User.AgentId()!.Value);
}
