using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PosRenewal.Infrastructure.Payments.Sandbox;

/// <summary>HMAC-SHA256 signatures over "timestamp.payload", as the sandbox and the portal exchange them.</summary>
public sealed class SandboxSigner(string secret)
{
    public const string TimestampHeader = "X-Sandbox-Timestamp";
    public const string SignatureHeader = "X-Sandbox-Signature";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    public string Sign(long timestamp, string payload) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{payload}")));

    public bool IsValid(long timestamp, string payload, string? signature)
    {
        if (signature is null || signature.Length != 64)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(timestamp, payload));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }

    /// <summary>Checks signature and replay window of a signed message; returns why it is refused, or null.</summary>
    public string? Check(string? timestampText, string? signature, string payload, DateTimeOffset now, TimeSpan window)
    {
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return "missing or malformed timestamp";
        }

        if (!IsValid(timestamp, payload, signature))
        {
            return "bad signature";
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        return age.Duration() > window ? $"timestamp outside the {window.TotalMinutes:0}-minute replay window" : null;
    }
}
