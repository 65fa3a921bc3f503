using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Stickers;

namespace PosRenewal.Web.Pages.Stickers;

/// <summary><c>/stickers</c>: choose the cards to print renewal stickers for (issuing codes where a card has none).</summary>
public sealed class IndexModel(IStickerService stickers, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public string? Iccids { get; set; }

    public void OnGet(string[] iccid) => Iccids = string.Join('\n', iccid);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var lines = (Iccids ?? "").Split(['\n', ',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var valid = new List<string>();
        foreach (var line in lines)
        {
            if (Iccid.TryParse(line, out var iccid, out var error))
            {
                valid.Add(iccid.Value);
            }
            else
            {
                ModelState.AddModelError(nameof(Iccids), $"{line}: {IccidMessages.For(error, line, l)}");
            }
        }

        if (lines.Length == 0)
        {
            ModelState.AddModelError(nameof(Iccids), "Enter at least one ICCID, one per line.");
        }
        else if (lines.Length > StickerService.MaxPerSheet)
        {
            ModelState.AddModelError(nameof(Iccids), l["At most {0} cards a sheet; split the list.", StickerService.MaxPerSheet]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await stickers.EnsureAsync(valid, User.AgentScope(), User.Actor()!, ct);
        if (!result.IsSuccess)
        {
            ModelState.AddModelError(nameof(Iccids), result.Message!);
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        var missing = valid.Distinct().Except(result.Value!.Select(s => s.Card.Iccid)).ToList();
        if (missing.Count > 0)
        {
            TempData["Missing"] = string.Join(", ", missing);
        }

        return RedirectToPage("Sheet", new { iccid = result.Value!.Select(s => s.Card.Iccid).ToArray() });
    }
}
