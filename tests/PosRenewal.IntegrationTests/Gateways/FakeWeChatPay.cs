using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PosRenewal.IntegrationTests.Gateways;

/// <summary>
/// WeChat Pay APIv3 as the portal meets it: it checks every request's Authorization (merchant serial, timestamp,
/// SHA256withRSA over method, path, timestamp, nonce and body) and body, answers signed with the current platform key,
/// and sends notifications whose resource is encrypted with the APIv3 key. Written out from the protocol, not
/// borrowed from the portal.
/// </summary>
public sealed partial class FakeWeChatPay(string mchId, string appId, RSA merchantPublicKey, string merchantSerial, byte[] apiV3Key) : FakeGatewayServer
{
    /// <summary>Platform key pairs with their certificates; <see cref="Signing"/> picks the one that signs now (a rotation moves it).</summary>
    public List<(RSA Key, X509Certificate2 Cert)> Platform { get; } = [];

    public int Signing { get; set; }

    public ConcurrentDictionary<string, Trade> Trades { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public sealed class Trade
    {
        public required string TradeNo { get; init; }

        public required long Total { get; init; }

        public required string Description { get; init; }

        public required string NotifyUrl { get; init; }

        public required string TradeType { get; init; }

        public string State { get; set; } = "NOTPAY";

        public string TransactionId { get; } = "42000" + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999);

        public List<string> Refunds { get; } = [];
    }

    protected override void Map(WebApplication app)
    {
        foreach (var kind in new[] { "native", "h5" })
        {
            app.MapPost($"/v3/pay/transactions/{kind}", (HttpRequest request) => OpenAsync(kind, request));
        }

        app.MapGet("/v3/pay/transactions/out-trade-no/{tradeNo}", async (string tradeNo, HttpRequest request) =>
        {
            if (await CheckAsync(request) is null)
            {
                return Error(401, "SIGN_ERROR", "签名错误");
            }

            Calls.Enqueue("query");
            Expect(request.Query["mchid"] == mchId, "query without mchid");
            return Trades.TryGetValue(tradeNo, out var trade) ? Signed(200, Transaction(trade)) : Error(404, "ORDER_NOT_EXIST", "订单不存在");
        });

        app.MapPost("/v3/pay/transactions/out-trade-no/{tradeNo}/close", async (string tradeNo, HttpRequest request) =>
        {
            var body = await CheckAsync(request);
            if (body is null)
            {
                return Error(401, "SIGN_ERROR", "签名错误");
            }

            Calls.Enqueue("close");
            Expect(Text(JsonNode.Parse(body) as JsonObject, "mchid") == mchId, "close without mchid");
            if (!Trades.TryGetValue(tradeNo, out var trade))
            {
                return Error(404, "ORDER_NOT_EXIST", "订单不存在");
            }

            if (trade.State != "NOTPAY")
            {
                return Error(400, "ORDERPAID", "订单已支付");
            }

            trade.State = "CLOSED";
            return Signed(204, null);
        });

        app.MapPost("/v3/refund/domestic/refunds", async (HttpRequest request) =>
        {
            var body = await CheckAsync(request);
            var refund = body is null ? null : JsonNode.Parse(body) as JsonObject;
            if (refund is null)
            {
                return Error(401, "SIGN_ERROR", "签名错误");
            }

            Calls.Enqueue("refund");
            var refundNo = Text(refund, "out_refund_no") ?? "";
            if (!Trades.TryGetValue(Text(refund, "out_trade_no") ?? "", out var trade))
            {
                return Error(404, "RESOURCE_NOT_EXISTS", "订单不存在");
            }

            Expect(refundNo.Length > 0, "refund without out_refund_no");
            Expect(refund["amount"]?["refund"]?.GetValue<long>() == trade.Total && refund["amount"]?["total"]?.GetValue<long>() == trade.Total, "refund amounts in fen");
            if (!trade.Refunds.Contains(refundNo))
            {
                trade.Refunds.Add(refundNo);
                trade.State = "REFUND";
            }

            return Signed(200, new JsonObject { ["refund_id"] = "5030" + trade.TransactionId, ["out_refund_no"] = refundNo, ["status"] = "PROCESSING" });
        });
    }

