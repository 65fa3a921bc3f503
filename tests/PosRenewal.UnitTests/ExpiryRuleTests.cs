using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;

namespace PosRenewal.UnitTests;

public class ExpiryRuleTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Not expired: the term is added to the current expiry.
    [InlineData("2026-12-15", "2026-11-23", 1, "2027-01-15")]
    [InlineData("2026-12-15", "2026-11-23", 3, "2027-03-15")]
    [InlineData("2026-12-15", "2026-11-23", 12, "2027-12-15")]
    // Expiring today is not expired yet.
    [InlineData("2026-11-23", "2026-11-23", 1, "2026-12-23")]
    // Month ends: shorter months clamp, month-end expiries stay at month end.
    [InlineData("2027-01-31", "2026-11-23", 1, "2027-02-28")]
    [InlineData("2027-01-30", "2026-11-23", 1, "2027-02-28")]
    [InlineData("2027-02-28", "2026-11-23", 1, "2027-03-31")]
    [InlineData("2026-11-30", "2026-11-23", 3, "2027-02-28")]
    [InlineData("2027-08-31", "2026-11-23", 6, "2028-02-29")]
    // Leap years.
    [InlineData("2028-01-31", "2027-12-01", 1, "2028-02-29")]
    [InlineData("2028-02-29", "2027-12-01", 12, "2029-02-28")]
    [InlineData("2028-02-29", "2027-12-01", 1, "2028-03-31")]
    public void Does_add_the_term_to_the_current_expiry_when_not_expired(string expiry, string today, int months, string expected) =>
        Assert.Equal(D(expected), ExpiryRule.NewExpiry(D(expiry), D(today), months));

    [Theory]
    // Expired: the term starts today and ends the day before the same date next term.
    [InlineData("2026-10-01", "2026-11-23", 1, "2026-12-22")]
    [InlineData("2025-01-01", "2026-11-23", 12, "2027-11-22")]
    // Expired yesterday: the same result as renewing yesterday (a lapse earns no extra day).
    [InlineData("2026-11-22", "2026-11-23", 1, "2026-12-22")]
    // Term starting on the 1st runs to a month end.
    [InlineData("2026-01-15", "2026-03-01", 1, "2026-03-31")]
    [InlineData("2026-01-15", "2028-03-01", 1, "2028-03-31")]
    public void Does_start_the_term_today_when_expired(string expiry, string today, int months, string expected) =>
        Assert.Equal(D(expected), ExpiryRule.NewExpiry(D(expiry), D(today), months));

    [Fact]
    public void Does_refuse_a_term_shorter_than_a_month() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpiryRule.NewExpiry(D("2026-12-01"), D("2026-11-23"), 0));

    [Theory]
    [InlineData("2026-11-22T15:59:59Z", "2026-11-22")]
    [InlineData("2026-11-22T16:00:00Z", "2026-11-23")]
    [InlineData("2026-12-31T16:00:00Z", "2027-01-01")]
    public void Does_use_china_time_for_the_day_when_near_midnight(string utc, string chinaDate) =>
        Assert.Equal(D(chinaDate), ChinaTime.DateOf(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Does_treat_a_card_as_expired_only_after_its_expiry_day_in_china_time()
    {
        // 23:30 on 2026-11-23 in China is 15:30 UTC: the card valid through the 23rd still works.
        var clock = new FixedClock(DateTimeOffset.Parse("2026-11-23T15:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var today = ChinaTime.Today(clock);
        Assert.Equal(D("2026-12-23"), ExpiryRule.NewExpiry(D("2026-11-23"), today, 1));
        // Half an hour later in China it is the 24th and the card has lapsed.
        clock = new FixedClock(DateTimeOffset.Parse("2026-11-23T16:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(D("2026-12-23"), ExpiryRule.NewExpiry(D("2026-11-23"), ChinaTime.Today(clock), 1));
        Assert.Equal(D("2026-12-24"), ExpiryRule.NewExpiry(D("2026-11-20"), D("2026-11-25"), 1));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
