using PosRenewal.Core.Cards;
using PosRenewal.Core.Lifecycle;
using PosRenewal.Core.Renewals;

namespace PosRenewal.UnitTests;

public class CardTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    private static Card NewCard(int expiresInDays, CardStatus status = CardStatus.Active) =>
        new(Iccid.Parse("89860025000012345676"), Today.AddDays(expiresInDays), status, 100, Now);

    [Theory]
    [InlineData(31, CardStatus.Active, CardStatus.Active)]
    [InlineData(30, CardStatus.Active, CardStatus.ExpiringSoon)]
    [InlineData(0, CardStatus.Active, CardStatus.ExpiringSoon)]
    [InlineData(-1, CardStatus.Active, CardStatus.Expired)]
    [InlineData(100, CardStatus.Suspended, CardStatus.Suspended)]
    [InlineData(100, CardStatus.Expired, CardStatus.Expired)]
    [InlineData(-100, CardStatus.Deactivated, CardStatus.Deactivated)]
    public void Does_derive_the_status_from_the_expiry_date(int days, CardStatus stored, CardStatus expected) =>
        Assert.Equal(expected, NewCard(days, stored).EffectiveStatus(Today));

    [Theory]
    [InlineData(CardStatus.Suspended)]
    [InlineData(CardStatus.Expired)]
    public void Does_restore_service_to_a_card_suspended_for_arrears_when_its_renewal_is_activated_not_when_it_is_paid(CardStatus suspended)
    {
        var card = NewCard(-5, suspended);
        var change = card.ExtendBy(1, Today, Now);
        Assert.Equal(Today.AddDays(-5), change.Before);
        Assert.Equal(new DateOnly(2026, 12, 22), change.After);
        Assert.Equal(suspended, card.Status);

        Assert.True(card.RestoreService(Today, Now));
        Assert.Equal(CardStatus.ExpiringSoon, card.Status);
        Assert.False(card.RestoreService(Today, Now));
    }

    [Fact]
    public void Does_keep_a_card_support_suspended_suspended_when_a_renewal_of_it_is_activated()
    {
        var card = NewCard(20, CardStatus.Active);
        card.Suspend(Now);
        card.ExtendBy(1, Today, Now);

        Assert.False(card.RestoreService(Today, Now));
        Assert.Equal(CardStatus.Suspended, card.Status);
    }

    [Fact]
    public void Does_not_restore_service_while_the_expiry_is_still_past()
    {
        var card = NewCard(-1, CardStatus.Expired);
        Assert.False(card.RestoreService(Today, Now));
        Assert.Equal(CardStatus.Expired, card.Status);
    }

    [Fact]
    public void Does_refuse_to_extend_a_deactivated_card()
    {
        var card = NewCard(-100, CardStatus.Deactivated);
        Assert.False(card.CanRenewOnline);
        Assert.Throws<InvalidOperationException>(() => card.ExtendBy(1, Today, Now));
    }

    [Theory]
    [InlineData("张记面馆", "张**馆")]
    [InlineData("Harbour Coffee", "H****e")]
    [InlineData("李四", "李*")]
    [InlineData("A", "*")]
    public void Does_mask_merchant_names_partially(string name, string masked) =>
        Assert.Equal(masked, Merchant.MaskName(name));

    [Fact]
    public void Does_mask_phone_numbers_to_the_last_four_digits() =>
        Assert.Equal("*******8000", Merchant.MaskPhone("13800138000"));
}

