using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Stickers;
using PosRenewal.Infrastructure;
using PosRenewal.Web.Qr;

namespace PosRenewal.Web.Pages.Stickers;

/// <summary><c>/stickers/card/{iccid}</c>: one card's sticker: issue, re-issue, revoke, download as PNG or SVG.</summary>
public sealed class CardModel(IStickerService stickers, PublicUrl publicUrl) : PageModel
{
    public CardSticker? Item { get; private set; }

    public string? Link => Item?.Sticker is { } s ? publicUrl.StickerLink(s) : null;

    public async Task<IActionResult> OnGetAsync(string iccid, CancellationToken ct) =>
        await LoadAsync(iccid, ct) ? Page() : NotFoundPage();

    public async Task<IActionResult> OnGetPngAsync(string iccid, CancellationToken ct) =>
        await LoadAsync(iccid, ct) && Link is { } link
            ? File(QrCodes.Png(link), "image/png", $"renewal-{iccid}.png")
            : NotFound();

    public async Task<IActionResult> OnGetSvgAsync(string iccid, CancellationToken ct) =>
        await LoadAsync(iccid, ct) && Link is { } link
            ? File(Encoding.UTF8.GetBytes(QrCodes.Svg(link)), "image/svg+xml", $"renewal-{iccid}.svg")
            : NotFound();

    public async Task<IActionResult> OnPostIssueAsync(string iccid, CancellationToken ct) =>
        Done(await stickers.EnsureAsync([iccid], User.AgentScope(), User.Actor()!, ct), iccid, "Sticker issued.");

    public async Task<IActionResult> OnPostReissueAsync(string iccid, CancellationToken ct) =>
        Done(await stickers.ReissueAsync(iccid, User.AgentScope(), User.Actor()!, ct), iccid, "New sticker issued; the old code no longer works.");

    public async Task<IActionResult> OnPostRevokeAsync(string iccid, CancellationToken ct) =>
        Done(await stickers.RevokeAsync(iccid, User.AgentScope(), User.Actor()!, ct), iccid, "Sticker revoked; its code no longer works.");

    private IActionResult Done<T>(Core.Common.Result<T> result, string iccid, string message)
    {
        if (result.Error == StickerErrors.CardNotFound)
        {
            return NotFoundPage();
        }

        TempData["Message"] = result.IsSuccess ? message : result.Message;
        return RedirectToPage(new { iccid });
    }

    private async Task<bool> LoadAsync(string iccid, CancellationToken ct)
    {
        Item = (await stickers.GetAsync([iccid], User.AgentScope(), ct)).SingleOrDefault();
        return Item is not null;
    }

    private IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
