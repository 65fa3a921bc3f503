using PosRenewal.Core.Common;

namespace PosRenewal.Core.Payments;

[Flags]
public enum GatewayCapabilities
{
    None = 0,
    HostedPage = 1,
    QrCode = 2,
    Query = 4,
    Refund = 8,
}

/// <summary>How the payer pays: on the gateway's hosted page, or by scanning a code the portal shows (WeChat Pay Native, Alipay precreate).</summary>
public enum PaymentMode
{
    HostedPage = 1,
    QrCode = 2,
}

/// <summary>What the portal asks a gateway to collect. No card data ever passes through the portal.</summary>
public sealed record PaymentRequest(string TradeNo, Money Amount, string Subject, Uri ReturnUrl, Uri NotifyUrl, PaymentMode Mode);

/// <summary>How the payer continues: a hosted page to redirect to, or a QR payload to show; either may expire.</summary>
public sealed record PaymentStart(Uri? RedirectUrl, string? QrPayload, DateTime? ExpiresAtUtc);

public enum GatewayTradeState
{
    Pending = 1,
    Paid = 2,
    Failed = 3,
    NotFound = 4,
    Refunded = 5,
}

/// <summary>
/// A gateway's verified statement about one trade (from a notification or a query), with the currency and the merchant
/// (app) id the gateway says it was paid in and to: a signed statement about someone else's account proves nothing here.
/// </summary>
public sealed record GatewayTradeResult(
    string TradeNo,
    GatewayTradeState State,
    Money Amount,
    string? GatewayTransactionId,
    DateTime? PaidAtUtc,
    string? FailureReason,
    string Raw,
    string? Currency,
    string? MerchantId);

/// <summary>The result of verifying a notification: the trade result, or why it is not trusted.</summary>
public sealed record NotificationVerification(GatewayTradeResult? Trade, string? Rejection)
{
    public static NotificationVerification Valid(GatewayTradeResult trade) => new(trade, null);

    public static NotificationVerification Invalid(string why) => new(null, why);
}

public sealed record RefundResult(bool Succeeded, string? GatewayRefundId, string? Error);

/// <summary>A payment gateway adapter. Implementations must not depend on HttpContext.</summary>
public interface IPaymentGateway
{
    /// <summary>Configuration name, also the last segment of the notification address.</summary>
    string Name { get; }

    GatewayCapabilities Capabilities { get; }

    /// <summary>This portal's merchant (app) id at the gateway, which every trade it reports must name.</summary>
    string MerchantId { get; }

    Task<PaymentStart> StartAsync(PaymentRequest request, CancellationToken ct);

    /// <summary>Checks signature and freshness of a raw notification and parses it.</summary>
    NotificationVerification VerifyNotification(IReadOnlyDictionary<string, string> headers, string body);

    Task<GatewayTradeResult> QueryAsync(string tradeNo, CancellationToken ct);

    Task<RefundResult> RefundAsync(string tradeNo, string refundNo, Money amount, string reason, CancellationToken ct);
}

/// <summary>What one payment settles: a single order, or a batch of orders (see <see cref="Batches.RenewalBatch"/>).</summary>
public interface IPayable
{
    /// <summary>The order or batch number, which the trade numbers of its attempts start with.</summary>
    string Number { get; }

    Money Total { get; }

    bool AwaitingPayment { get; }

    /// <summary>What the payer sees at the gateway.</summary>
    string Subject { get; }

    IReadOnlyList<PaymentAttempt> Attempts { get; }

    PaymentAttempt AddAttempt(string gateway, PaymentMode mode, DateTime nowUtc);
}
