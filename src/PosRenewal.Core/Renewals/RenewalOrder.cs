using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;

namespace PosRenewal.Core.Renewals;

public enum OrderStatus
{
    AwaitingPayment = 1,

    /// <summary>Paid; the card's expiry is extended in our books; activation on the carrier is queued.</summary>
    Paid = 2,
    Refunded = 3,

    /// <summary>The carrier is being asked to apply the renewal.</summary>
    Activating = 4,

    /// <summary>The carrier confirmed: service runs until the new expiry.</summary>
    Active = 5,

    /// <summary>The carrier kept failing past the retry budget: support must act.</summary>
    ActivationFailed = 6,
}

/// <summary>One renewal of one card: a snapshot of the package as ordered, the amounts, and its progress.</summary>
public class RenewalOrder : IVersioned, IPayable
{
    public const int OrderNoLength = 15;
    public const int IdempotencyKeyMaxLength = 64;
    public const int OpenSlotMaxLength = 64;
    public const int AttentionMaxLength = 500;

    private readonly List<PaymentAttempt> _attempts = [];

    private RenewalOrder()
    {
    }

    /// <summary>An order of its own, or (with <paramref name="batch"/>) one card of a batch, paid with the batch.</summary>
    public RenewalOrder(string orderNo, string idempotencyKey, Card card, RenewalQuote quote, DateTime nowUtc, Batches.RenewalBatch? batch = null)
    {
        OrderNo = orderNo;
        IdempotencyKey = idempotencyKey;
        AgentId = quote.AgentId;
        // A batch's orders are paid through the batch only: they hold no open slot, so they never stand in for a single renewal.
        OpenSlot = batch is null ? OpenSlotFor(card, quote.Package.Code, quote.AgentId) : null;
        Batch = batch;
        Card = card;
        CardId = card.Id;
        Iccid = card.Iccid;
        PackageCode = quote.Package.Code;
        PackageName = quote.Package.Name;
        PackageNameEn = quote.Package.NameEn;
        TermMonths = quote.Package.TermMonths;
        DataAllowanceMb = quote.Package.DataAllowanceMb;
        PackagePrice = quote.Price;
        Discount = quote.Discount;
        PromotionId = quote.Promotion?.Id;
        PromotionName = quote.Promotion?.Name;
        PromotionNameEn = quote.Promotion?.NameEn;
        BonusDataMb = quote.BonusDataMb;
        AgentFee = quote.AgentFee;
        Total = quote.Total;
        Status = OrderStatus.AwaitingPayment;
        CreatedAtUtc = nowUtc;
        UpdatedAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    /// <summary>Public order number; also the merchant reference sent to gateways.</summary>
    public string OrderNo { get; private set; } = "";

    /// <summary>The key of the submission that created the order (a double submit carries the same key).</summary>
    public string IdempotencyKey { get; private set; } = "";

    /// <summary>
    /// Card + package while the order awaits payment, null afterwards. A unique index on it makes a second
    /// tab's submission for the same renewal find this order instead of creating another.
    /// </summary>
    public string? OpenSlot { get; private set; }

    public long CardId { get; private set; }

    /// <summary>The batch this order is one card of, paid with it; null for an order of its own.</summary>
    public long? BatchId { get; private set; }

    public Batches.RenewalBatch? Batch { get; private set; }

    /// <summary>The agent who placed the order on the merchant's behalf; null when the merchant did.</summary>
    public long? AgentId { get; private set; }

    public Card Card { get; private set; } = null!;

    public string Iccid { get; private set; } = "";

    public string PackageCode { get; private set; } = "";

    public string PackageName { get; private set; } = "";

    /// <summary>The package's English name when the order was placed (the Chinese one is <see cref="PackageName"/>).</summary>
    public string PackageNameEn { get; private set; } = "";

    public int TermMonths { get; private set; }

    public long DataAllowanceMb { get; private set; }

    public Money PackagePrice { get; private set; }

    public Money Discount { get; private set; }

    public Money AgentFee { get; private set; }

    /// <summary>The promotion applied when the order was placed (its name as it was then), if any.</summary>
    public long? PromotionId { get; private set; }

    public string? PromotionName { get; private set; }

    public string? PromotionNameEn { get; private set; }

    /// <summary>Extra data from the promotion, sent to the carrier with the renewal.</summary>
    public long BonusDataMb { get; private set; }

    public Money Total { get; private set; }

    public OrderStatus Status { get; private set; }

    public DateOnly? PreviousExpiry { get; private set; }

    public DateOnly? NewExpiry { get; private set; }

    /// <summary>The card's anchor day before this renewal (with <see cref="PreviousExpiry"/>, the term a refund replays from).</summary>
    public int? PreviousAnchorDay { get; private set; }

    /// <summary>The China date of the payment: a renewal's "today", whenever its notification is processed.</summary>
    public DateOnly? PaidOn => PaidAtUtc is { } paid ? ChinaTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(paid, DateTimeKind.Utc))) : null;

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? PaidAtUtc { get; private set; }

    public DateTime? RefundedAtUtc { get; private set; }

    public DateTime? ActivatedAtUtc { get; private set; }

    /// <summary>
    /// Paid and not yet live on the carrier: paid, activating, or activation failed (support retries it). The card page
    /// says "activating" for these, a batch counts them as being renewed, and activation may start (again) from them.
    /// </summary>
    public static readonly IReadOnlyList<OrderStatus> AwaitingActivation = [OrderStatus.Paid, OrderStatus.Activating, OrderStatus.ActivationFailed];

    /// <summary>Money was taken and not refunded: paid, activating, active, or activation failed.</summary>
    public static readonly IReadOnlyList<OrderStatus> MoneyTaken = [.. AwaitingActivation, OrderStatus.Active];

    public bool IsPaid => MoneyTaken.Contains(Status);

    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>Set when something needs a person: amount mismatch, paid twice, ...</summary>
    public string? Attention { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<PaymentAttempt> Attempts => _attempts;

    /// <summary>The attempts that pay this order: its own, or its batch's (when the batch was loaded with it).</summary>
    public IEnumerable<PaymentAttempt> Payments => Batch?.Attempts ?? Attempts;

    /// <summary>The gateway (or agent balance) that paid it, if paid.</summary>
    public string? PaidWith => Payments.FirstOrDefault(a => a.Status == PaymentAttemptStatus.Succeeded)?.Gateway;

    string IPayable.Number => OrderNo;

    /// <summary>One card of a batch (saved, or just placed with it): paid with the batch, never on its own.</summary>
    public bool InBatch => BatchId is not null || Batch is not null;

    /// <summary>Payable on its own: awaiting payment and not part of a batch.</summary>
    bool IPayable.AwaitingPayment => Status == OrderStatus.AwaitingPayment && !InBatch;

    /// <summary>In Chinese, as the payer reads it in Alipay or WeChat: "POS流量卡续费 12个月套餐".</summary>
    string IPayable.Subject => $"POS流量卡续费 {PackageName}";

    public static string OpenSlotFor(Card card, string packageCode, long? agentId) => $"{card.Id}/{packageCode}/{agentId}";

    public PaymentAttempt AddAttempt(string gateway, PaymentMode mode, DateTime nowUtc)
    {
        if (!((IPayable)this).AwaitingPayment)
        {
            throw new InvalidOperationException($"Order {OrderNo} is {Status}{(InBatch ? " and paid with its batch" : "")}; it cannot take a payment of its own.");
        }

        var attempt = new PaymentAttempt(this, gateway, mode, $"{OrderNo}P{_attempts.Count + 1:00}", Total, nowUtc);
        _attempts.Add(attempt);
        UpdatedAtUtc = nowUtc;
        return attempt;
    }

    /// <summary>
    /// Moves the order from AwaitingPayment to Paid and extends the card. Returns false when the
    /// order had already left AwaitingPayment (a duplicate or a second payment), changing nothing.
    /// </summary>
    public bool MarkPaid(DateTime paidAtUtc, DateTime nowUtc)
    {
        if (Status != OrderStatus.AwaitingPayment)
        {
            return false;
        }

        PaidAtUtc = paidAtUtc;
        // A card deactivated since the order was placed cannot be extended: the payment is recorded all the same (money
        // taken is never dropped) and the caller refunds it; PreviousExpiry and NewExpiry stay empty, as nothing moved.
        if (Card.CanRenewOnline)
        {
            PreviousAnchorDay = Card.AnchorDay;
            var change = Card.ExtendBy(TermMonths, PaidOn!.Value, nowUtc);
            PreviousExpiry = change.Before;
            NewExpiry = change.After;
        }

        Status = OrderStatus.Paid;
        OpenSlot = null;
        UpdatedAtUtc = nowUtc;
        return true;
    }

    /// <summary>
    /// Paid → Refunded, once. The card gets the term its remaining renewals give: those paid after this one
    /// (<paramref name="paidAfter"/>, in payment order) replayed from where this one started. Returns null (changing
    /// nothing) when the order is not paid, so a second refund of the same order cannot move the card twice.
    /// </summary>
    public ExpiryChange? MarkRefunded(IEnumerable<RenewalOrder> paidAfter, DateTime nowUtc)
    {
        if (!IsPaid)
        {
            return null;
        }

        Status = OrderStatus.Refunded;
        RefundedAtUtc = nowUtc;
        UpdatedAtUtc = nowUtc;
        if (NewExpiry is null)
        {
            return new ExpiryChange(Card.ExpiryDate, Card.ExpiryDate);
        }

        var term = paidAfter.Aggregate(new Term(PreviousExpiry!.Value, PreviousAnchorDay!.Value), (from, later) => later.ReplayFrom(from, nowUtc));
        return Card.SetTerm(term, nowUtc);
    }

    /// <summary>This renewal again, on the term an earlier refund left: its recorded expiries follow.</summary>
    private Term ReplayFrom(Term from, DateTime nowUtc)
    {
        var term = ExpiryRule.Renew(from, PaidOn!.Value, TermMonths);
        (PreviousExpiry, PreviousAnchorDay, NewExpiry, UpdatedAtUtc) = (from.Expiry, from.AnchorDay, term.Expiry, nowUtc);
        return term;
    }



    /// <summary>Paid (or a retry of Activating/ActivationFailed) → Activating; false for any other state.</summary>
    public bool StartActivation(DateTime nowUtc)
    {
        if (!AwaitingActivation.Contains(Status))
        {
            return false;
        }

        Status = OrderStatus.Activating;
        UpdatedAtUtc = nowUtc;
        return true;
    }

    public void Activated(DateTime nowUtc)
    {
        if (Status == OrderStatus.Activating)
        {
            Status = OrderStatus.Active;
            ActivatedAtUtc = nowUtc;
            UpdatedAtUtc = nowUtc;
        }
    }

    public void ActivationGaveUp(string error, DateTime nowUtc)
    {
        if (Status == OrderStatus.Activating)
        {
            Status = OrderStatus.ActivationFailed;
            FlagForSupport($"carrier activation failed: {error}", nowUtc);
        }
    }

    public void FlagForSupport(string reason, DateTime nowUtc)
    {
        Attention = WithReason(Attention, reason);
        UpdatedAtUtc = nowUtc;
    }

    /// <summary>Takes back the reasons that mention <paramref name="subject"/> (dealt with); the others stay.</summary>
    public void Resolve(string subject, DateTime nowUtc)
    {
        var left = (Attention ?? "").Split(" | ", StringSplitOptions.RemoveEmptyEntries).Where(r => !r.Contains(subject, StringComparison.Ordinal)).ToList();
        Attention = left.Count == 0 ? null : string.Join(" | ", left);
        UpdatedAtUtc = nowUtc;
    }

    /// <summary>An attention text with one more reason, kept within <see cref="AttentionMaxLength"/> (orders and batches).</summary>
    internal static string WithReason(string? attention, string reason)
    {
        var text = attention is null ? reason : $"{attention} | {reason}";
        return text.Length > AttentionMaxLength ? text[..AttentionMaxLength] : text;
    }
}
