using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using PosRenewal.Core.Common;

namespace PosRenewal.Infrastructure.Payments.Sandbox;

/// <summary>
/// The signed link to the sandbox's hosted payment page, built like Alipay's page-pay request:
/// every parameter is covered by the signature, so the payer cannot change the amount.
/// </summary>
public sealed record SandboxPayLink(string TradeNo, Money Amount, string Subject, Uri ReturnUrl, Uri NotifyUrl, long Expires)
{
    public const string Path = "/sandbox/pay";

    public Uri ToUri(Uri baseUrl, SandboxSigner signer)
    {
        var fields = Fields();
        fields["sign"] = signer.Sign(Expires, Canonical(fields));
        return new Uri(QueryHelpers.AddQueryString(new Uri(baseUrl, Path).ToString(), fields!));
    }

    /// <summary>Reads and verifies a link's query; returns null with a reason when it is forged, altered or expired.</summary>
    public static SandboxPayLink? Parse(IReadOnlyDictionary<string, string?> query, SandboxSigner signer, DateTimeOffset now, out string? error)
    {
        string? Get(string k) => query.TryGetValue(k, out var v) ? v : null;
        error = null;
        if (!long.TryParse(Get("expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !Money.TryParseWire(Get("amount"), out var amount)
            || Get("trade_no") is not { Length: > 0 } tradeNo
            || !Uri.TryCreate(Get("return_url"), UriKind.Absolute, out var returnUrl)
            || !Uri.TryCreate(Get("notify_url"), UriKind.Absolute, out var notifyUrl))
        {
            error = "The payment link is incomplete.";
            return null;
        }

        var link = new SandboxPayLink(tradeNo, amount, Get("subject") ?? "", returnUrl, notifyUrl, expires);
        if (!signer.IsValid(expires, Canonical(link.Fields()), Get("sign")))
        {
            error = "The payment link's signature is not valid.";
            return null;
        }

        if (DateTimeOffset.FromUnixTimeSeconds(expires) < now)
        {
            error = "The payment link has expired. Go back to the shop and start the payment again.";
            return null;
        }

        return link;
    }

    private SortedDictionary<string, string> Fields() => new(StringComparer.Ordinal)
    {
        ["amount"] = Amount.ToWire(),
        ["expires"] = Expires.ToString(CultureInfo.InvariantCulture),
        ["notify_url"] = NotifyUrl.ToString(),
        ["return_url"] = ReturnUrl.ToString(),
        ["subject"] = Subject,
        ["trade_no"] = TradeNo,
    };

    private static string Canonical(IDictionary<string, string> fields) =>
        string.Join('&', fields.Where(f => f.Key != "sign").Select(f => $"{f.Key}={f.Value}"));
}
