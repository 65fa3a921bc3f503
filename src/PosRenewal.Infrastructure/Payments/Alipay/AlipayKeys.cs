using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PosRenewal.Infrastructure.Payments.Alipay;

/// <summary>Alipay's key material, loaded and checked once at start-up: a portal that cannot sign or verify never starts.</summary>
public sealed class AlipayKeys
{
    private AlipayKeys(RSA appKey, IReadOnlyDictionary<string, RSA> alipayKeys, string? appCertSn, string? rootCertSn)
    {
        AppKey = appKey;
        AlipayKeysBySn = alipayKeys;
        AppCertSn = appCertSn;
        RootCertSn = rootCertSn;
    }

    public RSA AppKey { get; }

    /// <summary>Alipay's verifying keys by certificate SN; in key mode one key under "".</summary>
    public IReadOnlyDictionary<string, RSA> AlipayKeysBySn { get; }

    public string? AppCertSn { get; }

    public string? RootCertSn { get; }

    /// <summary>The key for a message naming <paramref name="certSn"/> (cert mode), or every key when it names none.</summary>
    public IEnumerable<RSA> VerifyingKeys(string? certSn) =>
        string.IsNullOrEmpty(certSn) ? AlipayKeysBySn.Values : AlipayKeysBySn.TryGetValue(certSn, out var key) ? [key] : [];

    public static AlipayKeys Load(AlipayOptions options, DateTimeOffset now)
    {
        const string prefix = AlipayOptions.Section + ":";
        if (string.IsNullOrWhiteSpace(options.AppId))
        {
            throw new InvalidOperationException($"{prefix}AppId must be set to the app's APPID.");
        }

        GatewaySecrets.GatewayAddress(prefix + nameof(options.GatewayUrl), options.GatewayUrl);
        var appKey = GatewaySecrets.PrivateKey(prefix + nameof(options.AppPrivateKey), options.AppPrivateKey);
        if (!options.CertificateMode)
        {
            if (!string.IsNullOrWhiteSpace(options.AlipayCert) || !string.IsNullOrWhiteSpace(options.AlipayRootCert))
            {
                throw new InvalidOperationException($"{prefix}AlipayCert and AlipayRootCert are for certificate mode: set {prefix}AppCert too, or remove them.");
            }

            var alipayKey = GatewaySecrets.PublicKey(prefix + nameof(options.AlipayPublicKey), options.AlipayPublicKey);
            return new AlipayKeys(appKey, new Dictionary<string, RSA> { [""] = alipayKey }, null, null);
        }

        var appCert = GatewaySecrets.Certificates(prefix + nameof(options.AppCert), options.AppCert, now)[0];
        GatewaySecrets.MustMatch(prefix + nameof(options.AppCert), appCert, appKey, prefix + nameof(options.AppPrivateKey));
        var alipayCerts = GatewaySecrets.Certificates(prefix + nameof(options.AlipayCert), options.AlipayCert, now);
        var root = GatewaySecrets.Certificates(prefix + nameof(options.AlipayRootCert), options.AlipayRootCert, inForceAt: null);
        var rootSn = AlipaySignature.RootCertSn(root);
        if (rootSn.Length == 0)
        {
            throw new InvalidOperationException($"{prefix}AlipayRootCert holds no RSA-signed root certificate.");
        }

        var keys = alipayCerts.ToDictionary(
            AlipaySignature.CertSn,
            c => c.GetRSAPublicKey() ?? throw new InvalidOperationException($"{prefix}AlipayCert: certificate {c.SerialNumber} has no RSA key."));
        return new AlipayKeys(appKey, keys, AlipaySignature.CertSn(appCert), rootSn);
    }
}
