using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Payments;

public enum PaymentAttemptStatus
{
    Pending = 1,
    Succeeded = 2,
    Failed = 3,
}

/// <summary>One try at paying an order (or a batch of orders) through one gateway, with its own merchant trade number.</summary>
public class PaymentAttempt : IVersioned
{
    public const int GatewayMaxLength = 32;
    public const int TradeNoMaxLength = 32;
    public const int GatewayTransactionIdMaxLength = 64;
    public const int UrlMaxLength = 2048;
    public const int RawMaxLength = 8000;

    private PaymentAttempt()
    {
    }

    internal PaymentAttempt(IPayable payable, string gateway, PaymentMode mode, string tradeNo, Money amount, DateTime nowUtc)
    {
        Order = payable as RenewalOrder;
        Batch = payable as Batches.RenewalBatch;
        Gateway = gateway;
        Mode = mode;
        TradeNo = tradeNo;
        Amount = amount;
        Status = PaymentAttemptStatus.Pending;
        CreatedAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    /// <summary>The order this attempt pays; null when it pays a batch.</summary>
    public long? OrderId { get; private set; }

    public RenewalOrder? Order { get; private set; }

    /// <summary>The batch this attempt pays (all its orders at once); null when it pays one order.</summary>
    public long? BatchId { get; private set; }

    public Batches.RenewalBatch? Batch { get; private set; }

    /// <summary>What this attempt pays: its order or its batch (whichever was loaded with it).</summary>
    public IPayable Payable => (IPayable?)Order ?? Batch ?? throw new InvalidOperationException($"Attempt {TradeNo} was loaded without its order or batch.");

    public string Gateway { get; private set; } = "";

    public PaymentMode Mode { get; private set; }

    /// <summary>Our merchant trade number for this attempt (order number + attempt sequence).</summary>
    public string TradeNo { get; private set; } = "";

    public string? GatewayTransactionId { get; private set; }

    public Money Amount { get; private set; }

    public PaymentAttemptStatus Status { get; private set; }

    /// <summary>Where to send the payer (hosted payment page), if the gateway gave one.</summary>
    public string? RedirectUrl { get; private set; }

    /// <summary>Scan-to-pay payload, if the gateway gave one.</summary>
    public string? QrPayload { get; private set; }

    /// <summary>When the gateway stops accepting this link or code, if it said.</summary>
    public DateTime? ExpiresAtUtc { get; private set; }

    public string? FailureReason { get; private set; }

    /// <summary>The gateway message that settled this attempt, kept verbatim for audit.</summary>
    public string? RawResult { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? CompletedAtUtc { get; private set; }

    /// <summary>When this payment was given back on its own: a second payment of an order already paid.</summary>
    public DateTime? RefundedAtUtc { get; private set; }

    public void MarkRefunded(DateTime nowUtc) => RefundedAtUtc ??= nowUtc;

    public int Version { get; private set; }

    public void Started(string? redirectUrl, string? qrPayload, DateTime? expiresAtUtc)
    {
        RedirectUrl = redirectUrl;
        QrPayload = qrPayload;
        ExpiresAtUtc = expiresAtUtc;
    }

    /// <summary>The link or code can no longer be paid: a payer needs a new one.</summary>
    public bool HasExpired(DateTime nowUtc) => ExpiresAtUtc <= nowUtc;

    public void Succeed(string gatewayTransactionId, string raw, DateTime nowUtc)
    {
        Status = PaymentAttemptStatus.Succeeded;
        GatewayTransactionId = gatewayTransactionId;
        RawResult = Truncate(raw);
        CompletedAtUtc = nowUtc;
    }

    public void Fail(string reason, string raw, DateTime nowUtc)
    {
        Status = PaymentAttemptStatus.Failed;
        FailureReason = reason.Length > 200 ? reason[..200] : reason;
        RawResult = Truncate(raw);
        CompletedAtUtc = nowUtc;
    }

    internal static string Truncate(string raw) => raw.Length > RawMaxLength ? raw[..RawMaxLength] : raw;
}
