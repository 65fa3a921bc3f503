using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;

namespace PosRenewal.Core.Renewals;

/// <summary>What a renewal costs and what it gives, computed on the server only.</summary>
public sealed record RenewalQuote(Card Card, Package Package, Money Price, Money Discount, Money AgentFee, DateOnly NewExpiry)
{
    /// <summary>Total = package price − discount + agent fee (the discount never takes the price below zero).</summary>
    public Money Total => Price - Discount + AgentFee;

    public static RenewalQuote For(Card card, Package package, DateOnly today) =>
        new(card, package, package.Price, Money.Zero, Money.Zero, ExpiryRule.NewExpiry(card.ExpiryDate, today, package.TermMonths));
}
