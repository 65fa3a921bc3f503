using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;

namespace PosRenewal.Infrastructure.Payments.Sandbox;

/// <summary>The portal's side of the Sandbox gateway: signed page-pay links, verified notifications, query and refund over HTTP.</summary>
public sealed class SandboxGateway(
    HttpClient http,
    IOptions<SandboxOptions> options,
    PublicUrl publicUrl,
    TimeProvider clock) : IPaymentGateway
{
    public const string GatewayName = "Sandbox";

    /// <summary>True when <c>Payments:Gateways</c> lists the Sandbox (only ever in demo mode).</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        (configuration.GetSection("Payments:Gateways").Get<string[]>() ?? []).Contains(GatewayName, StringComparer.OrdinalIgnoreCase);

    private readonly SandboxSigner _signer = new(options.Value.Secret);

    public string Name => GatewayName;

    public string MerchantId => options.Value.MerchantId;

    public GatewayCapabilities Capabilities =>
        GatewayCapabilities.HostedPage | GatewayCapabilities.MobilePage | GatewayCapabilities.QrCode | GatewayCapabilities.Query | GatewayCapabilities.Refund;

    private Uri BaseUrl => options.Value.BaseUrl ?? publicUrl.BaseUrl;

    public Task<PaymentStart> StartAsync(PaymentRequest request, CancellationToken ct)
    {
        var qr = request.Mode == PaymentMode.QrCode;
        var expires = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().Add(qr ? options.Value.QrLifetime : options.Value.LinkLifetime).ToUnixTimeSeconds());
        var link = new SandboxPayLink(request.TradeNo, request.Amount, request.Subject, request.ReturnUrl, request.NotifyUrl, expires.ToUnixTimeSeconds())
            .ToUri(BaseUrl, _signer);
        // One page serves desktops and phones, and doubles as the scan-to-pay target: a phone scanning the code opens it.
        return Task.FromResult(qr
            ? new PaymentStart(null, link.AbsoluteUri, expires.UtcDateTime)
            : new PaymentStart(link, null, expires.UtcDateTime));
    }

    public NotificationVerification VerifyNotification(IReadOnlyDictionary<string, string> headers, string body)
    {
        var rejection = _signer.Check(
            Header(headers, SandboxSigner.TimestampHeader), Header(headers, SandboxSigner.SignatureHeader), body,
            clock.GetUtcNow(), options.Value.ReplayWindow);
        if (rejection is not null)
        {
            return NotificationVerification.Invalid(rejection);
        }

        var trade = ToResult(body);
        return trade is null ? NotificationVerification.Invalid("malformed body") : NotificationVerification.Valid(trade);
    }

    public async Task<GatewayTradeResult> QueryAsync(string tradeNo, CancellationToken ct)
    {
        var path = $"/sandbox/api/trades/{Uri.EscapeDataString(tradeNo)}";
        using var request = Signed(HttpMethod.Get, path, path);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        response.EnsureSuccessStatusCode();
        var rejection = _signer.Check(
            HeaderValue(response, SandboxSigner.TimestampHeader), HeaderValue(response, SandboxSigner.SignatureHeader), body,
            clock.GetUtcNow(), options.Value.ReplayWindow);
        if (rejection is not null)
        {
            throw new HttpRequestException($"Sandbox query answer refused: {rejection}");
        }

        return ToResult(body) ?? throw new HttpRequestException("Sandbox query answer is malformed");
    }

    public async Task<RefundResult> RefundAsync(string tradeNo, string refundNo, Money amount, string reason, CancellationToken ct)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new SandboxRefundRequest(tradeNo, refundNo, amount.ToWire(), reason));
        using var request = Signed(HttpMethod.Post, "/sandbox/api/refunds", body);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, ct);
        var answer = await response.Content.ReadFromJsonAsync<SandboxRefundResponse>(ct);
        return new RefundResult(answer?.Ok == true, answer?.RefundId, answer?.Error ?? (answer is null ? "no answer" : null));
    }

    /// <summary>The Sandbox closes unpaid trades itself when their link runs out.</summary>
    public Task<bool> CloseAsync(string tradeNo, CancellationToken ct) => Task.FromResult(false);

    public NotificationAnswer Answer(bool stored, string reason) =>
        stored ? new(200, "text/plain", "success") : new(422, "text/plain", $"refused: {reason}");

    private HttpRequestMessage Signed(HttpMethod method, string path, string payload)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var request = new HttpRequestMessage(method, new Uri(BaseUrl, path));
        request.Headers.Add(SandboxSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SandboxSigner.SignatureHeader, _signer.Sign(timestamp, payload));
        return request;
    }

    private static GatewayTradeResult? ToResult(string body)
    {
        var message = SandboxTradeMessage.Parse(body);
        if (message is null || string.IsNullOrEmpty(message.TradeNo) || !Money.TryParseWire(message.Amount, out var amount))
        {
            return null;
        }

        var state = message.Status switch
        {
            SandboxTradeMessage.Paid => GatewayTradeState.Paid,
            SandboxTradeMessage.Failed => GatewayTradeState.Failed,
            SandboxTradeMessage.Pending => GatewayTradeState.Pending,
            SandboxTradeMessage.Refunded => GatewayTradeState.Refunded,
            SandboxTradeMessage.NotFound => GatewayTradeState.NotFound,
            _ => (GatewayTradeState?)null,
        };
        return state is null
            ? null
            : new GatewayTradeResult(message.TradeNo, state.Value, amount, message.TransactionId, message.PaidAtUtc, message.Reason, body, message.Currency, message.MerchantId);
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
