using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Merchants;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Web.Pages.Merchant;

/// <summary><c>/merchant/orders</c>: the merchant's renewals, newest first.</summary>
public sealed class OrdersModel(IMerchantService merchants) : PageModel
{
    public IReadOnlyList<RenewalOrder> Orders { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Orders = await merchants.ListOrdersAsync(User.MerchantId(), ct);
}