public class CardLifecycleDueTests
{
    [Theory]
    [InlineData(CardStatus.Active, 31, CardStatus.Active)]
    [InlineData(CardStatus.Active, 30, CardStatus.ExpiringSoon)]
    [InlineData(CardStatus.ExpiringSoon, 0, CardStatus.ExpiringSoon)]
    [InlineData(CardStatus.ExpiringSoon, -1, CardStatus.Expired)]
    [InlineData(CardStatus.Active, -1, CardStatus.Expired)]
    [InlineData(CardStatus.Expired, -90, CardStatus.Expired)]
    [InlineData(CardStatus.Expired, -91, CardStatus.Deactivated)]
    [InlineData(CardStatus.Active, -400, CardStatus.Deactivated)]
    [InlineData(CardStatus.Suspended, -5, CardStatus.Suspended)]
    [InlineData(CardStatus.Suspended, -91, CardStatus.Deactivated)]
    [InlineData(CardStatus.Expired, 200, CardStatus.Expired)]
    [InlineData(CardStatus.Deactivated, 200, CardStatus.Deactivated)]
    public void Does_choose_the_state_the_expiry_calls_for(CardStatus stored, int daysLeft, CardStatus due) =>
        Assert.Equal(due, PosRenewal.Core.Lifecycle.CardLifecycle.Due(stored, daysLeft, graceDays: 90));

    [Fact]
    public void Does_make_one_set_based_move_for_each_run_of_days_left_that_calls_for_another_state()
    {
        CardLifecycle.Move[] expected =
        [
            new(CardStatus.Active, CardStatus.Deactivated, int.MinValue, -91),
            new(CardStatus.Active, CardStatus.Expired, -90, -1),
            new(CardStatus.Active, CardStatus.ExpiringSoon, 0, 30),
            new(CardStatus.ExpiringSoon, CardStatus.Deactivated, int.MinValue, -91),
            new(CardStatus.ExpiringSoon, CardStatus.Expired, -90, -1),
            new(CardStatus.ExpiringSoon, CardStatus.Active, 31, int.MaxValue),
            new(CardStatus.Expired, CardStatus.Deactivated, int.MinValue, -91),
            new(CardStatus.Suspended, CardStatus.Deactivated, int.MinValue, -91),
        ];

        Assert.Equal(expected, CardLifecycle.Moves(graceDays: 90));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(90)]
    public void Does_move_exactly_the_cards_whose_due_state_differs(int graceDays)
    {
        var moves = CardLifecycle.Moves(graceDays).ToList();
        foreach (var stored in Enum.GetValues<CardStatus>())
        {
            for (var daysLeft = -500; daysLeft <= 500; daysLeft++)
            {
                var matching = moves.Where(m => m.From == stored && m.MinDaysLeft <= daysLeft && daysLeft <= m.MaxDaysLeft).Select(m => m.To).ToList();
                var due = CardLifecycle.Due(stored, daysLeft, graceDays);
                Assert.Equal(due == stored ? [] : [due], matching);
            }
        }
    }
}

public class ImportExpiryTests
{
    [Theory]
    [InlineData("2027-03-31", 2027, 3, 31)]
    [InlineData("2027/03/31", 2027, 3, 31)]
    [InlineData("2027/3/9", 2027, 3, 9)]
    [InlineData("2027-3-09", 2027, 3, 9)]
    [InlineData("2028-02-29", 2028, 2, 29)]
    public void Does_read_the_expiry_formats_files_use(string text, int year, int month, int day)
    {
        Assert.True(PosRenewal.Core.Imports.CardImporter.TryParseExpiry(text, out var expiry));
        Assert.Equal(new DateOnly(year, month, day), expiry);
    }

    [Theory]
    [InlineData("2027-02-29")]
    [InlineData("2027-13-01")]
    [InlineData("2027-00-10")]
    [InlineData("2027-03-00")]
    [InlineData("2027-3/9")]
    [InlineData("27-03-31")]
    [InlineData("2027.03.31")]
    [InlineData("2027-003-1")]
    [InlineData("2027-03-310")]
    [InlineData("2027-+3-31")]
    [InlineData("2027-0３-31")]
    [InlineData("0000-01-01")]
    [InlineData("31/03/2027")]
    [InlineData("")]
    [InlineData(null)]
    public void Does_refuse_anything_else(string? text) =>
        Assert.False(PosRenewal.Core.Imports.CardImporter.TryParseExpiry(text, out _));
}
