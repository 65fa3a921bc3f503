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
/// A page is stored only on its second visit within the lifetime (<see cref="SecondVisit"/>).
/// </summary>
public sealed class CardPageCache(IOutputCacheStore store) : ICardPageCache
{
    public const string Policy = "CardPage";

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public static void Configure(OutputCacheOptions options) =>
        options.AddPolicy(Policy, policy => policy
            .Expire(Lifetime)
            .Tag(AllTag)
            .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name))
            .AddPolicy<SecondVisit>());

    private const string AllTag = "cards";

    public static string Tag(string iccid) => "card:" + iccid;

    public ValueTask EvictAsync(string iccid, CancellationToken ct) => store.EvictByTagAsync(Tag(iccid), ct);

    public ValueTask EvictAllAsync(CancellationToken ct) => store.EvictByTagAsync(AllTag, ct);

    /// <summary>
    /// Stores a card page only when its address (with query and language) was visited within <see cref="Lifetime"/>
    /// before: most lookups of a card are one-offs, and storing them filled the cache with pages nobody asked for again
    /// (and made it compact, sorting every entry, over and over). A fixed table of recent addresses remembers the visits,
    /// a hash and a second each; a collision at worst stores a page on its first visit.
    /// </summary>
    public sealed class SecondVisit(TimeProvider clock) : IOutputCachePolicy
    {
        private readonly long[] recent = new long[1 << 16];

        ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            var hash = (uint)HashCode.Combine(request.Path.Value, request.QueryString.Value, CultureInfo.CurrentUICulture.Name);
            var now = (uint)clock.GetUtcNow().ToUnixTimeSeconds();
            var last = Interlocked.Exchange(ref recent[hash & (recent.Length - 1)], ((long)hash << 32) | now);
            var seen = (uint)(last >> 32) == hash && now - (uint)last < Lifetime.TotalSeconds;
            context.AllowCacheStorage &= seen;
            return ValueTask.CompletedTask;
        }

        ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
    }
}
