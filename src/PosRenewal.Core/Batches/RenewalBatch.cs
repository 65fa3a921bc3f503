using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Batches;

public enum BatchStatus
{
    AwaitingPayment = 1,

    /// <summary>Paid once for all its orders; each order then goes its own way (activation, or refund).</summary>
    Paid = 2,
}

/// <summary>
/// Many renewals paid with one payment: one <see cref="RenewalOrder"/> per card, each extended from its own
/// expiry and activated on its own. The payment (gateway trade or agent balance) belongs to the batch.
/// </summary>
public class RenewalBatch : IVersioned, IPayable
{
    public const int BatchNoLength = RenewalOrder.OrderNoLength;
    public const int CreatedByMaxLength = 256;

    private readonly List<RenewalOrder> _orders = [];
    private readonly List<PaymentAttempt> _attempts = [];

    private RenewalBatch()
    {
    }

    public RenewalBatch(string batchNo, string idempotencyKey, long? agentId, string createdBy, int termMonths, DateTime nowUtc)
    {
        BatchNo = batchNo;
        IdempotencyKey = idempotencyKey;
        AgentId = agentId;
        CreatedBy = createdBy;
        TermMonths = termMonths;
        Status = BatchStatus.AwaitingPayment;
        CreatedAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    /// <summary>Public number ("B" + China date + 8 random characters); also the merchant reference sent to gateways.</summary>
    public string BatchNo { get; private set; } = "";

    public string IdempotencyKey { get; private set; } = "";

    /// <summary>The agent whose merchants' cards these are; null for a batch an admin placed.</summary>
    public long? AgentId { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public int TermMonths { get; private set; }

    public int CardCount { get; private set; }

    public Money Total { get; private set; }

    public Money Fees { get; private set; }

    public BatchStatus Status { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? PaidAtUtc { get; private set; }

    /// <summary>Set when something needs a person (a second payment of a paid batch, an amount mismatch).</summary>
    public string? Attention { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<RenewalOrder> Orders => _orders;

    public IReadOnlyList<PaymentAttempt> Attempts => _attempts;

    string IPayable.Number => BatchNo;

    bool IPayable.AwaitingPayment => Status == BatchStatus.AwaitingPayment;

    string IPayable.Subject => $"POS流量卡续费 {CardCount}张";

    public void Add(RenewalOrder order)
    {
        _orders.Add(order);
        CardCount = _orders.Count;
        Total += order.Total;
        Fees += order.AgentFee;
    }

    public PaymentAttempt AddAttempt(string gateway, PaymentMode mode, DateTime nowUtc)
    {
        if (Status != BatchStatus.AwaitingPayment)
        {
            throw new InvalidOperationException($"Batch {BatchNo} is {Status}; it cannot take another payment.");
        }

        var attempt = new PaymentAttempt(this, gateway, mode, $"{BatchNo}P{_attempts.Count + 1:00}", Total, nowUtc);
        _attempts.Add(attempt);
        return attempt;
    }

    /// <summary>
    /// AwaitingPayment → Paid, and every order with it (each card extended from its own expiry). Returns the
    /// orders paid now, or an empty list (changing nothing) when the batch was already paid.
    /// </summary>
    public IReadOnlyList<RenewalOrder> MarkPaid(DateTime paidAtUtc, DateTime nowUtc)
    {
        if (Status != BatchStatus.AwaitingPayment)
        {
            return [];
        }

        Status = BatchStatus.Paid;
        PaidAtUtc = paidAtUtc;
        return _orders.Where(o => o.MarkPaid(paidAtUtc, nowUtc)).ToList();
    }

    public void FlagForSupport(string reason) => Attention = RenewalOrder.WithReason(Attention, reason);
}
