namespace PosRenewal.Core.Renewals;

/// <summary>
/// The expiry arithmetic of PRODUCT.md. All dates are China-time calendar dates and a card is valid
/// through the end of its expiry day. See docs/adr/0002-expiry-arithmetic.md.
/// </summary>
public static class ExpiryRule
{
    /// <summary>
    /// Not expired: the term is added to the current expiry. Expired: the term starts today, so it runs
    /// as if the card had expired yesterday (a lapse never earns extra days).
    /// Month ends stick: a card valid through the last day of a month stays valid through month ends.
    /// </summary>
    public static DateOnly NewExpiry(DateOnly currentExpiry, DateOnly today, int termMonths)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(termMonths, 1);
        var yesterday = today.AddDays(-1);
        var from = currentExpiry >= today ? currentExpiry : yesterday;
        return AddCalendarMonths(from, termMonths);
    }

    /// <summary>Adds months, clamping to the end of shorter months and keeping month-end dates at month end.</summary>
    public static DateOnly AddCalendarMonths(DateOnly date, int months)
    {
        var isMonthEnd = date.Day == DateTime.DaysInMonth(date.Year, date.Month);
        var result = date.AddMonths(months);
        return isMonthEnd
            ? new DateOnly(result.Year, result.Month, DateTime.DaysInMonth(result.Year, result.Month))
            : result;
    }
}