    /// <summary>Native or H5: checks the order and opens the trade.</summary>
    private async Task<IResult> OpenAsync(string kind, HttpRequest request)
    {
        var body = await CheckAsync(request);
        var order = body is null ? null : JsonNode.Parse(body) as JsonObject;
        if (order is null)
        {
            return Error(401, "SIGN_ERROR", "签名错误");
        }

        Calls.Enqueue(kind);
        var tradeNo = Text(order, "out_trade_no") ?? "";
        Expect(Text(order, "appid") == appId && Text(order, "mchid") == mchId, $"appid/mchid {Text(order, "appid")}/{Text(order, "mchid")}");
        Expect(TradeNo().IsMatch(tradeNo), $"out_trade_no '{tradeNo}'");
        Expect(Text(order, "description") is { Length: > 0 and <= 127 }, "description");
        Expect(DateTimeOffset.TryParseExact(Text(order, "time_expire"), "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expire)
            && expire.Offset == TimeSpan.FromHours(8), $"time_expire '{Text(order, "time_expire")}' is not RFC 3339 in China time");
        var notify = Text(order, "notify_url") ?? "";
        Expect(notify.StartsWith("https://", StringComparison.Ordinal) && !notify.Contains('?'), $"notify_url '{notify}'");
        var total = order["amount"]?["total"];
        Expect(total is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number, "amount.total is not an integer number of fen");
        Expect(Text(order["amount"] as JsonObject, "currency") == "CNY", "amount.currency");
        if (kind == "h5")
        {
            Expect(Text(order["scene_info"] as JsonObject, "payer_client_ip") is { Length: > 0 }, "h5 without scene_info.payer_client_ip");
            Expect(Text(order["scene_info"]?["h5_info"] as JsonObject, "type") == "Wap", "h5 without scene_info.h5_info.type");
        }

        var trade = Trades.GetOrAdd(tradeNo, _ => new Trade
        {
            TradeNo = tradeNo,
            Total = total!.GetValue<long>(),
            Description = Text(order, "description") ?? "",
            NotifyUrl = notify,
            TradeType = kind.ToUpperInvariant(),
        });
        return Signed(200, kind == "h5"
            ? new JsonObject { ["h5_url"] = $"https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx{trade.TransactionId}&package=1" }
            : new JsonObject { ["code_url"] = $"weixin://wxpay/bizpayurl?pr={trade.TransactionId}" });
    }

    /// <summary>The payer pays: the trade succeeds and (unless the notification is lost) WeChat Pay notifies the portal.</summary>
    public async Task<(int Status, string Body)> PayAsync(string tradeNo, bool notify = true)
    {
        Trades[tradeNo].State = "SUCCESS";
        return notify ? await NotifyAsync(tradeNo) : (0, "");
    }

    /// <summary>How a notification is to go wrong, if at all.</summary>
    public sealed record Tamper(
        Action<JsonObject>? Resource = null, RSA? SignWith = null, string? Serial = null, TimeSpan Age = default,
        bool SpaceAfterSigning = false, string? Signature = null);

    /// <summary>Sends TRANSACTION.SUCCESS for the trade: the transaction encrypted with the APIv3 key, the body signed by the current platform key.</summary>
    public Task<(int Status, string Body)> NotifyAsync(string tradeNo, Tamper? tamper = null)
    {
        var transaction = Transaction(Trades[tradeNo]);
        tamper?.Resource?.Invoke(transaction);
        var nonce = RandomNumberGenerator.GetHexString(12);
        var plain = Encoding.UTF8.GetBytes(transaction.ToJsonString());
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(apiV3Key, 16))
        {
            aes.Encrypt(Encoding.UTF8.GetBytes(nonce), plain, cipher, tag, Encoding.UTF8.GetBytes("transaction"));
        }

        var body = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["create_time"] = TestClock.Instance.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["resource_type"] = "encrypt-resource",
            ["event_type"] = "TRANSACTION.SUCCESS",
            ["summary"] = "支付成功",
            ["resource"] = new JsonObject
            {
                ["original_type"] = "transaction",
                ["algorithm"] = "AEAD_AES_256_GCM",
                ["ciphertext"] = Convert.ToBase64String([.. cipher, .. tag]),
                ["associated_data"] = "transaction",
                ["nonce"] = nonce,
            },
        }.ToJsonString();
        var headers = SignatureHeaders(body, TestClock.Instance.GetUtcNow() - (tamper?.Age ?? TimeSpan.Zero), tamper?.SignWith, tamper?.Serial);
        if (tamper?.Signature is { } signature)
        {
            headers["Wechatpay-Signature"] = signature;
        }

