using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.Web.Pages.Cards;

/// <summary>
/// Anonymous card pages kept in this instance's output cache for a few seconds, one per address (card, promo code and any
/// other query, which the language switch link repeats) and language:
/// a shop's terminal card opened again and again costs one rendering. Signed-in visitors (agents see their fee) are
/// never served from it. A change to the card or its orders saved here drops its page at once, a change to the packages or
/// promotions every card page (<see cref="CardPageEviction"/>).
/// The confirmation page and the order always price afresh.
/// </summary>
public sealed class CardPageCache(IOutputCacheStore store) : ICardPageCache
{
    public const string Policy = "CardPage";

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public static void Configure(OutputCacheOptions options) =>
        options.AddPolicy(Policy, policy => policy
            .Expire(Lifetime)
            .Tag(AllTag)
            .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name)));

    private const string AllTag = "cards";

    public static string Tag(string iccid) => "card:" + iccid;

    public ValueTask EvictAsync(string iccid, CancellationToken ct) => store.EvictByTagAsync(Tag(iccid), ct);

    public ValueTask EvictAllAsync(CancellationToken ct) => store.EvictByTagAsync(AllTag, ct);
}
