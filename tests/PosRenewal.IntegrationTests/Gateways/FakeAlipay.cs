using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PosRenewal.IntegrationTests.Gateways;

/// <summary>
/// Alipay's open platform as the portal meets it: it checks every request (RSA2 signature with the app's public key,
/// common parameters, China-time timestamp, biz_content) and answers signed with its own key, which it also signs its
/// notifications with. The signing here is written out from the protocol, not borrowed from the portal.
/// </summary>
public sealed class FakeAlipay(string appId, RSA appPublicKey, string sellerId = FakeAlipay.Seller) : FakeGatewayServer
{
    public const string Seller = "2088102119685838";

    /// <summary>Alipay's own key pair: the portal holds its public half.</summary>
    public RSA AlipayKey { get; } = TestKeys.NewKey();

    /// <summary>Certificate mode: the SNs the requests must carry, and the one answers name.</summary>
    public (string AppCertSn, string RootCertSn, string AlipayCertSn)? CertificateMode { get; set; }

    public ConcurrentDictionary<string, Trade> Trades { get; } = new();

    /// <summary>Every API method called, in order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Every API call received, answered or not (retries show here).</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>How many of the next calls of a method answer 503 (an outage).</summary>
    public ConcurrentDictionary<string, int> Outage { get; } = new();

    public Uri GatewayUrl => new(Address, "gateway.do");

    public sealed class Trade
    {
        public required string TradeNo { get; init; }

        public required string Amount { get; init; }

        public required string Subject { get; init; }

        public required string NotifyUrl { get; init; }

        public required string Method { get; init; }

        public string Status { get; set; } = "WAIT_BUYER_PAY";

        public string AlipayTradeNo { get; } = "2026" + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999);

