using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure;

namespace PosRenewal.Web.Pages.Agent;

/// <summary><c>/agent/orders/{orderNo}</c>: an order the agent placed: its pay link while open, its receipt once paid.</summary>
public sealed class OrderModel(IAgentService agents, PublicUrl publicUrl) : PageModel
{
    public RenewalOrder? Order { get; private set; }

    public Uri? PayLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(string orderNo, CancellationToken ct)
    {
        Order = await agents.GetOrderAsync(User.AgentId()!.Value, orderNo, ct);
        if (Order is null)
        {
            return NotFound();
        }

        PayLink = publicUrl.Combine($"/orders/{Order.OrderNo}");
        return Page();
    }
}
