using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;

namespace PosRenewal.Core.Renewals;

/// <summary>What a renewal costs and what it gives, computed on the server only.</summary>
public sealed record RenewalQuote(Card Card, Package Package, Money Price, Money Discount, Money AgentFee, DateOnly NewExpiry)
{
    /// <summary>Total = package price − discount + agent fee (the discount never takes the price below zero).</summary>
    public Money Total => Price - Discount + AgentFee;

    /// <summary>The quote for a merchant renewing themselves, or for an agent (whose fee is added) on a merchant's behalf.</summary>
    public static RenewalQuote For(Card card, Package package, DateOnly today, Agent? agent = null) =>
        new(card, package, package.Price, Money.Zero, agent?.FeeFor(package.Price) ?? Money.Zero,
            ExpiryRule.NewExpiry(card.ExpiryDate, today, package.TermMonths))
        {
            AgentId = agent?.Id,
        };

    public long? AgentId { get; init; }
}
