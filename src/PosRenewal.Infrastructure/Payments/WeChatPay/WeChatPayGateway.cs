using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;

namespace PosRenewal.Infrastructure.Payments.WeChatPay;

/// <summary>
/// WeChat Pay APIv3: Native (a code to scan) on a desktop or where chosen, H5 in a phone's browser; query, close and
/// refund; notifications verified over the raw body and decrypted with the APIv3 key. JSAPI (inside WeChat) needs the
/// payer's openid from an OAuth step the portal does not have yet; see docs/payment-gateways.md.
/// </summary>
public sealed class WeChatPayGateway(
    IHttpClientFactory http,
    IOptions<WeChatPayOptions> options,
    WeChatPayKeys keys,
    TimeProvider clock,
    ILogger<WeChatPayGateway> logger) : IPaymentGateway
{
    public const string GatewayName = "WeChatPay";

    public const string Authorization = "WECHATPAY2-SHA256-RSA2048";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private WeChatPayOptions Options => options.Value;

    public string Name => GatewayName;

    /// <summary>The merchant number and the app id: a trade of another merchant or app is not ours.</summary>
    public string MerchantId => $"{Options.MchId}/{Options.AppId}";

    /// <summary>No desktop page: a desktop pays by scanning the Native code.</summary>
    public GatewayCapabilities Capabilities => GatewayCapabilities.MobilePage | GatewayCapabilities.QrCode
        | GatewayCapabilities.Query | GatewayCapabilities.Refund | GatewayCapabilities.Close;

    public async Task<PaymentStart> StartAsync(PaymentRequest request, CancellationToken ct)
    {
        var h5 = request.Mode == PaymentMode.MobilePage;
        var expires = clock.GetUtcNow().Add(h5 ? Options.LinkLifetime : Options.QrLifetime);
        var order = new JsonObject
        {
            ["appid"] = Options.AppId,
            ["mchid"] = Options.MchId,
            ["description"] = request.Subject.Length > 127 ? request.Subject[..127] : request.Subject,
            ["out_trade_no"] = request.TradeNo,
            ["time_expire"] = expires.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["notify_url"] = request.NotifyUrl.AbsoluteUri,
            ["amount"] = new JsonObject { ["total"] = Fen(request.Amount), ["currency"] = Money.Currency },
        };
        if (h5)
        {
            order["scene_info"] = new JsonObject
            {
                ["payer_client_ip"] = request.PayerIp ?? throw new HttpRequestException("WeChat Pay H5 needs the payer's IP address."),
                ["h5_info"] = new JsonObject { ["type"] = "Wap" },
            };
        }

        var (status, answer, _) = await CallAsync(HttpMethod.Post, h5 ? "/v3/pay/transactions/h5" : "/v3/pay/transactions/native", order, idempotent: false, ct);
        var link = Text(answer, h5 ? "h5_url" : "code_url");
        if (status != HttpStatusCode.OK || string.IsNullOrEmpty(link))
        {
            throw new HttpRequestException($"WeChat Pay refused to open {request.TradeNo}: {Describe(status, answer)}");
        }

        // After an H5 payment WeChat sends the payer's browser to redirect_url.
        return h5
            ? new PaymentStart(new Uri($"{link}&redirect_url={Uri.EscapeDataString(request.ReturnUrl.AbsoluteUri)}"), null, expires.UtcDateTime)
            : new PaymentStart(null, link, expires.UtcDateTime);
    }

    public NotificationVerification VerifyNotification(IReadOnlyDictionary<string, string> headers, string body)
    {
        if (CheckSignature(name => headers.TryGetValue(name, out var v) ? v : null, body) is { } rejection)
        {
            return NotificationVerification.Invalid(rejection);
        }

        JsonNode? resource;
        string? eventType;
        try
        {
            var notice = JsonNode.Parse(body);
            eventType = Text(notice, "event_type");
            var encrypted = notice?["resource"];
            if (Text(encrypted, "algorithm") != "AEAD_AES_256_GCM")
            {
                return NotificationVerification.Invalid($"resource algorithm '{Text(encrypted, "algorithm")}' is not AEAD_AES_256_GCM");
            }

            resource = JsonNode.Parse(WeChatPayCrypto.Decrypt(keys.ApiV3Key, Text(encrypted, "nonce"), Text(encrypted, "associated_data"), Text(encrypted, "ciphertext")));
        }
        catch (Exception ex) when (ex is JsonException or CryptographicException or FormatException or ArgumentException or InvalidOperationException)
        {
            return NotificationVerification.Invalid($"resource does not decrypt with the APIv3 key: {ex.GetType().Name}");
        }

        var trade = eventType switch
        {
            "TRANSACTION.SUCCESS" => Transaction(resource, body),
            "REFUND.SUCCESS" or "REFUND.ABNORMAL" or "REFUND.CLOSED" => Refund(resource, body),
            _ => null,
        };
        return trade is null
            ? NotificationVerification.Invalid($"event '{eventType}' is not a payment or refund of a trade")
            : NotificationVerification.Valid(trade);
    }

    public async Task<GatewayTradeResult> QueryAsync(string tradeNo, CancellationToken ct)
    {
        var (status, answer, text) = await CallAsync(HttpMethod.Get, $"/v3/pay/transactions/out-trade-no/{Uri.EscapeDataString(tradeNo)}?mchid={Uri.EscapeDataString(Options.MchId)}", null, idempotent: true, ct);
        if (status == HttpStatusCode.NotFound && Text(answer, "code") == "ORDER_NOT_EXIST")
        {
            return new GatewayTradeResult(tradeNo, GatewayTradeState.NotFound, Money.Zero, null, null, null, text, Money.Currency, MerchantId);
        }

        return (status == HttpStatusCode.OK ? Transaction(answer, text) : null)
            ?? throw new HttpRequestException($"WeChat Pay query of {tradeNo}: {Describe(status, answer)}");
    }

    public async Task<RefundResult> RefundAsync(string tradeNo, string refundNo, Money amount, string reason, CancellationToken ct)
    {
        // out_refund_no makes a repeat of this refund the same refund, never a second one. The refund is full: the
        // total is the amount paid.
        var (status, answer, _) = await CallAsync(HttpMethod.Post, "/v3/refund/domestic/refunds", new JsonObject
        {
            ["out_trade_no"] = tradeNo,
            ["out_refund_no"] = refundNo,
            ["reason"] = reason.Length > 80 ? reason[..80] : reason,
            ["amount"] = new JsonObject { ["refund"] = Fen(amount), ["total"] = Fen(amount), ["currency"] = Money.Currency },
        }, idempotent: false, ct);
        // PROCESSING: accepted, the money is on its way back (to the payer's balance or card within days).
        return status == HttpStatusCode.OK && Text(answer, "status") is "SUCCESS" or "PROCESSING"
            ? new RefundResult(true, Text(answer, "refund_id"), null)
            : new RefundResult(false, null, Describe(status, answer));
    }

    public async Task<bool> CloseAsync(string tradeNo, CancellationToken ct)
    {
        var (status, answer, _) = await CallAsync(HttpMethod.Post, $"/v3/pay/transactions/out-trade-no/{Uri.EscapeDataString(tradeNo)}/close",
            new JsonObject { ["mchid"] = Options.MchId }, idempotent: true, ct);
        // 204 is the documented success; any 2xx is taken as closed.
        var closed = (int)status is >= 200 and < 300 || Text(answer, "code") == "ORDER_NOT_EXIST";
        if (!closed)
        {
            logger.LogWarning("WeChat Pay would not close {TradeNo}: {Answer}", tradeNo, Describe(status, answer));
        }

        return closed;
    }

    /// <summary>WeChat Pay reads only the status: 204 stops its retries, 4xx/5xx with a FAIL body keeps them coming.</summary>
    public NotificationAnswer Answer(bool stored, string reason) =>
        stored
            ? new(204, null, "")
            : new(400, "application/json", JsonSerializer.Serialize(new { code = "FAIL", message = reason.Length > 100 ? reason[..100] : reason }, Json));

    /// <summary>
    /// Checks a signed answer or notification: the serial names a key we hold, the timestamp is within the replay window,
    /// the signature is not a probe, and it verifies over <c>timestamp\nnonce\nbody\n</c> of the raw body.
    /// </summary>
    private string? CheckSignature(Func<string, string?> header, string body)
    {
        var (timestamp, nonce, signature, serial) =
            (header("Wechatpay-Timestamp"), header("Wechatpay-Nonce"), header("Wechatpay-Signature"), header("Wechatpay-Serial"));
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(serial))
        {
            return "missing Wechatpay-Timestamp, -Nonce, -Signature or -Serial";
        }

        if (signature.StartsWith("WECHATPAY/SIGNTEST/", StringComparison.Ordinal))
        {
            return "a WeChat Pay signature probe (WECHATPAY/SIGNTEST/), refused as it must be";
        }

        if (!keys.Verifiers.TryGetValue(WeChatPayKeys.Normalize(serial), out var key))
        {
            return $"Wechatpay-Serial {serial} names no platform certificate or public key configured in {WeChatPayOptions.Section}";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) >= Options.ReplayWindow.TotalSeconds)
        {
            return $"Wechatpay-Timestamp {timestamp} is outside the {Options.ReplayWindow.TotalMinutes:0}-minute window";
        }

        return WeChatPayCrypto.Verify(key, timestamp, nonce, body, signature) ? null : "Wechatpay-Signature does not verify over the body as received";
    }

    /// <summary>A transaction (query answer or decrypted notification): amounts in fen, converted exactly.</summary>
    private GatewayTradeResult? Transaction(JsonNode? t, string raw)
    {
        var tradeNo = Text(t, "out_trade_no");
        if (string.IsNullOrEmpty(tradeNo) || Fen(t?["amount"], "total") is not { } fen)
        {
            return null;
        }

        var (state, reason) = Text(t, "trade_state") switch
        {
            "SUCCESS" => (GatewayTradeState.Paid, null),
            "REFUND" => (GatewayTradeState.Refunded, null),
            "NOTPAY" or "USERPAYING" => (GatewayTradeState.Pending, null),
            "CLOSED" or "REVOKED" or "PAYERROR" => (GatewayTradeState.Failed, $"{Text(t, "trade_state")} at WeChat Pay: {Text(t, "trade_state_desc")}"),
            _ => ((GatewayTradeState?)null, (string?)null),
        };
        return state is null
            ? null
            : new GatewayTradeResult(tradeNo, state.Value, FromFen(fen), Text(t, "transaction_id"),
                DateTimeOffset.TryParse(Text(t, "success_time"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at.UtcDateTime : null,
                reason, raw, Text(t?["amount"], "currency"), $"{Text(t, "mchid")}/{Text(t, "appid")}");
    }

    /// <summary>A refund notification: a full, successful refund is the trade given back; anything else changes nothing here.</summary>
    private GatewayTradeResult? Refund(JsonNode? r, string raw)
    {
        var tradeNo = Text(r, "out_trade_no");
        if (string.IsNullOrEmpty(tradeNo) || Fen(r?["amount"], "total") is not { } total || Fen(r?["amount"], "refund") is not { } refund)
        {
            return null;
        }

        var state = Text(r, "refund_status") == "SUCCESS" && refund == total ? GatewayTradeState.Refunded : GatewayTradeState.Pending;
        // A refund resource names the merchant but no app.
        return new GatewayTradeResult(tradeNo, state, FromFen(total), Text(r, "transaction_id"), null, null, raw, Money.Currency, $"{Text(r, "mchid")}/{Options.AppId}");
    }

    /// <summary>Signs and sends one call; a 2xx answer must verify (a forged "paid" must not). Returns the answer parsed and as received (kept verbatim).</summary>
    private async Task<(HttpStatusCode Status, JsonNode? Answer, string Text)> CallAsync(HttpMethod method, string pathAndQuery, JsonObject? body, bool idempotent, CancellationToken ct)
    {
        var payload = body?.ToJsonString(Json) ?? "";
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var signature = WeChatPayCrypto.Sign($"{method.Method}\n{pathAndQuery}\n{timestamp}\n{nonce}\n{payload}\n", keys.MerchantKey);
        using var request = new HttpRequestMessage(method, Options.BaseUrl.TrimEnd('/') + pathAndQuery);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{Authorization} mchid=\"{Options.MchId}\",nonce_str=\"{nonce}\",signature=\"{signature}\",timestamp=\"{timestamp}\",serial_no=\"{keys.MerchantSerial}\"");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.UserAgent.ParseAdd("PosRenewal/1.0");
        if (body is not null)
        {
            request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
        }

        using var response = await GatewayHttp.SendAsync(http.CreateClient(idempotent ? GatewayHttp.Idempotent(GatewayName) : GatewayName), request, GatewayName, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode
            && CheckSignature(name => response.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null, text) is { } rejection)
        {
            throw new HttpRequestException($"WeChat Pay's answer to {method} {pathAndQuery} refused: {rejection}");
        }

        try
        {
            return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), text);
        }
        catch (JsonException)
        {
            throw new HttpRequestException($"WeChat Pay answered {method} {pathAndQuery} with HTTP {(int)response.StatusCode} and no JSON");
        }
    }

    private static long Fen(Money amount) => (long)(amount.Amount * 100m);

    private static Money FromFen(long fen) => new(fen / 100m);

    /// <summary>A whole, non-negative number of fen, or null for anything else (a fraction, a string, a negative).</summary>
    private static long? Fen(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long fen) && fen >= 0 ? fen : null;

    private static string? Text(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static string Describe(HttpStatusCode status, JsonNode? answer) =>
        $"HTTP {(int)status} {Text(answer, "code")} {Text(answer, "message")}".Trim();
}
