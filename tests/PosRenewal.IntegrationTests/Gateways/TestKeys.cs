using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PosRenewal.IntegrationTests.Gateways;

/// <summary>Key pairs and certificates made for one test run, written as PEM files under artifacts/ (never into the repo's tracked files).</summary>
public sealed class TestKeys
{
    public string Folder { get; } = Path.Combine(PublishedPortal.RepoRoot, "artifacts", "gateway-keys", Guid.NewGuid().ToString("N"));

    public TestKeys() => Directory.CreateDirectory(Folder);

    /// <summary>Writes a file and returns the reference the portal's settings take: <c>file:/…</c>.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return "file:" + path;
    }

    public static RSA NewKey() => RSA.Create(2048);

    /// <summary>
    /// A certificate for <paramref name="key"/> with the serial given (big-endian): self-signed, or signed by an issuer's
    /// name and key. Valid from yesterday for <paramref name="validDays"/> (negative: expired).
    /// </summary>
    public static X509Certificate2 Certificate(string subject, RSA key, byte[] serial, (string Subject, RSA Key)? issuer = null, int validDays = 365)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var (issuerName, issuerKey) = issuer ?? (subject, key);
        var from = validDays > 0 ? DateTimeOffset.UtcNow.AddDays(-1) : DateTimeOffset.UtcNow.AddDays(validDays - 30);
        var to = validDays > 0 ? from.AddDays(validDays) : DateTimeOffset.UtcNow.AddDays(validDays);
        return request.Create(new X500DistinguishedName(issuerName), X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), from, to, serial);
    }
}
