using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Merchants;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Web.Pages.Merchant;

/// <summary><c>/merchant/orders/{orderNo}</c>: one of the merchant's orders; another merchant's order is a 404.</summary>
public sealed class OrderModel(IMerchantService merchants) : PageModel
{
    public RenewalOrder? Order { get; private set; }

    public async Task<IActionResult> OnGetAsync(string orderNo, CancellationToken ct)
    {
        Order = await merchants.GetOrderAsync(User.MerchantId(), orderNo, ct);
        return Order is null ? NotFound() : Page();
    }
}
