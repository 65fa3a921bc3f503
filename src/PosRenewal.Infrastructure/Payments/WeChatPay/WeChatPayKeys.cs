using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PosRenewal.Infrastructure.Payments.WeChatPay;

/// <summary>WeChat Pay's key material, loaded and checked once at start-up.</summary>
public sealed class WeChatPayKeys
{
    private WeChatPayKeys(RSA merchantKey, string merchantSerial, byte[] apiV3Key, IReadOnlyDictionary<string, RSA> verifiers)
    {
        MerchantKey = merchantKey;
        MerchantSerial = merchantSerial;
        ApiV3Key = apiV3Key;
        Verifiers = verifiers;
    }

    public RSA MerchantKey { get; }

    /// <summary>The merchant API certificate's serial, as <c>serial_no</c> carries it.</summary>
    public string MerchantSerial { get; }

    public byte[] ApiV3Key { get; }

    /// <summary>Verifying keys by normalised serial: each platform certificate's, and the public key's id.</summary>
    public IReadOnlyDictionary<string, RSA> Verifiers { get; }

    /// <summary>Serials compare without leading zeros and case: .NET reads 00D7CE59D1F522D701 where the header says D7CE59D1F522D701.</summary>
    public static string Normalize(string serial) => serial.Trim().TrimStart('0').ToUpperInvariant();

    public static WeChatPayKeys Load(WeChatPayOptions options, DateTimeOffset now)
    {
        const string prefix = WeChatPayOptions.Section + ":";
        if (string.IsNullOrWhiteSpace(options.MchId) || string.IsNullOrWhiteSpace(options.AppId))
        {
            throw new InvalidOperationException($"{prefix}MchId and {prefix}AppId must be set.");
        }

        GatewaySecrets.GatewayAddress(prefix + nameof(options.BaseUrl), options.BaseUrl);
        var key = GatewaySecrets.PrivateKey(prefix + nameof(options.MerchantPrivateKey), options.MerchantPrivateKey);
        var merchantCert = GatewaySecrets.Certificates(prefix + nameof(options.MerchantCert), options.MerchantCert, now)[0];
        GatewaySecrets.MustMatch(prefix + nameof(options.MerchantCert), merchantCert, key, prefix + nameof(options.MerchantPrivateKey));
        var apiV3Key = Encoding.UTF8.GetBytes(GatewaySecrets.Read(prefix + nameof(options.ApiV3Key), options.ApiV3Key).Trim());
        if (apiV3Key.Length != 32)
        {
            throw new InvalidOperationException($"{prefix}ApiV3Key must be the 32-character APIv3 key, not {apiV3Key.Length} bytes.");
        }

        var verifiers = new Dictionary<string, RSA>();
        if (!string.IsNullOrWhiteSpace(options.PlatformCerts))
        {
            foreach (var certificate in GatewaySecrets.Certificates(prefix + nameof(options.PlatformCerts), options.PlatformCerts, now))
            {
                verifiers[Normalize(certificate.SerialNumber)] = certificate.GetRSAPublicKey()
                    ?? throw new InvalidOperationException($"{prefix}PlatformCerts: certificate {certificate.SerialNumber} has no RSA key.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.PublicKey) || !string.IsNullOrWhiteSpace(options.PublicKeyId))
        {
            if (options.PublicKeyId?.StartsWith("PUB_KEY_ID_", StringComparison.Ordinal) != true)
            {
                throw new InvalidOperationException($"{prefix}PublicKeyId must be the public key's id, PUB_KEY_ID_…, not '{options.PublicKeyId}'.");
            }

            verifiers[Normalize(options.PublicKeyId)] = GatewaySecrets.PublicKey(prefix + nameof(options.PublicKey), options.PublicKey);
        }

        if (verifiers.Count == 0)
        {
            throw new InvalidOperationException($"Set {prefix}PlatformCerts or {prefix}PublicKey (with {prefix}PublicKeyId): without them no answer from WeChat Pay can be verified.");
        }

        return new WeChatPayKeys(key, merchantCert.SerialNumber, apiV3Key, verifiers);
    }
}
