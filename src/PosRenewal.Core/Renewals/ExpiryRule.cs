namespace PosRenewal.Core.Renewals;

/// <summary>
/// Where a card's paid term ends: its expiry date (a China-time calendar date, valid through the end of that day) and
/// its anchor day, the day of the month the term ends on when the month has that day (1..31).
/// </summary>
public readonly record struct Term(DateOnly Expiry, int AnchorDay)
{
    /// <summary>A term that ends on <paramref name="expiry"/>, anchored on that date's day.</summary>
    public static Term EndingOn(DateOnly expiry) => new(expiry, expiry.Day);
}

/// <summary>
/// The expiry arithmetic of docs/product.md, decided in docs/adr/0002-expiry-arithmetic.md. Months count on the anchor
/// day, so the same renewals give the same expiry in any order or grouping, and replaying the renewals that remain
/// after a refund gives exactly the expiry they would have given alone.
/// </summary>
public static class ExpiryRule
{
    /// <summary>
    /// A renewal of <paramref name="months"/> paid on <paramref name="today"/>. Not expired (valid through today or
    /// later): the term moves on by the months, on its anchor day. Expired: a new term starts today and ends the day
    /// before today's day of the month, <paramref name="months"/> later (on the 1st: the last day of the month before).
    /// </summary>
    public static Term Renew(Term current, DateOnly today, int months)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        if (current.Expiry >= today)
        {
            return new Term(AnchorDayIn(current.Expiry, months, current.AnchorDay), current.AnchorDay);
        }

        var yesterday = today.AddDays(-1);
        var anchor = yesterday.Day == DateTime.DaysInMonth(yesterday.Year, yesterday.Month) ? 31 : yesterday.Day;
        return new Term(AnchorDayIn(yesterday, months, anchor), anchor);
    }

    /// <summary>Renewals applied one after another from <paramref name="start"/>, each on the day it was paid.</summary>
    public static Term Replay(Term start, IEnumerable<(DateOnly PaidOn, int Months)> renewals) =>
        renewals.Aggregate(start, (term, renewal) => Renew(term, renewal.PaidOn, renewal.Months));

    /// <summary>The new expiry a renewal would give: what the card page and the confirmation show.</summary>
    public static DateOnly NewExpiry(Term current, DateOnly today, int months) => Renew(current, today, months).Expiry;

    /// <summary>The anchor day in the month <paramref name="months"/> after <paramref name="from"/>'s, or that month's last day when shorter.</summary>
    private static DateOnly AnchorDayIn(DateOnly from, int months, int anchorDay)
    {
        var index = (from.Year * 12) + from.Month - 1 + months;
        var (year, month) = (index / 12, (index % 12) + 1);
        return new DateOnly(year, month, Math.Min(anchorDay, DateTime.DaysInMonth(year, month)));
    }
}
