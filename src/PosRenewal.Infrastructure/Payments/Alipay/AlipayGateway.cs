using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;

namespace PosRenewal.Infrastructure.Payments.Alipay;

/// <summary>
/// Alipay Open Platform (开放平台) with RSA2: page.pay on a desktop, wap.pay on a phone, precreate for a code to scan;
/// query, refund and close; form-posted notifications verified with the Alipay public key.
/// </summary>
public sealed class AlipayGateway(
    IHttpClientFactory http,
    IOptions<AlipayOptions> options,
    AlipayKeys keys,
    TimeProvider clock,
    ILogger<AlipayGateway> logger) : IPaymentGateway
{
    public const string GatewayName = "Alipay";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private AlipayOptions Options => options.Value;

    public string Name => GatewayName;

    /// <summary>The app id, and the seller's account when configured: a trade paid to anyone else is not ours.</summary>
    public string MerchantId => MerchantOf(Options.AppId, Options.SellerId);

    public GatewayCapabilities Capabilities => GatewayCapabilities.HostedPage | GatewayCapabilities.MobilePage | GatewayCapabilities.QrCode
        | GatewayCapabilities.Query | GatewayCapabilities.Refund | GatewayCapabilities.Close;

    public async Task<PaymentStart> StartAsync(PaymentRequest request, CancellationToken ct)
    {
        var qr = request.Mode == PaymentMode.QrCode;
        var expires = clock.GetUtcNow().Add(qr ? Options.QrLifetime : Options.LinkLifetime);
        var biz = new Dictionary<string, string>
        {
            ["out_trade_no"] = request.TradeNo,
            ["total_amount"] = request.Amount.ToWire(),
            // Alipay refuses "/", "=" and "&" in a subject.
            ["subject"] = string.Concat(request.Subject.Where(c => c is not ('/' or '=' or '&'))),
            ["time_expire"] = ChinaTimestamp(expires),
        };
        if (qr)
        {
            var answer = await CallAsync("alipay.trade.precreate", biz, idempotent: false, ct, request.NotifyUrl);
            return answer.Code == "10000" && answer.Text("qr_code") is { Length: > 0 } code
                ? new PaymentStart(null, code, expires.UtcDateTime)
                : throw new HttpRequestException($"Alipay precreate of {request.TradeNo} refused: {answer.Describe()}");
        }

        var mobile = request.Mode == PaymentMode.MobilePage;
        biz["product_code"] = mobile ? "QUICK_WAP_WAY" : "FAST_INSTANT_TRADE_PAY";
        if (mobile)
        {
            biz["quit_url"] = request.ReturnUrl.AbsoluteUri;
        }

        // The payer's browser carries the signed request to Alipay's page (the SDK's GET form of pageExecute).
        var parameters = Signed(mobile ? "alipay.trade.wap.pay" : "alipay.trade.page.pay", biz, request.NotifyUrl, request.ReturnUrl);
        var link = new Uri(QueryHelpers.AddQueryString(Options.GatewayUrl, parameters!));
        return new PaymentStart(link, null, expires.UtcDateTime);
    }

    public NotificationVerification VerifyNotification(IReadOnlyDictionary<string, string> headers, string body)
    {
        var form = QueryHelpers.ParseQuery(body).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var content = AlipaySignature.Content(form, "sign_type", "alipay_cert_sn");
        if (!keys.VerifyingKeys(form.GetValueOrDefault("alipay_cert_sn")).Any(k => AlipaySignature.Verify(content, form.GetValueOrDefault("sign"), k)))
        {
            return NotificationVerification.Invalid("Alipay signature does not verify with the Alipay public key");
        }

        var tradeNo = form.GetValueOrDefault("out_trade_no");
        if (string.IsNullOrEmpty(tradeNo) || !Money.TryParseWire(form.GetValueOrDefault("total_amount"), out var total))
        {
            return NotificationVerification.Invalid("notification without out_trade_no or total_amount");
        }

        var state = StateOf(form.GetValueOrDefault("trade_status"), total, form.GetValueOrDefault("refund_fee"));
        return state is null
            ? NotificationVerification.Invalid($"unknown trade_status '{form.GetValueOrDefault("trade_status")}'")
            : NotificationVerification.Valid(new GatewayTradeResult(
                tradeNo, state.Value, total, form.GetValueOrDefault("trade_no"), ParseChinaTime(form.GetValueOrDefault("gmt_payment")),
                state == GatewayTradeState.Failed ? "trade closed at Alipay" : null, body, Money.Currency,
                MerchantOf(form.GetValueOrDefault("app_id"), Options.SellerId is null ? null : form.GetValueOrDefault("seller_id") ?? "")));
    }

    public async Task<GatewayTradeResult> QueryAsync(string tradeNo, CancellationToken ct)
    {
        var answer = await CallAsync("alipay.trade.query", new() { ["out_trade_no"] = tradeNo }, idempotent: true, ct);
        if (answer.SubCode == "ACQ.TRADE_NOT_EXIST")
        {
            return new GatewayTradeResult(tradeNo, GatewayTradeState.NotFound, Money.Zero, null, null, null, answer.Node, Money.Currency, MerchantId);
        }

        if (answer.Code != "10000" || !Money.TryParseWire(answer.Text("total_amount"), out var total)
            || StateOf(answer.Text("trade_status"), total, refundFee: null) is not { } state)
        {
            throw new HttpRequestException($"Alipay query of {tradeNo}: {answer.Describe()}");
        }

        // Alipay signed this answer to our own signed question, so it speaks of our app; it names no app itself.
        return new GatewayTradeResult(tradeNo, state, total, answer.Text("trade_no"), ParseChinaTime(answer.Text("send_pay_date")),
            state == GatewayTradeState.Failed ? "trade closed at Alipay" : null, answer.Node, Money.Currency, MerchantId);
    }

    public async Task<RefundResult> RefundAsync(string tradeNo, string refundNo, Money amount, string reason, CancellationToken ct)
    {
        // out_request_no makes a repeat of this refund a no-op at Alipay (fund_change "N"), never a second refund.
        var answer = await CallAsync("alipay.trade.refund", new()
        {
            ["out_trade_no"] = tradeNo,
            ["refund_amount"] = amount.ToWire(),
            ["out_request_no"] = refundNo,
            ["refund_reason"] = reason.Length > 200 ? reason[..200] : reason,
        }, idempotent: false, ct);
        return answer.Code == "10000"
            ? new RefundResult(true, refundNo, null)
            : new RefundResult(false, null, answer.Describe());
    }

    public async Task<bool> CloseAsync(string tradeNo, CancellationToken ct)
    {
        var answer = await CallAsync("alipay.trade.close", new() { ["out_trade_no"] = tradeNo }, idempotent: true, ct);
        var closed = answer.Code == "10000" || answer.SubCode == "ACQ.TRADE_NOT_EXIST";
        if (!closed)
        {
            logger.LogWarning("Alipay would not close {TradeNo}: {Answer}", tradeNo, answer.Describe());
        }

        return closed;
    }

    /// <summary>Alipay stops retrying only on exactly <c>success</c>.</summary>
    public NotificationAnswer Answer(bool stored, string reason) =>
        stored ? new(200, "text/plain", "success") : new(422, "text/plain", "fail");

    internal static string MerchantOf(string? appId, string? sellerId) => sellerId is null ? appId ?? "" : $"{appId}/{sellerId}";

    /// <summary>TRADE_SUCCESS and TRADE_FINISHED are one payment (FINISHED comes later, when the refund window ends); a full refund closes the trade.</summary>
    private static GatewayTradeState? StateOf(string? status, Money total, string? refundFee)
    {
        var refunded = Money.TryParseWire(refundFee, out var fee) && fee != Money.Zero;
        return status switch
        {
            "TRADE_SUCCESS" or "TRADE_FINISHED" when refunded => fee == total ? GatewayTradeState.Refunded : GatewayTradeState.Pending,
            "TRADE_SUCCESS" or "TRADE_FINISHED" => GatewayTradeState.Paid,
            "TRADE_CLOSED" => refunded && fee == total ? GatewayTradeState.Refunded : GatewayTradeState.Failed,
            "WAIT_BUYER_PAY" => GatewayTradeState.Pending,
            _ => null,
        };
    }

    /// <summary>Common parameters plus <c>biz_content</c>, signed; the timestamp in China time whatever the server's zone.</summary>
    private Dictionary<string, string> Signed(string method, Dictionary<string, string> biz, Uri? notifyUrl = null, Uri? returnUrl = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["app_id"] = Options.AppId,
            ["method"] = method,
            ["format"] = "JSON",
            ["charset"] = "utf-8",
            ["sign_type"] = "RSA2",
            ["timestamp"] = ChinaTimestamp(clock.GetUtcNow()),
            ["version"] = "1.0",
            ["biz_content"] = JsonSerializer.Serialize(biz, Json),
        };
        if (notifyUrl is not null)
        {
            parameters["notify_url"] = notifyUrl.AbsoluteUri;
        }

        if (returnUrl is not null)
        {
            parameters["return_url"] = returnUrl.AbsoluteUri;
        }

        if (keys.AppCertSn is not null)
        {
            parameters["app_cert_sn"] = keys.AppCertSn;
            parameters["alipay_root_cert_sn"] = keys.RootCertSn!;
        }

        parameters["sign"] = AlipaySignature.Sign(AlipaySignature.Content(parameters), keys.AppKey);
        return parameters;
    }

    /// <summary>POSTs one API call (charset in the query string, as Alipay requires) and verifies the signed answer.</summary>
    private async Task<AlipayAnswer> CallAsync(string method, Dictionary<string, string> biz, bool idempotent, CancellationToken ct, Uri? notifyUrl = null)
    {
        var client = http.CreateClient(idempotent ? GatewayHttp.Idempotent(GatewayName) : GatewayName);
        using var request = new HttpRequestMessage(HttpMethod.Post, QueryHelpers.AddQueryString(Options.GatewayUrl, "charset", "utf-8"))
        {
            Content = new FormUrlEncodedContent(Signed(method, biz, notifyUrl)),
        };
        using var response = await GatewayHttp.SendAsync(client, request, GatewayName, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Alipay answered {method} with HTTP {(int)response.StatusCode}");
        }

        var (node, sign, certSn) = AlipaySignature.ResponseNode(body, method);
        if (node is null)
        {
            throw new HttpRequestException($"Alipay's answer to {method} is not a response");
        }

        if (!keys.VerifyingKeys(certSn).Any(k => AlipaySignature.VerifyResponse(node, sign, k)))
        {
            // An unsigned error_response is a refusal of our request (bad signature, bad app id), never a trade state.
            throw new HttpRequestException(certSn is not null && !keys.AlipayKeysBySn.ContainsKey(certSn)
                ? $"Alipay signed its answer to {method} with certificate {certSn}, which {AlipayOptions.Section}:AlipayCert does not hold (a rotation: add the new certificate)"
                : $"Alipay's answer to {method} does not verify: {node[..Math.Min(node.Length, 200)]}");
        }

        return new AlipayAnswer(node, JsonDocument.Parse(node).RootElement.Clone());
    }

    private static string ChinaTimestamp(DateTimeOffset instant) =>
        instant.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static DateTime? ParseChinaTime(string? value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? DateTime.SpecifyKind(local - ChinaTime.Offset, DateTimeKind.Utc)
            : null;

    private sealed record AlipayAnswer(string Node, JsonElement Root)
    {
        public string? Code => Text("code");

        public string? SubCode => Text("sub_code");

        public string? Text(string name) =>
            Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        public string Describe() => $"{Code} {Text("msg")} {SubCode} {Text("sub_msg")}".Trim();
    }
}
