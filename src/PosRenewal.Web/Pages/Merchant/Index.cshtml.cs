using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Merchants;

namespace PosRenewal.Web.Pages.Merchant;

/// <summary><c>/merchant</c>: all the signed-in merchant's cards, by urgency; renewing uses the public flow.</summary>
public sealed class IndexModel(IMerchantService merchants, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Card> Cards { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = ChinaTime.Today(clock);
        Cards = await merchants.ListCardsAsync(User.MerchantId(), ct);
    }
}
