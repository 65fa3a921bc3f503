using System.Text.Json;
using System.Text.Json.Serialization;

namespace PosRenewal.Infrastructure.Payments.Sandbox;

/// <summary>The sandbox's wire format for notifications and query answers.</summary>
public sealed record SandboxTradeMessage(
    [property: JsonPropertyName("trade_no")] string TradeNo,
    [property: JsonPropertyName("transaction_id")] string? TransactionId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("amount")] string Amount,
    [property: JsonPropertyName("paid_at")] DateTime? PaidAtUtc,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("currency")] string? Currency = SandboxTradeMessage.Cny,
    [property: JsonPropertyName("merchant_id")] string? MerchantId = null)
{
    public const string Cny = "CNY";

    public const string Paid = "PAID";
    public const string Failed = "FAILED";
    public const string Pending = "PENDING";
    public const string NotFound = "NOT_FOUND";
    public const string Refunded = "REFUNDED";

    public string ToJson() => JsonSerializer.Serialize(this);

    public static SandboxTradeMessage? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<SandboxTradeMessage>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record SandboxRefundRequest(
    [property: JsonPropertyName("trade_no")] string TradeNo,
    [property: JsonPropertyName("refund_no")] string RefundNo,
    [property: JsonPropertyName("amount")] string Amount,
    [property: JsonPropertyName("reason")] string Reason);

public sealed record SandboxRefundResponse(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("refund_id")] string? RefundId,
    [property: JsonPropertyName("error")] string? Error);
