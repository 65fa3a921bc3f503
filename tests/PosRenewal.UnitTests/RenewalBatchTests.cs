using PosRenewal.Core.Agents;
using PosRenewal.Core.Batches;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;

namespace PosRenewal.UnitTests;

public class RenewalBatchTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    private static (RenewalBatch Batch, List<Card> Cards) NewBatch()
    {
        var batch = new RenewalBatch("B261123AAAAAAAA", "key-0000000000000001", 1, "agent", 1, Now);
        var package = new Package("CM-1M", Carrier.ChinaMobile, "1 month", 1, 1024, new Money(12m));
        var agent = new Agent("agent", FeeKind.Flat, 2m);
        var cards = new[] { 40, -10 }.Select((days, i) =>
            new Card(Iccid.Parse(i == 0 ? "89860025000012345676" : "89860025000012345684"), Today.AddDays(days), CardStatus.Active, 100, Now)).ToList();
        foreach (var (card, i) in cards.Select((c, i) => (c, i)))
        {
            batch.Add(new RenewalOrder($"R261123AAAAAAA{i}", $"B261123AAAAAAAA-{i}", card, RenewalQuote.For(card, package, Today, agent), Now, batch));
        }

        return (batch, cards);
    }

    [Fact]
    public void Does_total_its_orders_and_pay_them_all_once_each_from_its_own_expiry()
    {
        var (batch, cards) = NewBatch();
        Assert.Equal(new Money(28m), batch.Total);
        Assert.Equal(new Money(4m), batch.Fees);
        Assert.All(batch.Orders, o => Assert.Null(o.OpenSlot));

        var paid = batch.MarkPaid(Now, Now);

        Assert.Equal(2, paid.Count);
        Assert.Equal(BatchStatus.Paid, batch.Status);
        // Valid through 2027-01-02: a month on. Expired on 2026-11-13, paid 2026-11-23: a month from that day.
        Assert.Equal(new DateOnly(2027, 2, 2), cards[0].ExpiryDate);
        Assert.Equal(new DateOnly(2026, 12, 22), cards[1].ExpiryDate);
        Assert.Empty(batch.MarkPaid(Now, Now));
        Assert.Equal(new DateOnly(2027, 2, 2), cards[0].ExpiryDate);
    }

    [Fact]
    public void Does_take_payments_for_the_batch_only_never_for_one_of_its_orders()
    {
        var (batch, _) = NewBatch();
        var attempt = batch.AddAttempt("Sandbox", PaymentMode.HostedPage, Now);
        Assert.Equal("B261123AAAAAAAAP01", attempt.TradeNo);
        Assert.Equal(batch.Total, attempt.Amount);
        Assert.Same(batch, attempt.Payable);

        Assert.Throws<InvalidOperationException>(() => batch.Orders[0].AddAttempt("Sandbox", PaymentMode.HostedPage, Now));
        batch.MarkPaid(Now, Now);
        Assert.Throws<InvalidOperationException>(() => batch.AddAttempt("Sandbox", PaymentMode.HostedPage, Now));
    }
}
