using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PosRenewal.Infrastructure.Payments;

/// <summary>
/// Keys and certificates of real gateways. Configuration only says where each one is, <c>file:/run/secrets/x.pem</c> or
/// <c>env:VARIABLE</c>, never the material itself, so none of it can end up in an appsettings file. Every failure names
/// the setting.
/// </summary>
public static class GatewaySecrets
{
    public static string Read(string setting, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new InvalidOperationException($"{setting} must be set, to file:/path/to/the/file or env:VARIABLE.");
        }

        if (reference.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = reference["file:".Length..];
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{setting}: cannot read {path}: {ex.Message}", ex);
            }
        }

        if (reference.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = reference["env:".Length..];
            return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"{setting}: the environment variable {name} is not set.");
        }

        throw new InvalidOperationException(
            $"{setting} must say where the secret is (file:/path/to/the/file or env:VARIABLE); key material is never written into configuration.");
    }

    /// <summary>An RSA private key: PEM (PKCS#8 or PKCS#1), or the bare base64 Alipay's key tool prints.</summary>
    public static RSA PrivateKey(string setting, string? reference) =>
        Rsa(setting, reference, "an RSA private key (PEM, PKCS#8 or PKCS#1)", (rsa, der) =>
        {
            try
            {
                rsa.ImportPkcs8PrivateKey(der, out _);
            }
            catch (CryptographicException)
            {
                rsa.ImportRSAPrivateKey(der, out _);
            }
        },
        // A public key imports without complaint; signing with it would fail on the first payment instead.
        rsa => rsa.ExportParameters(includePrivateParameters: true));

    /// <summary>An RSA public key: PEM (SubjectPublicKeyInfo or PKCS#1), or bare base64 SubjectPublicKeyInfo as Alipay's console shows it.</summary>
    public static RSA PublicKey(string setting, string? reference) =>
        Rsa(setting, reference, "an RSA public key (PEM or base64)", (rsa, der) => rsa.ImportSubjectPublicKeyInfo(der, out _), _ => { });

    /// <summary>Reads a key as PEM, or as bare base64 DER imported by <paramref name="importDer"/>; anything unreadable names the setting.</summary>
    private static RSA Rsa(string setting, string? reference, string what, Action<RSA, byte[]> importDer, Action<RSA> check)
    {
        var text = Read(setting, reference).Trim();
        var rsa = RSA.Create();
        try
        {
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                rsa.ImportFromPem(text);
            }
            else
            {
                importDer(rsa, Convert.FromBase64String(text));
            }

            check(rsa);
            return rsa;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            rsa.Dispose();
            throw new InvalidOperationException($"{setting} is not {what}: {ex.Message}", ex);
        }
    }

    /// <summary>One or more PEM certificates (a rotation holds old and new), each in force at <paramref name="inForceAt"/> when given.</summary>
    public static IReadOnlyList<X509Certificate2> Certificates(string setting, string? reference, DateTimeOffset? inForceAt)
    {
        var text = Read(setting, reference);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"{setting} holds no readable PEM certificate: {ex.Message}", ex);
        }

        if (certificates.Count == 0)
        {
            throw new InvalidOperationException($"{setting} holds no PEM certificate.");
        }

        foreach (var certificate in inForceAt is null ? [] : certificates)
        {
            var now = inForceAt!.Value.UtcDateTime;
            if (certificate.NotAfter.ToUniversalTime() <= now || certificate.NotBefore.ToUniversalTime() > now)
            {
                throw new InvalidOperationException(
                    $"{setting}: certificate {certificate.SerialNumber} ({certificate.Subject}) is valid {certificate.NotBefore:yyyy-MM-dd} to {certificate.NotAfter:yyyy-MM-dd}, not now.");
            }
        }

        return [.. certificates];
    }

    /// <summary>Refuses a certificate that is not the public half of <paramref name="key"/>.</summary>
    public static void MustMatch(string setting, X509Certificate2 certificate, RSA key, string keySetting)
    {
        using var certificateKey = certificate.GetRSAPublicKey()
            ?? throw new InvalidOperationException($"{setting}: certificate {certificate.SerialNumber} has no RSA key.");
        if (!certificateKey.ExportParameters(false).Modulus!.AsSpan().SequenceEqual(key.ExportParameters(false).Modulus))
        {
            throw new InvalidOperationException($"{setting}: certificate {certificate.SerialNumber} does not belong to the key in {keySetting}.");
        }
    }

    /// <summary>A gateway address: https, or plain http on this machine only (a local stand-in).</summary>
    public static Uri GatewayAddress(string setting, string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            throw new InvalidOperationException($"{setting} must be an https:// address, not '{value}'.");
        }

        return uri;
    }
}
