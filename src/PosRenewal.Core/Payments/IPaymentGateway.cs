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

    /// <summary>A page made for a phone's browser (Alipay wap.pay, WeChat Pay H5).</summary>
    MobilePage = 16,

    /// <summary>An abandoned trade can be closed at the gateway, so nobody pays it later.</summary>
    Close = 32,
}

/// <summary>
/// How the payer pays: on the gateway's hosted page (a desktop browser), on its page for phones, or by scanning a code
/// the portal shows (WeChat Pay Native, Alipay precreate).
/// </summary>
public enum PaymentMode
{
    HostedPage = 1,
    QrCode = 2,
    MobilePage = 3,
}

/// <summary>Who is paying, as far as a gateway needs to know: on a phone or not, and from which address (WeChat Pay H5 requires it).</summary>
public sealed record Payer(bool OnPhone, string? Ip);

/// <summary>What the portal asks a gateway to collect. No card data ever passes through the portal.</summary>
public sealed record PaymentRequest(string TradeNo, Money Amount, string Subject, Uri ReturnUrl, Uri NotifyUrl, PaymentMode Mode, string? PayerIp = null);

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

/// <summary>The HTTP answer a gateway expects to a notification: what stops its retries, and what keeps them coming.</summary>
public sealed record NotificationAnswer(int StatusCode, string? ContentType, string Body);

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

    /// <summary>
    /// Closes an abandoned trade so it can no longer be paid. True when it is closed (or never existed); false when the
    /// gateway refuses, e.g. because it was paid meanwhile.
    /// </summary>
    Task<bool> CloseAsync(string tradeNo, CancellationToken ct);

    /// <summary>
    /// The answer to a notification: the gateway's acknowledgement when <paramref name="stored"/> (applied or a duplicate
    /// of one recorded), otherwise a refusal that makes it try again later.
    /// </summary>
    NotificationAnswer Answer(bool stored, string reason);
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
