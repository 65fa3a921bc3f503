using System.Globalization;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;
using PosRenewal.Core.Renewals;

namespace PosRenewal.UnitTests;

/// <summary>The expiry rule (ADR 0002): literal dates written by hand, then properties over random renewals and refunds.</summary>
[Trait("Category", "Dates")]
public class ExpiryRuleTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    // Not expired: the term moves on by the months, on the card's anchor day (here the expiry's own day).
    [InlineData("2026-12-15", "2026-11-23", 1, "2027-01-15")]
    [InlineData("2026-12-15", "2026-11-23", 3, "2027-03-15")]
    [InlineData("2026-12-15", "2026-11-23", 12, "2027-12-15")]
    // Expiring today is not expired yet.
    [InlineData("2026-11-23", "2026-11-23", 1, "2026-12-23")]
    // Shorter months clamp to their last day.
    [InlineData("2027-01-31", "2026-11-23", 1, "2027-02-28")]
    [InlineData("2027-01-30", "2026-11-23", 1, "2027-02-28")]
    [InlineData("2026-11-30", "2026-11-23", 3, "2027-02-28")]
    [InlineData("2027-08-31", "2026-11-23", 6, "2028-02-29")]
    // A card whose term ends on the 28th stays on the 28th (it no longer drifts to month ends).
    [InlineData("2027-02-28", "2026-11-23", 1, "2027-03-28")]
    // Leap years.
    [InlineData("2028-01-31", "2027-12-01", 1, "2028-02-29")]
    [InlineData("2028-02-29", "2027-12-01", 12, "2029-02-28")]
    [InlineData("2028-02-29", "2027-12-01", 1, "2028-03-29")]
    public void Does_move_a_current_term_on_by_its_months_on_the_anchor_day(string expiry, string today, int months, string expected) =>
        Assert.Equal(D(expected), ExpiryRule.NewExpiry(Term.EndingOn(D(expiry)), D(today), months));

    [Theory]
    // The anchor day carries through short months: a term anchored on the 31st is back on the 31st after February.
    [InlineData("2027-02-28", 31, 1, "2027-03-31")]
    [InlineData("2027-02-28", 30, 1, "2027-03-30")]
    [InlineData("2027-02-28", 29, 2, "2027-04-29")]
    [InlineData("2027-04-30", 31, 10, "2028-02-29")]
    public void Does_keep_the_anchor_day_through_short_months(string expiry, int anchor, int months, string expected) =>
        Assert.Equal(D(expected), ExpiryRule.NewExpiry(new Term(D(expiry), anchor), D("2026-11-23"), months));

    [Theory]
    // Expired: a new term starts on the day of payment and ends the day before that day of the month, a term later.
    [InlineData("2026-10-01", "2026-11-23", 1, "2026-12-22", 22)]
    [InlineData("2025-01-01", "2026-11-23", 12, "2027-11-22", 22)]
    // Expired yesterday: the same as renewing yesterday (a lapse earns no day).
    [InlineData("2026-11-22", "2026-11-23", 1, "2026-12-22", 22)]
    [InlineData("2027-03-01", "2027-03-15", 1, "2027-04-14", 14)]
    // A term starting on the 1st ends on a month's last day, and stays on month ends.
    [InlineData("2026-01-15", "2026-03-01", 1, "2026-03-31", 31)]
    [InlineData("2026-01-15", "2028-03-01", 1, "2028-03-31", 31)]
    [InlineData("2026-01-15", "2027-03-01", 1, "2027-03-31", 31)]
    public void Does_start_a_new_term_on_the_day_of_payment_when_expired(string expiry, string today, int months, string expected, int anchor) =>
        Assert.Equal(new Term(D(expected), anchor), ExpiryRule.Renew(Term.EndingOn(D(expiry)), D(today), months));

    [Fact]
    public void Does_refuse_a_term_shorter_than_a_month() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpiryRule.Renew(Term.EndingOn(D("2026-12-01")), D("2026-11-23"), 0));

    [Theory]
    // The cases, by hand: the same renewals give the same expiry in any order or grouping.
    [InlineData("2027-01-29", "1,3", "2027-05-29")]
    [InlineData("2027-01-29", "3,1", "2027-05-29")]
    [InlineData("2027-01-29", "4", "2027-05-29")]
    [InlineData("2027-01-30", "1,1", "2027-03-30")]
    [InlineData("2027-01-30", "2", "2027-03-30")]
    [InlineData("2027-01-31", "1,1,1", "2027-04-30")]
    [InlineData("2027-01-31", "1,1,1,1", "2027-05-31")]
    public void Does_give_the_same_expiry_for_the_same_renewals_in_any_order(string expiry, string months, string expected)
    {
        var renewals = months.Split(',').Select(m => (D("2026-11-23"), int.Parse(m, CultureInfo.InvariantCulture)));
        Assert.Equal(D(expected), ExpiryRule.Replay(Term.EndingOn(D(expiry)), renewals).Expiry);
    }

    [Theory]
    [InlineData("2026-11-22T15:59:59Z", "2026-11-22")]
    [InlineData("2026-11-22T16:00:00Z", "2026-11-23")]
    [InlineData("2026-12-31T16:00:00Z", "2027-01-01")]
    public void Does_use_china_time_for_the_day_when_near_midnight(string utc, string chinaDate) =>
        Assert.Equal(D(chinaDate), ChinaTime.DateOf(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture)));

    [Fact]
    public void Does_take_the_day_in_china_time_where_utc_has_not_turned_yet()
    {
        // A card valid through November 19, renewed for a month. At 23:30 on the 20th in China (15:30 UTC) the new
        // term starts on the 20th and ends December 19.
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-20T15:30:00Z", CultureInfo.InvariantCulture));
        Assert.Equal(D("2026-12-19"), ExpiryRule.NewExpiry(Term.EndingOn(D("2026-11-19")), ChinaTime.Today(clock), 1));

        // An hour later it is the 21st in China but still the 20th in UTC: the term starts on the 21st. A server
        // going by UTC (or by its own zone) would still say December 19.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(D("2026-11-20"), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        Assert.Equal(D("2026-12-20"), ExpiryRule.NewExpiry(Term.EndingOn(D("2026-11-19")), ChinaTime.Today(clock), 1));
    }

    [Fact]
    public void Does_restore_exactly_the_start_when_two_renewals_of_a_card_on_the_29th_are_refunded()
    {
        var card = NewCard(D("2027-01-29"));
        var first = Pay(card, 1, "2026-12-01T02:00:00Z");
        var second = Pay(card, 1, "2026-12-02T02:00:00Z");
        Assert.Equal(D("2027-03-29"), card.ExpiryDate);

        first.MarkRefunded([second], new DateTime(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc));
        Assert.Equal(D("2027-02-28"), card.ExpiryDate);
        second.MarkRefunded([], new DateTime(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc));

        Assert.Equal(D("2027-01-29"), card.ExpiryDate);
        Assert.Equal(29, card.AnchorDay);
    }

    [Fact]
    public void Does_leave_the_expiry_the_remaining_renewal_gives_when_the_first_of_an_expired_cards_renewals_is_refunded()
    {
        var card = NewCard(D("2027-03-01"));
        var first = Pay(card, 1, "2027-03-15T02:00:00Z");
        Assert.Equal(D("2027-04-14"), card.ExpiryDate);
        var second = Pay(card, 1, "2027-03-20T02:00:00Z");
        Assert.Equal(D("2027-05-14"), card.ExpiryDate);

        var change = first.MarkRefunded([second], new DateTime(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc));

        // As if only the renewal paid on March 20 had happened: the card had expired then, so its month ran from that day.
        Assert.Equal(D("2027-04-19"), card.ExpiryDate);
        Assert.Equal(new ExpiryChange(D("2027-05-14"), D("2027-04-19")), change);
        Assert.Equal((D("2027-03-01"), D("2027-04-19")), (second.PreviousExpiry, second.NewExpiry));
    }

    [Fact]
    public void Does_take_today_from_the_payment_time_not_from_when_the_notification_is_processed()
    {
        var card = NewCard(D("2027-01-10"));
        // Paid at 23:59:59 China time on January 10 (the card's last day); processed after midnight.
        var order = Pay(card, 1, "2027-01-10T15:59:59Z");

        Assert.Equal(D("2027-02-10"), order.NewExpiry);
        Assert.Equal(D("2027-01-10"), order.PaidOn);
    }

    private static readonly Gen<DateOnly> Dates = Gen.Int[new DateOnly(2026, 1, 1).DayNumber, new DateOnly(2032, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);

    /// <summary>Expiries and payment days near month ends and February are where the arithmetic breaks: draw them often.</summary>
    private static readonly Gen<DateOnly> Edgy = Gen.Frequency(
        (2, Dates),
        (1, Gen.Select(Gen.Int[2026, 2032], Gen.Int[1, 12], Gen.Int[0, 3], (y, m, back) => new DateOnly(y, m, DateTime.DaysInMonth(y, m) - back))),
        (1, Gen.Select(Gen.Int[2026, 2032], Gen.Int[27, 29], (y, d) => new DateOnly(y, 2, Math.Min(d, DateTime.DaysInMonth(y, 2))))));

    [Fact]
    public void Does_give_the_same_expiry_in_any_order_and_grouping_while_the_card_is_current() =>
        Gen.Select(Edgy, Gen.Int[1, 31], Gen.Int[1, 12].Array[1, 6]).Sample((expiry, anchor, months) =>
        {
            // A term that can be: its expiry falls on its anchor day, or on a month's last day short of it.
            var start = new Term(expiry, expiry.Day == DateTime.DaysInMonth(expiry.Year, expiry.Month) ? Math.Max(anchor, expiry.Day) : expiry.Day);
            var today = expiry.AddDays(-1);
            var inOrder = ExpiryRule.Replay(start, months.Select(m => (today, m)));
            var reversed = ExpiryRule.Replay(start, months.Reverse().Select(m => (today, m)));
            var together = ExpiryRule.Renew(start, today, months.Sum());
            return inOrder == reversed && inOrder == together
                && MonthsBetween(start.Expiry, inOrder.Expiry) == months.Sum()
                && inOrder.Expiry.Day == Math.Min(start.AnchorDay, DateTime.DaysInMonth(inOrder.Expiry.Year, inOrder.Expiry.Month));
        });

    [Fact]
    public void Does_leave_after_refunds_exactly_what_the_remaining_renewals_give_and_never_an_expired_card_before_its_payment() =>
        Gen.Select(Edgy, Gen.Select(Gen.Int[0, 120], Gen.Int[1, 12], Gen.Bool).Array[1, 6]).Sample((expiry, steps) =>
        {
            var card = NewCard(expiry);
            var day = expiry.AddDays(-30);
            var orders = new List<RenewalOrder>();
            foreach (var (gap, months, _) in steps)
            {
                day = day.AddDays(gap);
                var order = Pay(card, months, day.ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture));
                if (card.ExpiryDate < day)
                {
                    return false;
                }

                orders.Add(order);
            }

            for (var i = 0; i < orders.Count; i++)
            {
                if (steps[i].Item3)
                {
                    orders[i].MarkRefunded(orders.Skip(i + 1).Where(o => o.Status != OrderStatus.Refunded), new DateTime(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc));
                }
            }

            var remaining = steps.Select((s, i) => (s, i)).Where(x => !x.s.Item3).Select(x => (orders[x.i].PaidOn!.Value, x.s.Item2));
            return card.Term == ExpiryRule.Replay(Term.EndingOn(expiry), remaining);
        });

    private static int MonthsBetween(DateOnly a, DateOnly b) => ((b.Year - a.Year) * 12) + b.Month - a.Month;

    private static readonly Package Monthly = new("CM-1M", Carrier.ChinaMobile, "1 month", 1, 1024, new Money(12m));

    private static Card NewCard(DateOnly expiry) =>
        new(Iccid.Parse("89860025000012345676"), expiry, CardStatus.Active, 100, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));

    private static int _orders;

    /// <summary>A renewal of <paramref name="months"/> ordered and paid at <paramref name="paidAtUtc"/>.</summary>
    private static RenewalOrder Pay(Card card, int months, string paidAtUtc)
    {
        var paid = DateTime.Parse(paidAtUtc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var package = new Package($"CM-{months}M", Carrier.ChinaMobile, $"{months} months", months, 1024, new Money(12m));
        var n = Interlocked.Increment(ref _orders);
        var order = new RenewalOrder($"R261123{n:D8}", $"key-{n}", card, RenewalQuote.For(card, package, ChinaTime.DateOf(paid), new Agent("a", FeeKind.Flat, 0m)), paid);
        Assert.True(order.MarkPaid(paid, paid));
        return order;
    }
}
