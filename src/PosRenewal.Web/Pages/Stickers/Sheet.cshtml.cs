using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Stickers;
using PosRenewal.Infrastructure;

namespace PosRenewal.Web.Pages.Stickers;

/// <summary><c>/stickers/sheet?iccid=…</c>: a print-ready sheet of the cards' live stickers (reads only; codes are issued by the form).</summary>
public sealed class SheetModel(IStickerService stickers, PublicUrl publicUrl) : PageModel
{
    public IReadOnlyList<CardSticker> Cards { get; private set; } = [];

    public string Link(RenewalSticker sticker) => publicUrl.StickerLink(sticker);

    public async Task OnGetAsync(string[] iccid, CancellationToken ct) =>
        Cards = await stickers.GetAsync(iccid.Take(StickerService.MaxPerSheet).ToList(), User.AgentScope(), ct);
}
