using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Stickers;

namespace PosRenewal.Web.Pages;

/// <summary><c>/r/{token}</c>: where a renewal sticker's QR code leads: straight to its card, or a clear page when the code is not valid.</summary>
public sealed class StickerModel(IStickerService stickers) : PageModel
{
    public StickerState State { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        var scan = await stickers.ScanAsync(token, ct);
        State = scan.State;
        if (scan.State == StickerState.Live)
        {
            return Redirect($"/cards/{scan.Iccid}");
        }

        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
