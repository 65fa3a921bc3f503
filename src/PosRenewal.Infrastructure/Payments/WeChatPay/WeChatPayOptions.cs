namespace PosRenewal.Infrastructure.Payments.WeChatPay;

/// <summary>
/// Settings of the WeChat Pay APIv3 gateway (<c>Payments:WeChatPay</c>). Keys and certificates are references
/// (<c>file:/path</c> or <c>env:VARIABLE</c>), never the material itself; see docs/payment-gateways.md.
/// </summary>
public sealed class WeChatPayOptions
{
    public const string Section = "Payments:WeChatPay";

    public const string ProductionHost = "https://api.mch.weixin.qq.com";

    /// <summary>The merchant number (商户号).</summary>
    public string MchId { get; set; } = "";

    /// <summary>The AppID bound to the merchant number (公众号, 小程序 or 网站应用).</summary>
    public string AppId { get; set; } = "";

    public string BaseUrl { get; set; } = ProductionHost;

    /// <summary>The merchant API private key (apiclient_key.pem) that signs requests.</summary>
    public string? MerchantPrivateKey { get; set; }

    /// <summary>The merchant API certificate (apiclient_cert.pem): its serial goes in every request, and it must match the key.</summary>
    public string? MerchantCert { get; set; }

    /// <summary>The 32-character APIv3 key that decrypts notifications.</summary>
    public string? ApiV3Key { get; set; }

    /// <summary>WeChat Pay platform certificates (平台证书), chosen by <c>Wechatpay-Serial</c>; during a rotation, old and new in one file.</summary>
    public string? PlatformCerts { get; set; }

    /// <summary>The WeChat Pay public key (微信支付公钥), with <see cref="PublicKeyId"/>; new merchants get this instead of platform certificates.</summary>
    public string? PublicKey { get; set; }

    /// <summary>The public key's id, <c>PUB_KEY_ID_…</c>, as <c>Wechatpay-Serial</c> names it.</summary>
    public string? PublicKeyId { get; set; }

    /// <summary>Signed answers and notifications further than this from our clock are refused as replays.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a scan-to-pay code may be paid (sent as <c>time_expire</c>).</summary>
    public TimeSpan QrLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an H5 page link may be paid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);
}
