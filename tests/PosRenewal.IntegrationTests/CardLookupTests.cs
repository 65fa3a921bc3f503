using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

/// <summary>The card page's prepared read on SQLite gives the card and merchant EF gives, column for column, and the same answers.</summary>
public class CardLookupTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private Task<CardLookup.Row?> FindAsync(string iccid, long? agentId) =>
        portal.WithScopeAsync(services => services.GetRequiredService<CardLookup>()
            .FindAsync(services.GetRequiredService<PosRenewalDbContext>(), iccid, agentId, default));

    /// <summary>Every mapped column of both entities (DateTime with its kind), as EF's model lists them.</summary>
    private static void AssertSame(PosRenewalDbContext db, object expected, object actual)
    {
        foreach (var property in db.Model.FindEntityType(expected.GetType())!.GetProperties())
        {
            var (want, got) = (property.GetGetter().GetClrValue(expected), property.GetGetter().GetClrValue(actual));
            Assert.True(Equals(want, got) && (want as DateTime?)?.Kind == (got as DateTime?)?.Kind,
                $"{expected.GetType().Name}.{property.Name}: EF read {want} ({(want as DateTime?)?.Kind}), the lookup {got} ({(got as DateTime?)?.Kind})");
        }
    }

    [Fact]
    public async Task Does_read_a_card_and_its_merchant_as_ef_does_and_only_for_their_agent()
    {
        var (card, agentId) = await portal.WithDbAsync(async db =>
        {
            var c = await db.Cards.AsNoTracking().Include(x => x.Merchant)
                .FirstAsync(x => x.Merchant != null && x.Merchant.AgentId != null && x.Msisdn != null && x.TerminalSerial != null);
            return (c, c.Merchant!.AgentId!.Value);
        });

        var row = await FindAsync(card.Iccid, null);
        Assert.NotNull(row);
        Assert.False(row.Activating);
        await portal.WithDbAsync(db =>
        {
            AssertSame(db, card, row.Card);
            AssertSame(db, card.Merchant!, row.Card.Merchant!);
            return Task.FromResult(0);
        });

        Assert.Equal(card.Id, (await FindAsync(card.Iccid, agentId))?.Card.Id);
        Assert.Null(await FindAsync(card.Iccid, agentId + 1000));
        Assert.Null(await FindAsync("89860000000000000000", null));
    }

    [Fact]
    public async Task Does_read_a_card_without_a_merchant_and_tell_when_its_paid_renewal_is_being_activated()
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser("en-US");
        var (orderNo, _, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-3M");

        var row = await FindAsync(card.Iccid, null);
        Assert.NotNull(row);
        Assert.Null(row.Card.Merchant);
        Assert.False(row.Activating);
        await portal.WithDbAsync(async db =>
        {
            AssertSame(db, await db.Cards.AsNoTracking().SingleAsync(c => c.Id == card.Id), row.Card);
            return 0;
        });

        foreach (var (status, activating) in new[] { ("Paid", true), ("Activating", true), ("ActivationFailed", true), ("Active", false), ("Refunded", false), ("AwaitingPayment", false) })
        {
            await portal.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE Orders SET Status = {status} WHERE OrderNo = {orderNo}"));
            Assert.True(activating == (await FindAsync(card.Iccid, null))!.Activating, $"an order {status}");
        }
    }
}
