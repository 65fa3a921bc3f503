namespace PosRenewal.Core.Payments;

public enum NotificationOutcome
{
    /// <summary>Verified and moved an attempt (and maybe its order) forward.</summary>
    Applied = 1,

    /// <summary>Verified, but the attempt was already settled: nothing changed.</summary>
    Duplicate = 2,

    /// <summary>Verified, but refused (amount or order mismatch, unknown attempt); flagged for support.</summary>
    Refused = 3,

    /// <summary>Failed verification (signature, timestamp, format): not trusted, nothing read from it.</summary>
    Invalid = 4,
}

/// <summary>
/// A gateway notification received: every verified one kept whole, for support and audit; unverifiable ones kept as
/// bounded evidence (the first <see cref="EvidenceLength"/> characters, at most <see cref="EvidencePerWindow"/> rows per
/// gateway per <see cref="EvidenceWindow"/>, further ones counted in <see cref="Repeats"/> of the last).
/// </summary>
public class PaymentNotification
{
    public const int ReasonMaxLength = 300;
    public const int SourceMaxLength = 64;
    public const int EvidenceLength = 256;
    public const int EvidencePerWindow = 20;
    public static readonly TimeSpan EvidenceWindow = TimeSpan.FromHours(1);

    private PaymentNotification()
    {
    }

    public PaymentNotification(string gateway, string? tradeNo, NotificationOutcome outcome, string reason, string rawBody, DateTime receivedAtUtc, string? source = null)
    {
        Gateway = gateway.Length > PaymentAttempt.GatewayMaxLength ? gateway[..PaymentAttempt.GatewayMaxLength] : gateway;
        TradeNo = tradeNo is { Length: <= PaymentAttempt.TradeNoMaxLength } ? tradeNo : null;
        Outcome = outcome;
        Reason = reason.Length > ReasonMaxLength ? reason[..ReasonMaxLength] : reason;
        // A verified notification is the gateway's word on money: kept whole. An unverifiable one is only a clue.
        RawBody = outcome == NotificationOutcome.Invalid && rawBody.Length > EvidenceLength ? rawBody[..EvidenceLength] : rawBody;
        ReceivedAtUtc = receivedAtUtc;
        Source = source is { Length: > SourceMaxLength } ? source[..SourceMaxLength] : source;
    }

    /// <summary>Where it came from (the client address), for telling a gateway from a prober.</summary>
    public string? Source { get; private set; }

    /// <summary>How many more unverifiable notifications of this gateway in the same window were counted here instead of stored.</summary>
    public int Repeats { get; private set; }

    public long Id { get; private set; }

    public string Gateway { get; private set; } = "";

    public string? TradeNo { get; private set; }

    public NotificationOutcome Outcome { get; private set; }

    public string Reason { get; private set; } = "";

    public string RawBody { get; private set; } = "";

    public DateTime ReceivedAtUtc { get; private set; }
}
