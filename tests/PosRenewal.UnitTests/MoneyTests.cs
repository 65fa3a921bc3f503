using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;
using PosRenewal.Core.Renewals;

namespace PosRenewal.UnitTests;

public class MoneyTests
{
    [Fact]
    public void Does_total_price_minus_discount_plus_fee()
    {
        var card = new Card(Iccid.Parse("89860025000012345676"), new DateOnly(2026, 12, 1), CardStatus.Active, 100, new DateTime(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc));
        var package = new Package("CM-3M", Carrier.ChinaMobile, "Quarterly", 3, 300, new Money(33.00m));
        var quote = new RenewalQuote(card, package, package.Price, new Money(5.00m), new Money(1.50m), new DateOnly(2027, 3, 1));
        Assert.Equal(new Money(29.50m), quote.Total);
    }

    [Fact]
    public void Does_never_let_a_discount_make_a_price_negative() =>
        Assert.Equal(Money.Zero, new Money(3m) - new Money(5m));

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.001)]
    public void Does_refuse_negative_amounts_and_fractions_of_a_fen(double amount) =>
        Assert.ThrowsAny<ArgumentException>(() => new Money((decimal)amount));

    [Theory]
    [InlineData("12.30", true, 12.30)]
    [InlineData("12", true, 12)]
    [InlineData("12.345", false, 0)]
    [InlineData("-1.00", false, 0)]
    [InlineData("1e3", false, 0)]
    [InlineData(null, false, 0)]
    public void Does_parse_only_plain_two_decimal_amounts_from_the_wire(string? wire, bool ok, double expected)
    {
        Assert.Equal(ok, Money.TryParseWire(wire, out var money));
        Assert.Equal((decimal)expected, money.Amount);
    }

    [Fact]
    public void Does_format_as_yuan_with_two_decimals()
    {
        Assert.Equal("¥12.00", new Money(12m).ToString());
        Assert.Equal("12.50", new Money(12.5m).ToWire());
    }
}
