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

/// <summary>Every gateway notification received, valid or not, kept verbatim for support and audit.</summary>
public class PaymentNotification
{
    public const int ReasonMaxLength = 300;

    private PaymentNotification()
    {
    }

    public PaymentNotification(string gateway, string? tradeNo, NotificationOutcome outcome, string reason, string rawBody, DateTime receivedAtUtc)
    {
        Gateway = gateway.Length > PaymentAttempt.GatewayMaxLength ? gateway[..PaymentAttempt.GatewayMaxLength] : gateway;
        TradeNo = tradeNo is { Length: <= PaymentAttempt.TradeNoMaxLength } ? tradeNo : null;
        Outcome = outcome;
        Reason = reason.Length > ReasonMaxLength ? reason[..ReasonMaxLength] : reason;
        RawBody = PaymentAttempt.Truncate(rawBody);
        ReceivedAtUtc = receivedAtUtc;
    }

    public long Id { get; private set; }

    public string Gateway { get; private set; } = "";

    public string? TradeNo { get; private set; }

    public NotificationOutcome Outcome { get; private set; }

    public string Reason { get; private set; } = "";

    public string RawBody { get; private set; } = "";

    public DateTime ReceivedAtUtc { get; private set; }
}
