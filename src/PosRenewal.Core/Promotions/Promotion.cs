using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Promotions;

public enum PromotionKind
{
    /// <summary>A fixed amount off the package price ("立减 5 元").</summary>
    AmountOff = 1,

    /// <summary>A percentage off the package price.</summary>
    PercentOff = 2,

    /// <summary>Extra data with the renewal ("赠送 1GB"), applied on the carrier with it.</summary>
    BonusData = 3,
}

/// <summary>
/// A promotion an administrator runs: what it gives, when (China dates, inclusive), for which renewals
/// (packages, carriers, agents' merchants, first renewal only), optionally behind a code the merchant types,
/// optionally capped. <see cref="Uses"/> is taken with a conditional UPDATE when an order is placed, so the
/// cap holds however many orders race for the last use.
/// </summary>
public class Promotion
{
    public const int NameMaxLength = 100;
    public const int CodeMaxLength = 32;
    public const int ListMaxLength = 400;

    private Promotion()
    {
    }

    public Promotion(string name, PromotionKind kind, decimal value, DateOnly startsOn, DateOnly endsOn, DateTime nowUtc, string? nameEn = null)
    {
        Name = name;
        NameEn = nameEn ?? name;
        Kind = kind;
        Value = value;
        StartsOn = startsOn;
        EndsOn = endsOn;
        CreatedAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    /// <summary>As shown to merchants, e.g. "立减 5 元".</summary>
    public string Name { get; private set; } = "";

    /// <summary>As shown on English pages, e.g. "¥5 off".</summary>
    public string NameEn { get; private set; } = "";

    public PromotionKind Kind { get; private set; }

    /// <summary>Yuan off (AmountOff), percent off (PercentOff) or megabytes of data (BonusData).</summary>
    public decimal Value { get; private set; }

    public DateOnly StartsOn { get; private set; }

    /// <summary>Last day it runs (China date). Ending it early sets this to yesterday.</summary>
    public DateOnly EndsOn { get; private set; }

    public string State(DateOnly today) => today < StartsOn ? "Scheduled" : today > EndsOn ? "Ended" : MaxUses <= Uses ? "Used up" : "Running";

    /// <summary>Package codes it applies to, comma-separated; null for all.</summary>
    public string? PackageCodes { get; init; }

    /// <summary>Carriers it applies to, comma-separated; null for all.</summary>
    public string? Carriers { get; init; }

    /// <summary>Agents whose merchants' cards it applies to, comma-separated ids; null for all cards.</summary>
    public string? AgentIds { get; init; }

    /// <summary>Only for a card that has never had a paid renewal.</summary>
    public bool FirstRenewalOnly { get; init; }

    /// <summary>Upper-case code the merchant must type; null when it applies by itself.</summary>
    public string? Code { get; init; }

    public int? MaxUses { get; init; }

    public int Uses { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public bool IsRunning(DateOnly today) => StartsOn <= today && today <= EndsOn && (MaxUses is null || Uses < MaxUses);

    /// <summary>Ends the promotion at the end of yesterday (China date): orders already placed keep it.</summary>
    public void End(DateOnly today) => EndsOn = EndsOn < today ? EndsOn : today.AddDays(-1);

    /// <summary>Whether it applies to this renewal, apart from dates and the cap.</summary>
    public bool AppliesTo(Card card, string packageCode, long? merchantAgentId, bool firstRenewal, string? typedCode) =>
        (Code is null || string.Equals(Code, typedCode, StringComparison.OrdinalIgnoreCase))
        && InList(PackageCodes, packageCode)
        && InList(Carriers, card.Carrier.ToString())
        && (AgentIds is null || (merchantAgentId is { } agent && InList(AgentIds, agent.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        && (!FirstRenewalOnly || firstRenewal);

    /// <summary>What every order still costs after any promotion: a gateway is never asked for ¥0, so every paid order passed one.</summary>
    public static readonly Money LeastCharge = new(0.01m);

    /// <summary>Money off a package price, percentages rounded to the fen; never so much that less than <see cref="LeastCharge"/> is left.</summary>
    public Money DiscountOn(Money price)
    {
        var off = Kind switch
        {
            PromotionKind.AmountOff => Value,
            PromotionKind.PercentOff => decimal.Round(price.Amount * Value / 100m, Money.Scale, MidpointRounding.AwayFromZero),
            _ => 0m,
        };
        return new Money(Math.Max(0m, Math.Min(off, price.Amount - LeastCharge.Amount)));
    }

    public long BonusDataMb => Kind == PromotionKind.BonusData ? (long)Value : 0;

    /// <summary>
    /// The best of the promotions that apply: the most money off; between equal discounts the most bonus
    /// data; then the one ending soonest (use it before it goes), then the oldest. One promotion per order.
    /// </summary>
    public static Promotion? Best(IEnumerable<Promotion> applicable, Money price) =>
        applicable.OrderByDescending(p => p.DiscountOn(price).Amount).ThenByDescending(p => p.BonusDataMb)
            .ThenBy(p => p.EndsOn).ThenBy(p => p.Id).FirstOrDefault();

    /// <summary>The best of the running promotions that apply to renewing <paramref name="card"/> with <paramref name="package"/>.</summary>
    public static Promotion? BestFor(IEnumerable<Promotion> running, Card card, Packages.Package package, bool firstRenewal, string? typedCode) =>
        Best(running.Where(p => p.AppliesTo(card, package.Code, card.Merchant?.AgentId, firstRenewal, typedCode)), package.Price);

    /// <summary>The promotions running on <paramref name="today"/>: within their dates and not used up (as a query).</summary>
    public static IQueryable<Promotion> RunningOn(IQueryable<Promotion> promotions, DateOnly today) =>
        promotions.Where(p => p.StartsOn <= today && p.EndsOn >= today && (p.MaxUses == null || p.Uses < p.MaxUses));

    /// <summary>A typed promo code, trimmed and upper-cased: letters, digits and dashes, up to 32; empty means none.</summary>
    public static bool TryNormalizeCode(string? input, out string? code)
    {
        code = string.IsNullOrWhiteSpace(input) ? null : input.Trim().ToUpperInvariant();
        return code is null || (code.Length <= CodeMaxLength && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    private static bool InList(string? list, string value) =>
        list is null || list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(value, StringComparer.OrdinalIgnoreCase);
}
