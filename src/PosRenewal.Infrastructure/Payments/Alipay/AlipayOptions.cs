namespace PosRenewal.Infrastructure.Payments.Alipay;

/// <summary>
/// Settings of the Alipay gateway (<c>Payments:Alipay</c>). Keys and certificates are references
/// (<c>file:/path</c> or <c>env:VARIABLE</c>), never the material itself; see docs/payment-gateways.md.
/// </summary>
public sealed class AlipayOptions
{
    public const string Section = "Payments:Alipay";

    public const string ProductionGateway = "https://openapi.alipay.com/gateway.do";

    /// <summary>The app's APPID on the open platform; every notification must name it.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The merchant's Alipay account id (2088…), checked against <c>seller_id</c> when set.</summary>
    public string? SellerId { get; set; }

    public string GatewayUrl { get; set; } = ProductionGateway;

    /// <summary>The app private key (应用私钥) that signs requests.</summary>
    public string? AppPrivateKey { get; set; }

    /// <summary>Key mode: the Alipay public key (支付宝公钥, not the app public key) that verifies answers and notifications.</summary>
    public string? AlipayPublicKey { get; set; }

    /// <summary>Certificate mode: the app public-key certificate (appCertPublicKey_….crt).</summary>
    public string? AppCert { get; set; }

    /// <summary>Certificate mode: the Alipay public-key certificate(s) (alipayCertPublicKey_RSA2.crt); during a rotation, old and new in one file.</summary>
    public string? AlipayCert { get; set; }

    /// <summary>Certificate mode: Alipay's root certificate bundle (alipayRootCert.crt).</summary>
    public string? AlipayRootCert { get; set; }

    /// <summary>How long a page link may be paid (sent as <c>time_expire</c>).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a scan-to-pay code may be paid (at most 2 hours at Alipay).</summary>
    public TimeSpan QrLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public bool CertificateMode => !string.IsNullOrWhiteSpace(AppCert);
}
