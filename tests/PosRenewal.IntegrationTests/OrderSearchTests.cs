using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Renewals;

namespace PosRenewal.IntegrationTests;

/// <summary>Date filters are China dates whatever the server's own zone (CI runs this class under UTC and Asia/Shanghai).</summary>
[Trait("Category", "Dates")]
public class OrderSearchTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    // 23:30 on November 25 in China is 15:30 UTC: it belongs to the 25th, not the 26th.
    [InlineData("2026-11-25 15:30:00", "2026-11-25", true)]
    [InlineData("2026-11-25 15:30:00", "2026-11-26", false)]
    // 00:30 on November 26 in China is 16:30 UTC on the 25th: it belongs to the 26th.
    [InlineData("2026-11-25 16:30:00", "2026-11-26", true)]
    [InlineData("2026-11-25 16:30:00", "2026-11-25", false)]
    public async Task Does_filter_by_the_china_date_an_order_was_placed_on_whatever_the_servers_zone(string createdUtc, string day, bool found)
    {
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        using var browser = portal.NewBrowser();
        var (orderNo, _, _) = await Flow.ConfirmAsync(browser, card.Iccid, "CM-1M");
        await portal.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE Orders SET CreatedAtUtc = {0} WHERE OrderNo = {1}", createdUtc, orderNo));
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

        using var scope = portal.Services.CreateScope();
        var orders = await scope.ServiceProvider.GetRequiredService<OrderSearch>().FindAsync(new OrderFilter(From: date, To: date, Number: orderNo), 10, default);

        Assert.Equal(found, orders.Any(o => o.OrderNo == orderNo));
    }
}