        if (tamper?.SpaceAfterSigning == true)
        {
            body = body.Replace("\"id\":", "\"id\": ", StringComparison.Ordinal);
        }

        return DeliverAsync(Trades[tradeNo].NotifyUrl, new StringContent(body, Encoding.UTF8, "application/json"), headers);
    }

    private JsonObject Transaction(Trade trade) => new()
    {
        ["appid"] = appId,
        ["mchid"] = mchId,
        ["out_trade_no"] = trade.TradeNo,
        ["transaction_id"] = trade.TransactionId,
        ["trade_type"] = trade.TradeType,
        ["trade_state"] = trade.State,
        ["trade_state_desc"] = trade.State == "SUCCESS" ? "支付成功" : "未支付",
        ["bank_type"] = "OTHERS",
        ["success_time"] = trade.State == "SUCCESS" ? TestClock.Instance.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : null,
        ["payer"] = new JsonObject { ["openid"] = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
        ["amount"] = new JsonObject { ["total"] = trade.Total, ["payer_total"] = trade.Total, ["currency"] = "CNY", ["payer_currency"] = "CNY" },
    };

    private Dictionary<string, string> SignatureHeaders(string body, DateTimeOffset at, RSA? signWith = null, string? serial = null)
    {
        var (key, cert) = Platform[Signing];
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetHexString(32);
        var signature = Convert.ToBase64String((signWith ?? key).SignData(Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n{body}\n"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return new()
        {
            ["Wechatpay-Timestamp"] = timestamp,
            ["Wechatpay-Nonce"] = nonce,
            ["Wechatpay-Signature"] = signature,
            // As WeChat Pay writes it: without .NET's leading zero.
            ["Wechatpay-Serial"] = serial ?? cert.SerialNumber.TrimStart('0'),
        };
    }

    private IResult Signed(int status, JsonObject? answer)
    {
        var body = answer?.ToJsonString() ?? "";
        return new SignedResult(status, body, SignatureHeaders(body, TestClock.Instance.GetUtcNow()));
    }

    private sealed class SignedResult(int status, string body, Dictionary<string, string> headers) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            if (body.Length > 0)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(body);
            }
        }
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { code, message }, statusCode: status);

    /// <summary>Checks the Authorization header against the merchant's public key; returns the body, or null when refused.</summary>
    private async Task<string?> CheckAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var header = request.Headers.Authorization.ToString();
        var match = AuthorizationHeader().Match(header);
        if (!match.Success)
        {
            Problem($"Authorization '{header}' is not WECHATPAY2-SHA256-RSA2048 with mchid, nonce_str, signature, timestamp, serial_no");
            return null;
        }

        var fields = match.Groups["k"].Captures.Zip(match.Groups["v"].Captures).ToDictionary(p => p.First.Value, p => p.Second.Value);
        var message = $"{request.Method}\n{request.Path}{request.QueryString}\n{fields["timestamp"]}\n{fields["nonce_str"]}\n{body}\n";
        var valid = merchantPublicKey.VerifyData(Encoding.UTF8.GetBytes(message), Convert.FromBase64String(fields["signature"]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Expect(valid, $"signature does not verify over {message}");
        Expect(fields["mchid"] == mchId, $"mchid {fields["mchid"]}");
        Expect(fields["serial_no"] == merchantSerial, $"serial_no {fields["serial_no"]}, not the merchant certificate's {merchantSerial}");
        Expect(Math.Abs(long.Parse(fields["timestamp"], CultureInfo.InvariantCulture) - TestClock.Instance.GetUtcNow().ToUnixTimeSeconds()) < 300, "timestamp not now");
        Expect(request.Headers.UserAgent.Count > 0, "no User-Agent");
        return valid ? body : null;
    }

    private void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            Problem(problem);
        }
    }

    private static string? Text(JsonObject? o, string name) => o?[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    [GeneratedRegex("^WECHATPAY2-SHA256-RSA2048 (?:(?<k>mchid|nonce_str|signature|timestamp|serial_no)=\"(?<v>[^\"]*)\",?){5}$")]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"^[0-9A-Za-z_\-|*]{6,32}$")]
    private static partial Regex TradeNo();
}
