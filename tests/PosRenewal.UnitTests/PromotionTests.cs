using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Promotions;

namespace PosRenewal.UnitTests;

public class PromotionTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly Card MobileCard = new(Iccid.Parse("89860025000012345676"), Today.AddDays(10), CardStatus.Active, 100, new DateTime(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc));

    private static Promotion Make(PromotionKind kind, decimal value, string? packages = null, string? carriers = null, string? agents = null,
        bool first = false, string? code = null, int? cap = null, int endsIn = 30) =>
        new("test", kind, value, Today, Today.AddDays(endsIn), new DateTime(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc))
        {
            PackageCodes = packages,
            Carriers = carriers,
            AgentIds = agents,
            FirstRenewalOnly = first,
            Code = code,
            MaxUses = cap,
        };

    [Theory]
    [InlineData(PromotionKind.AmountOff, 5, 12, 5)]
    // Never to ¥0: a gateway cannot take ¥0, and an order no gateway saw would be paid by nobody.
    [InlineData(PromotionKind.AmountOff, 20, 12, 11.99)]
    [InlineData(PromotionKind.AmountOff, 12, 12, 11.99)]
    [InlineData(PromotionKind.PercentOff, 100, 12, 11.99)]
    [InlineData(PromotionKind.PercentOff, 100, 0.01, 0)]
    [InlineData(PromotionKind.PercentOff, 10, 11.5, 1.15)]
    [InlineData(PromotionKind.PercentOff, 15, 31.5, 4.73)]
    [InlineData(PromotionKind.BonusData, 1000, 12, 0)]
    public void Does_leave_at_least_a_fen_to_pay_rounding_percentages_to_the_fen(PromotionKind kind, decimal value, decimal price, decimal off) =>
        Assert.Equal(new Money(off), Make(kind, value).DiscountOn(new Money(price)));

    [Fact]
    public void Does_choose_the_most_money_off_then_the_most_data_then_the_soonest_end()
    {
        var price = new Money(60m);
        var fiveOff = Make(PromotionKind.AmountOff, 5);
        var tenPercent = Make(PromotionKind.PercentOff, 10);
        var bonus = Make(PromotionKind.BonusData, 1000);
        var sixOffLater = Make(PromotionKind.AmountOff, 6, endsIn: 60);
        var sixOffSooner = Make(PromotionKind.AmountOff, 6, endsIn: 10);

        Assert.Same(tenPercent, Promotion.Best([fiveOff, tenPercent, bonus], price));
        Assert.Same(bonus, Promotion.Best([bonus, Make(PromotionKind.BonusData, 500)], price));
        Assert.Same(fiveOff, Promotion.Best([bonus, fiveOff], price));
        Assert.Same(sixOffSooner, Promotion.Best([sixOffLater, sixOffSooner, tenPercent], price));
        Assert.Null(Promotion.Best([], price));
    }

    [Fact]
    public void Does_apply_only_within_its_packages_carriers_agents_first_renewal_and_code()
    {
        Assert.True(Make(PromotionKind.AmountOff, 1, packages: "CM-1M,CM-3M").AppliesTo(MobileCard, "CM-3M", null, false, null));
        Assert.False(Make(PromotionKind.AmountOff, 1, packages: "CM-1M").AppliesTo(MobileCard, "CM-3M", null, false, null));
        Assert.True(Make(PromotionKind.AmountOff, 1, carriers: "ChinaMobile").AppliesTo(MobileCard, "CM-1M", null, false, null));
        Assert.False(Make(PromotionKind.AmountOff, 1, carriers: "ChinaUnicom,ChinaTelecom").AppliesTo(MobileCard, "CM-1M", null, false, null));
        Assert.True(Make(PromotionKind.AmountOff, 1, agents: "4,7").AppliesTo(MobileCard, "CM-1M", 7, false, null));
        Assert.False(Make(PromotionKind.AmountOff, 1, agents: "4,7").AppliesTo(MobileCard, "CM-1M", 17, false, null));
        Assert.False(Make(PromotionKind.AmountOff, 1, agents: "4").AppliesTo(MobileCard, "CM-1M", null, false, null));
        Assert.False(Make(PromotionKind.AmountOff, 1, first: true).AppliesTo(MobileCard, "CM-1M", null, false, null));
        Assert.True(Make(PromotionKind.AmountOff, 1, first: true).AppliesTo(MobileCard, "CM-1M", null, true, null));
        Assert.False(Make(PromotionKind.AmountOff, 1, code: "SPRING").AppliesTo(MobileCard, "CM-1M", null, false, null));
        Assert.True(Make(PromotionKind.AmountOff, 1, code: "SPRING").AppliesTo(MobileCard, "CM-1M", null, false, "spring"));
    }

    [Fact]
    public void Does_run_only_between_its_dates_and_under_its_cap_and_end_at_the_end_of_yesterday()
    {
        var promotion = Make(PromotionKind.AmountOff, 1, cap: 0);
        Assert.False(promotion.IsRunning(Today));
        var running = Make(PromotionKind.AmountOff, 1);
        Assert.True(running.IsRunning(Today));
        Assert.False(running.IsRunning(Today.AddDays(31)));
        Assert.False(running.IsRunning(Today.AddDays(-1)));
        running.End(Today);
        Assert.False(running.IsRunning(Today));
        Assert.Equal("Ended", running.State(Today));
    }

    [Theory]
    [InlineData(null, true, null)]
    [InlineData("  ", true, null)]
    [InlineData(" spring-26 ", true, "SPRING-26")]
    [InlineData("<script>", false, null)]
    [InlineData("ＳＰＲＩＮＧ", false, null)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", false, null)]
    public void Does_normalise_typed_codes_and_refuse_anything_else(string? typed, bool ok, string? code)
    {
        Assert.Equal(ok, Promotion.TryNormalizeCode(typed, out var normalized));
        if (ok)
        {
            Assert.Equal(code, normalized);
        }
    }
}