        public List<string> Refunds { get; } = [];
    }

    protected override void Map(WebApplication app)
    {
        // page.pay and wap.pay: the payer's browser brings the signed request.
        app.MapGet("/gateway.do", (HttpRequest request) =>
        {
            var parameters = request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
            var biz = Check(parameters, "alipay.trade.page.pay", "alipay.trade.wap.pay");
            if (biz is null)
            {
                return Results.BadRequest("invalid request");
            }

            var product = parameters["method"] == "alipay.trade.page.pay" ? "FAST_INSTANT_TRADE_PAY" : "QUICK_WAP_WAY";
            Expect(Text(biz, "product_code") == product, $"product_code {Text(biz, "product_code")} for {parameters["method"]}");
            Expect(parameters["method"] == "alipay.trade.page.pay" || Text(biz, "quit_url") is not null, "wap.pay without quit_url");
            Expect(parameters.GetValueOrDefault("return_url")?.StartsWith("https://", StringComparison.Ordinal) == true, "return_url is not https");
            var trade = Open(parameters, biz);
            return Results.Content($"<html><body><h1>支付宝</h1><p>{trade.Subject}</p><p>¥{trade.Amount}</p></body></html>", "text/html; charset=utf-8");
        });

        app.MapPost("/gateway.do", async (HttpRequest request) =>
        {
            Expect(request.Query["charset"] == "utf-8", "charset is not in the URL's query string");
            var form = await request.ReadFormAsync();
            var parameters = form.ToDictionary(p => p.Key, p => p.Value.ToString());
            var method = parameters.GetValueOrDefault("method") ?? "";
            Received.Enqueue(method);
            if (Outage.TryGetValue(method, out var left) && left > 0 && Outage.TryUpdate(method, left - 1, left))
            {
                return Results.StatusCode(503);
            }

            var biz = Check(parameters, "alipay.trade.precreate", "alipay.trade.query", "alipay.trade.refund", "alipay.trade.close");
            if (biz is null)
            {
                return Answer("error_response", new JsonObject { ["code"] = "40002", ["msg"] = "Invalid Arguments", ["sub_code"] = "isv.invalid-signature" }, sign: false);
            }

            Calls.Enqueue(method);
            var node = method.Replace('.', '_') + "_response";
            var tradeNo = Text(biz, "out_trade_no") ?? "";
            Trades.TryGetValue(tradeNo, out var trade);
            return method switch
            {
                "alipay.trade.precreate" => Answer(node, Success(new JsonObject
                {
                    ["out_trade_no"] = Open(parameters, biz).TradeNo,
                    ["qr_code"] = $"https://qr.alipay.com/fake{tradeNo}",
                })),
                _ when trade is null => Answer(node, Failure("ACQ.TRADE_NOT_EXIST", "交易不存在")),
                "alipay.trade.query" => Answer(node, Success(new JsonObject
                {
                    ["trade_no"] = trade.AlipayTradeNo,
                    ["out_trade_no"] = trade.TradeNo,
                    ["buyer_logon_id"] = "159****5620",
                    ["trade_status"] = trade.Status,
                    ["total_amount"] = trade.Amount,
                    ["send_pay_date"] = trade.Status == "WAIT_BUYER_PAY" ? null : ChinaNow(),
                })),
                "alipay.trade.refund" => Refund(node, trade, biz),
                "alipay.trade.close" when trade.Status == "WAIT_BUYER_PAY" => Close(node, trade),
                _ => Answer(node, Failure("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")),
            };
        });
    }

    /// <summary>The payer pays: the trade succeeds and (unless the notification is lost) Alipay notifies the portal.</summary>
    public async Task<(int Status, string Body)> PayAsync(string tradeNo, bool notify = true)
    {
        var trade = Trades[tradeNo];
        trade.Status = "TRADE_SUCCESS";
        return notify ? await NotifyAsync(tradeNo) : (0, "");
    }

    /// <summary>
    /// Sends the trade's notification as Alipay does (form POST, RSA2 over the sorted parameters without sign and
    /// sign_type); <paramref name="change"/> alters parameters before signing, <paramref name="signer"/> signs with another
    /// key, <paramref name="afterSigning"/> alters them on the way.
    /// </summary>
    public Task<(int Status, string Body)> NotifyAsync(
        string tradeNo, Action<Dictionary<string, string>>? change = null, RSA? signer = null, Action<Dictionary<string, string>>? afterSigning = null)
    {
        var trade = Trades[tradeNo];
        var parameters = new Dictionary<string, string>
        {
            ["notify_time"] = ChinaNow(),
            ["notify_type"] = "trade_status_sync",
            ["notify_id"] = Guid.NewGuid().ToString("N"),
            ["app_id"] = appId,
            ["charset"] = "utf-8",
            ["version"] = "1.0",
            ["sign_type"] = "RSA2",
            ["trade_no"] = trade.AlipayTradeNo,
            ["out_trade_no"] = trade.TradeNo,
            ["buyer_id"] = "2088102116773037",
            ["seller_id"] = sellerId,
            ["trade_status"] = trade.Status,
            ["total_amount"] = trade.Amount,
            ["receipt_amount"] = trade.Amount,
            ["subject"] = trade.Subject,
            ["gmt_create"] = ChinaNow(),
            ["gmt_payment"] = ChinaNow(),
        };
        if (trade.Refunds.Count > 0)
        {
            parameters["refund_fee"] = trade.Amount;
            parameters["gmt_refund"] = ChinaNow();
        }

        if (CertificateMode is { } cert)
        {
            parameters["alipay_cert_sn"] = cert.AlipayCertSn;
        }

        change?.Invoke(parameters);
        var content = string.Join("&", parameters.Where(p => p.Key is not ("sign" or "sign_type" or "alipay_cert_sn") && p.Value.Length > 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        parameters["sign"] = Sign(content, signer ?? AlipayKey);
        afterSigning?.Invoke(parameters);
        return DeliverAsync(trade.NotifyUrl, new FormUrlEncodedContent(parameters));
    }

    private static string Sign(string content, RSA key) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(content), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary>Checks a request's signature and common parameters; returns its biz_content, or null (and a problem) when it is refused.</summary>
    private JsonObject? Check(Dictionary<string, string> parameters, params string[] methods)
    {
        var method = parameters.GetValueOrDefault("method");
        var content = string.Join("&", parameters.Where(p => p.Key != "sign" && p.Value.Length > 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var signature = Convert.FromBase64String(parameters.GetValueOrDefault("sign") ?? "");
        if (!appPublicKey.VerifyData(Encoding.UTF8.GetBytes(content), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            Problem($"{method}: signature does not verify over {content}");
            return null;
        }

        Expect(methods.Contains(method), $"method {method} here");
        Expect(parameters.GetValueOrDefault("app_id") == appId, $"app_id {parameters.GetValueOrDefault("app_id")}");
        Expect(parameters.GetValueOrDefault("sign_type") == "RSA2", "sign_type is not RSA2");
        Expect(parameters.GetValueOrDefault("charset") == "utf-8", "charset is not utf-8");
        Expect(parameters.GetValueOrDefault("version") == "1.0", "version is not 1.0");
        Expect(parameters.GetValueOrDefault("format") == "JSON", "format is not JSON");
        // The timestamp is China time, whatever the portal's own zone: within a few minutes of now there.
        var stamp = DateTime.ParseExact(parameters.GetValueOrDefault("timestamp") ?? "", "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Expect(Math.Abs((stamp - TestClock.Instance.GetUtcNow().UtcDateTime.AddHours(8)).TotalMinutes) < 3, $"timestamp {stamp:u} is not China time now");
        if (CertificateMode is { } cert)
        {
            Expect(parameters.GetValueOrDefault("app_cert_sn") == cert.AppCertSn, $"app_cert_sn {parameters.GetValueOrDefault("app_cert_sn")}, not {cert.AppCertSn}");
            Expect(parameters.GetValueOrDefault("alipay_root_cert_sn") == cert.RootCertSn, $"alipay_root_cert_sn {parameters.GetValueOrDefault("alipay_root_cert_sn")}");
        }

        var biz = JsonNode.Parse(parameters.GetValueOrDefault("biz_content") ?? "null") as JsonObject;
        Expect(biz is not null, "no biz_content");
        return biz;
    }

    private Trade Open(Dictionary<string, string> parameters, JsonObject biz)
    {
        var tradeNo = Text(biz, "out_trade_no") ?? "";
        var amount = Text(biz, "total_amount") ?? "";
        var subject = Text(biz, "subject") ?? "";
        Expect(tradeNo.Length is > 0 and <= 64 && tradeNo.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'), $"out_trade_no '{tradeNo}'");
        Expect(System.Text.RegularExpressions.Regex.IsMatch(amount, @"^\d+\.\d{2}$"), $"total_amount '{amount}' is not yuan with 2 decimals");
        Expect(subject.Length > 0 && subject.IndexOfAny(['/', '=', '&']) < 0, $"subject '{subject}'");
        Expect(DateTime.TryParseExact(Text(biz, "time_expire"), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), "time_expire");
        var notify = parameters.GetValueOrDefault("notify_url") ?? "";
        Expect(parameters["method"] == "alipay.trade.query" || notify.StartsWith("https://", StringComparison.Ordinal), $"notify_url '{notify}'");
        return Trades.GetOrAdd(tradeNo, _ => new Trade { TradeNo = tradeNo, Amount = amount, Subject = subject, NotifyUrl = notify, Method = parameters["method"] });
    }

    private IResult Refund(string node, Trade trade, JsonObject biz)
    {
        var requestNo = Text(biz, "out_request_no") ?? "";
        Expect(requestNo.Length > 0, "refund without out_request_no");
        Expect(Text(biz, "refund_amount") == trade.Amount, $"refund_amount {Text(biz, "refund_amount")} of {trade.Amount}");
        var again = trade.Refunds.Contains(requestNo);
        if (!again)
        {
            trade.Refunds.Add(requestNo);
            trade.Status = "TRADE_CLOSED";
        }

        return Answer(node, Success(new JsonObject
        {
            ["trade_no"] = trade.AlipayTradeNo,
            ["out_trade_no"] = trade.TradeNo,
            ["fund_change"] = again ? "N" : "Y",
            ["refund_fee"] = trade.Amount,
        }));
    }

    private IResult Close(string node, Trade trade)
    {
        trade.Status = "TRADE_CLOSED";
        return Answer(node, Success(new JsonObject { ["trade_no"] = trade.AlipayTradeNo, ["out_trade_no"] = trade.TradeNo }));
    }

    private static JsonObject Success(JsonObject fields)
    {
        var node = new JsonObject { ["code"] = "10000", ["msg"] = "Success" };
        foreach (var (key, value) in fields.ToList())
        {
            fields.Remove(key);
            node[key] = value;
        }

        return node;
    }

    private static JsonObject Failure(string subCode, string subMsg) =>
        new() { ["code"] = "40004", ["msg"] = "Business Failed", ["sub_code"] = subCode, ["sub_msg"] = subMsg };

    /// <summary>
    /// A signed answer. The node is indented and keeps "/" escaped, as a JSON writer may: the portal must verify the
    /// text as received, never a re-serialisation of it.
    /// </summary>
    private IResult Answer(string name, JsonObject fields, bool sign = true)
    {
        var node = fields.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace("/", "\\/", StringComparison.Ordinal);
        var body = $"{{\"{name}\":{node}";
        if (sign)
        {
            body += $",\"sign\":\"{Sign(node, AlipayKey)}\"";
        }

        if (CertificateMode is { } cert)
        {
            body += $",\"alipay_cert_sn\":\"{cert.AlipayCertSn}\"";
        }

        return Results.Content(body + "}", "application/json; charset=utf-8");
    }

    private void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            Problem(problem);
        }
    }

    private static string? Text(JsonObject? o, string name) => o?[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static string ChinaNow() => TestClock.Instance.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
