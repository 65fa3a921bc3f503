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
        trade.Settle(paid: true, reason: null, sendDuplicate: duplicate, Now);
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
