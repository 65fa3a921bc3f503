using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;
using PosRenewal.Core.Promotions;

namespace PosRenewal.Core.Renewals;

/// <summary>What a renewal costs and what it gives, computed on the server only.</summary>
public sealed record RenewalQuote(Card Card, Package Package, Money Price, Money Discount, Money AgentFee, DateOnly NewExpiry)
{
    /// <summary>Total = package price − discount + agent fee (the discount never takes the price below zero).</summary>
    public Money Total => Price - Discount + AgentFee;

    /// <summary>
    /// The quote for a merchant renewing themselves, or for an agent (whose fee is added, on the full package
    /// price) on a merchant's behalf, with the promotion chosen for it (see <see cref="Promotion.Best"/>).
    /// </summary>
    public static RenewalQuote For(Card card, Package package, DateOnly today, Agent? agent = null, Promotion? promotion = null) =>
        new(card, package, package.Price, promotion?.DiscountOn(package.Price) ?? Money.Zero, agent?.FeeFor(package.Price) ?? Money.Zero,
            ExpiryRule.NewExpiry(card.Term, today, package.TermMonths))
        {
            AgentId = agent?.Id,
            Promotion = promotion,
        };

    public long? AgentId { get; init; }

    public Promotion? Promotion { get; init; }

    public long BonusDataMb => Promotion?.BonusDataMb ?? 0;
}
