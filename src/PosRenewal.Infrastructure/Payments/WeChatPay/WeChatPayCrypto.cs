using System.Security.Cryptography;
using System.Text;

namespace PosRenewal.Infrastructure.Payments.WeChatPay;

/// <summary>WeChat Pay APIv3's signing and decryption, with the framework's crypto only.</summary>
public static class WeChatPayCrypto
{
    /// <summary>SHA256withRSA (PKCS#1 v1.5) over the UTF-8 bytes; base64.</summary>
    public static string Sign(string message, RSA key) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(message), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary>Verifies a signed answer or notification over <c>timestamp\nnonce\nbody\n</c>, the body exactly as received.</summary>
    public static bool Verify(RSA key, string timestamp, string nonce, string body, string signature)
    {
        var bytes = new byte[signature.Length];
        return Convert.TryFromBase64String(signature, bytes, out var length)
            && key.VerifyData(Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n{body}\n"), bytes.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>AEAD_AES_256_GCM (AES-GCM with the APIv3 key); the ciphertext's last 16 bytes are the tag.</summary>
    public static string Decrypt(byte[] key, string? nonce, string? associatedData, string? ciphertext)
    {
        var data = Convert.FromBase64String(ciphertext ?? throw new FormatException("no ciphertext"));
        if (data.Length < 16)
        {
            throw new FormatException("ciphertext shorter than its tag");
        }

        var plain = new byte[data.Length - 16];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(Encoding.UTF8.GetBytes(nonce ?? ""), data.AsSpan(0, plain.Length), data.AsSpan(plain.Length), plain, Encoding.UTF8.GetBytes(associatedData ?? ""));
        return Encoding.UTF8.GetString(plain);
    }
}
