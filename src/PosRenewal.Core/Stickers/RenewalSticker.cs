using System.Buffers.Text;
using System.Security.Cryptography;
using PosRenewal.Core.Cards;

namespace PosRenewal.Core.Stickers;

/// <summary>
/// The token behind a card's renewal QR sticker (<c>/r/{token}</c>). Opaque and unguessable (128 random bits,
/// not derived from the ICCID); a card has at most one live sticker, and a revoked token never works again.
/// </summary>
public class RenewalSticker
{
    public const int TokenLength = 22;

    private RenewalSticker()
    {
    }

    public RenewalSticker(long cardId, DateTime nowUtc)
    {
        CardId = cardId;
        Token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        IssuedAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    public long CardId { get; private set; }

    public Card Card { get; private set; } = null!;

    public string Token { get; private set; } = "";

    public DateTime IssuedAtUtc { get; private set; }

    public DateTime? RevokedAtUtc { get; private set; }

    public bool IsLive => RevokedAtUtc is null;

    public void Revoke(DateTime nowUtc) => RevokedAtUtc ??= nowUtc;

    /// <summary>Whether <paramref name="token"/> has the shape of a token (so junk is refused without a query).</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
