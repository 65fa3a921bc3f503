using PosRenewal.Core.Common;
using PosRenewal.Infrastructure.Payments.Sandbox;

namespace PosRenewal.UnitTests;

public class SandboxTradeTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan[] Delays = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)];

    private static SandboxTrade PaidTrade(bool duplicate)
    {
        var link = new SandboxPayLink("R261123ABCDEFGHP01", new Money(12m), "SIM", new Uri("http://p/r"), new Uri("http://p/n"), 0);
        var trade = new SandboxTrade(link, Now);
        trade.Settle(paid: true, reason: null, sendDuplicate: duplicate, loseNotifications: false, Now);
        return trade;
    }

    [Fact]
    public void Does_retry_with_back_off_until_acknowledged_then_give_up()
    {
        var trade = PaidTrade(duplicate: false);
        Assert.Equal(Now, trade.NextNotifyAtUtc);

        trade.Delivered(acknowledged: false, Delays, Now);
        Assert.Equal(Now.AddSeconds(2), trade.NextNotifyAtUtc);
        trade.Delivered(acknowledged: false, Delays, Now);
        Assert.Equal(Now.AddSeconds(10), trade.NextNotifyAtUtc);
        trade.Delivered(acknowledged: false, Delays, Now);
        Assert.Null(trade.NextNotifyAtUtc);
        Assert.Equal(3, trade.NotifyAttempts);
    }

    [Fact]
    public void Does_never_notify_a_trade_whose_notifications_are_lost_but_answers_queries_with_it_paid()
    {
        var link = new SandboxPayLink("R261123ABCDEFGHP02", new Money(12m), "SIM", new Uri("http://p/r"), new Uri("http://p/n"), 0);
        var trade = new SandboxTrade(link, Now);
        trade.Settle(paid: true, reason: null, sendDuplicate: true, loseNotifications: true, Now);

        Assert.Null(trade.NextNotifyAtUtc);
        Assert.Equal(SandboxTradeMessage.Paid, trade.ToMessage("M").Status);
    }

    [Fact]
    public void Does_close_an_unpaid_trade_when_its_link_expires_and_never_a_paid_one()
    {
        var expires = new DateTimeOffset(2026, 11, 23, 8, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var link = new SandboxPayLink("R261123ABCDEFGHP03", new Money(12m), "SIM", new Uri("http://p/r"), new Uri("http://p/n"), expires);
        var unpaid = new SandboxTrade(link, Now);
        var paid = new SandboxTrade(link, Now);
        paid.Settle(paid: true, reason: null, sendDuplicate: false, loseNotifications: false, Now);

        Assert.False(unpaid.CloseIfExpired(new DateTime(2026, 11, 23, 8, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(SandboxTradeMessage.Pending, unpaid.Status);
        Assert.True(unpaid.CloseIfExpired(new DateTime(2026, 11, 23, 8, 30, 1, DateTimeKind.Utc)));
        Assert.Equal(SandboxTradeMessage.Failed, unpaid.Status);
        Assert.False(paid.CloseIfExpired(new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(SandboxTradeMessage.Paid, paid.Status);
    }

    [Fact]
    public void Does_stop_notifying_once_acknowledged()
    {
        var trade = PaidTrade(duplicate: false);
        trade.Delivered(acknowledged: true, Delays, Now);
        Assert.Null(trade.NextNotifyAtUtc);
    }

    [Fact]
    public void Does_send_a_planned_duplicate_once_after_acknowledgement()
    {
        var trade = PaidTrade(duplicate: true);
        trade.Delivered(acknowledged: true, Delays, Now);
        Assert.NotNull(trade.NextNotifyAtUtc);
        trade.Delivered(acknowledged: true, Delays, Now);
        Assert.Null(trade.NextNotifyAtUtc);
    }

    [Fact]
    public void Does_mark_a_trade_refunded_only_when_fully_refunded()
    {
        var trade = PaidTrade(duplicate: false);
        trade.Refund(new Money(5m), "F1", Now);
        Assert.Equal(SandboxTradeMessage.Paid, trade.Status);
        trade.Refund(new Money(7m), "F2", Now);
        Assert.Equal(SandboxTradeMessage.Refunded, trade.Status);
    }
}
