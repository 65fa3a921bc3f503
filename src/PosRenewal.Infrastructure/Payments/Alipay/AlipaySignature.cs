using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace PosRenewal.Infrastructure.Payments.Alipay;

/// <summary>Alipay's RSA2 signing rules (开放平台), with the framework's crypto only.</summary>
public static class AlipaySignature
{
    /// <summary>
    /// The string signed: every parameter except <c>sign</c> (and those in <paramref name="exclude"/>) with a
    /// non-empty value, sorted by key in ordinal order, joined as raw (not URL-encoded) <c>k=v</c> pairs with <c>&amp;</c>.
    /// </summary>
    public static string Content(IEnumerable<KeyValuePair<string, string>> parameters, params string[] exclude) =>
        string.Join("&", parameters
            .Where(p => p.Key != "sign" && !exclude.Contains(p.Key) && !string.IsNullOrEmpty(p.Value))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    /// <summary>SHA256withRSA, PKCS#1 v1.5, over the UTF-8 bytes; base64.</summary>
    public static string Sign(string content, RSA key) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(content), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static bool Verify(string content, string? signature, RSA key)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var bytes = new byte[signature.Length];
        return Convert.TryFromBase64String(signature, bytes, out var length)
            && key.VerifyData(Encoding.UTF8.GetBytes(content), bytes.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>
    /// The raw text of a response's <c>{method}_response</c> (or <c>error_response</c>) node, exactly as received (the
    /// signature covers these bytes, not a re-serialisation), with the sibling <c>sign</c> and <c>alipay_cert_sn</c>.
    /// </summary>
    public static (string? Node, string? Sign, string? CertSn) ResponseNode(string body, string method)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            var node = root.TryGetProperty(method.Replace('.', '_') + "_response", out var n) || root.TryGetProperty("error_response", out n)
                ? n.GetRawText()
                : null;
            return (node, Text(root, "sign"), Text(root, "alipay_cert_sn"));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }

        static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    /// <summary>Verifies a response node; Alipay's own SDK also accepts it with <c>\/</c> read as <c>/</c>.</summary>
    public static bool VerifyResponse(string node, string? signature, RSA key) =>
        Verify(node, signature, key) || (node.Contains("\\/", StringComparison.Ordinal) && Verify(node.Replace("\\/", "/", StringComparison.Ordinal), signature, key));

    /// <summary>
    /// A certificate's SN as Alipay computes it: lower-case hex MD5 of the issuer in Java's RFC 2253 form (most specific
    /// first, "," without spaces) followed by the serial number in decimal. .NET's <c>IssuerName.Name</c> gives the wrong one.
    /// </summary>
    public static string CertSn(X509Certificate2 certificate)
    {
        var issuer = string.Join(",", certificate.IssuerName.EnumerateRelativeDistinguishedNames().Select(r =>
            $"{ShortName(r.GetSingleElementType().Value!)}={r.GetSingleElementValue()}"));
        var serial = new BigInteger(certificate.GetSerialNumber(), isUnsigned: true, isBigEndian: false).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(issuer + serial)));
    }

    /// <summary>The root SN: the SNs of the bundle's RSA-signed certificates (SM2 and ECDSA ones skipped), joined with "_".</summary>
    public static string RootCertSn(IEnumerable<X509Certificate2> bundle) =>
        string.Join("_", bundle.Where(c => c.SignatureAlgorithm.Value?.StartsWith("1.2.840.113549.1.1", StringComparison.Ordinal) == true).Select(CertSn));

    private static string ShortName(string oid) => oid switch
    {
        "2.5.4.3" => "CN",
        "2.5.4.11" => "OU",
        "2.5.4.10" => "O",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "STREET",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        _ => oid,
    };
}
