using System.Security.Claims;
using PosRenewal.Core.Accounts;
using PosRenewal.Core.Stickers;
using PosRenewal.Infrastructure;

namespace PosRenewal.Web.Pages.Stickers;

public static class StickerScope
{
    /// <summary>The policy for the sticker pages: support, or an agent acting for an agent account.</summary>
    public const string Policy = "Stickers";

    /// <summary>Whose cards the user may print stickers for: null (every card) for support, else the agent's own merchants' cards.</summary>
    public static long? AgentScope(this ClaimsPrincipal user) => user.IsInRole(Roles.Support) ? null : user.AgentId() ?? -1;

    /// <summary>The absolute link a card's sticker encodes.</summary>
    public static string StickerLink(this PublicUrl publicUrl, RenewalSticker sticker) => publicUrl.Combine($"/r/{sticker.Token}").AbsoluteUri;
}
