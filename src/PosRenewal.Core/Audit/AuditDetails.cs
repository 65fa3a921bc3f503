using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Audit;

/// <summary>
/// An audit entry's before, after or reason as data, not as a sentence: named fields (<see cref="AuditField"/>) with
/// culture-free values, kept as a small JSON object, so that each page says them in its own language. What a person
/// typed (a note, a reason) is kept as typed instead.
/// </summary>
public static class AuditDetails
{
    /// <summary>The fields that have a value, in order: money as 12.00, dates as 2026-12-02, instants as UTC ISO 8601, enums by name.</summary>
    public static string Of(params (string Field, object? Value)[] fields)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in fields)
        {
            if (Invariant(value) is { } text)
            {
                values[field] = text;
            }
        }

        return JsonSerializer.Serialize(values, Json);
    }

    /// <summary>Chinese kept readable in the database (pages encode it when they show it).</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>The fields of a text <see cref="Of"/> wrote; null for anything else (text a person typed).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Read(string? text)
    {
        if (text is null || !text.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(text)?.ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Invariant(object? value) => value switch
    {
        null => null,
        Money money => money.ToWire(),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime instant => instant.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        bool flag => flag ? "on" : "off",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>The fields audit details use; a page knows how to say each (money, a date, a state, a name as typed).</summary>
public static class AuditField
{
    // Money.
    public const string Balance = "balance";
    public const string Total = "total";
    public const string Fee = "fee";
    public const string Fees = "fees";
    public const string Amount = "amount";
    public const string Price = "price";
    public const string FlatFee = "flatFee";
    public const string Paid = "paid";
    public const string AmountOff = "amountOff";

    // Dates and instants.
    public const string Expiry = "expiry";
    public const string ChinaDate = "chinaDate";
    public const string Starts = "starts";
    public const string Ends = "ends";
    public const string StickerIssued = "stickerIssued";

    // States, said without a label: a card's (CardStatus), an order's (OrderStatus), or one of AuditState's words.
    public const string CardState = "cardState";
    public const string OrderState = "orderState";
    public const string State = "state";
    public const string Carrier = "carrier";

    // Quantities.
    public const string Term = "term";
    public const string Data = "dataMb";
    public const string Cards = "cards";
    public const string Bytes = "bytes";
    public const string PercentFee = "percentFee";
    public const string PercentOff = "percentOff";
    public const string SortOrder = "sortOrder";

    // Switches (on/off), languages, roles, kinds.
    public const string Sms = "sms";
    public const string Email = "email";
    public const string Language = "language";
    public const string Role = "role";
    public const string ImportMode = "importMode";

    // Names and identifiers, shown as recorded.
    public const string Name = "name";
    public const string NameEn = "nameEn";
    public const string Code = "code";
    public const string Address = "address";
    public const string File = "file";
    public const string Payment = "payment";
    public const string Batch = "batch";
    public const string Merchant = "merchant";
    public const string Agent = "agent";
    public const string LedgerEntry = "ledgerEntry";
    public const string Order = "order";
    public const string Request = "request";
    public const string Cap = "cap";

    // Why, when the portal itself acted: one of AuditReason's codes; Error is a system's own words.
    public const string Why = "why";
    public const string Error = "error";
}

/// <summary>Words for <see cref="AuditField.State"/> and <see cref="AuditField.Carrier"/>.</summary>
public static class AuditState
{
    public const string Queued = "queued";
    public const string Parked = "parked";
    public const string Refunded = "refunded";
    public const string Offered = "offered";
    public const string Retired = "retired";
    public const string Unchanged = "unchanged";
    public const string ServiceOn = "serviceOn";
    public const string ServiceOff = "serviceOff";
    public const string Applied = "applied";
    public const string AlreadyApplied = "alreadyApplied";
}

/// <summary>Why the portal acted by itself, for <see cref="AuditField.Why"/>.</summary>
public static class AuditReason
{
    public const string CarrierFailed = "carrierFailed";
    public const string RefundedAtGateway = "refundedAtGateway";
    public const string RenewalActive = "renewalActive";
}
