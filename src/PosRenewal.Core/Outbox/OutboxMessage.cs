namespace PosRenewal.Core.Outbox;

/// <summary>What handling an outbox message came to.</summary>
public enum OutboxOutcome
{
    /// <summary>Done (or nothing left to do).</summary>
    Done,

    /// <summary>Failed for now (carrier or mail server down); try again later.</summary>
    RetryLater,

    /// <summary>Failed on the last allowed attempt; the work is marked failed for a person to see.</summary>
    GaveUp,
}

/// <summary>
/// Work to do after a transaction commits (e.g. activate a paid renewal on the carrier), written in that
/// same transaction so it is never lost. Delivered by the dispatcher with a lease, retries and back-off.
/// </summary>
public class OutboxMessage
{
    public const string ActivateRenewal = "ActivateRenewal";
    public const string SendNotification = "SendNotification";
    public const string RefundOrder = "RefundOrder";
    public const string SyncCarrier = "SyncCarrier";

    /// <summary>What a <see cref="SyncCarrier"/> message brings the carrier to: the card's term (its absolute expiry), or its suspension.</summary>
    public const string TermOnCarrier = "term";
    public const string StateOnCarrier = "state";
    public const int LastErrorMaxLength = 500;

    private OutboxMessage()
    {
    }

    private OutboxMessage(string type, string payload, DateTime nowUtc)
    {
        Type = type;
        Payload = payload;
        CreatedAtUtc = nowUtc;
        NextAttemptAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    public string Type { get; private set; } = "";

    /// <summary>What the message is about (ActivateRenewal, RefundOrder: the order number; SendNotification: the notification id).</summary>
    public string Payload { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime NextAttemptAtUtc { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>The instance holding the message, until <see cref="LockedUntilUtc"/>; another instance may take it after.</summary>
    public string? LockedBy { get; private set; }

    public DateTime? LockedUntilUtc { get; private set; }

    public DateTime? ProcessedAtUtc { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Set when the retry budget ran out and the message still failed: it waits for support's Retry, listed for them.</summary>
    public DateTime? ParkedAtUtc { get; private set; }

    public static OutboxMessage ActivateRenewalOf(string orderNo, DateTime nowUtc) => new(ActivateRenewal, orderNo, nowUtc);

    /// <summary>Refund a batch's order whose card cannot be renewed after all (activation gave up, or deactivated before payment).</summary>
    public static OutboxMessage RefundOrderOf(string orderNo, DateTime nowUtc) => new(RefundOrder, orderNo, nowUtc);

    /// <summary>
    /// Bring the carrier to the card's current term or suspension state (not to what it was when queued, so messages
    /// handled out of order still end right), under one request id of ours for all its retries.
    /// </summary>
    public static OutboxMessage SyncCarrierOf(long cardId, string what, DateTime nowUtc) =>
        new(SyncCarrier, $"{cardId}:{what}:{Guid.NewGuid():N}", nowUtc);

    public static OutboxMessage SendNotificationOf(long notificationId, DateTime nowUtc) =>
        new(SendNotification, notificationId.ToString(System.Globalization.CultureInfo.InvariantCulture), nowUtc);

    public void Done(DateTime nowUtc)
    {
        ProcessedAtUtc = nowUtc;
        LockedBy = null;
        LockedUntilUtc = null;
    }

    /// <summary>Schedules a retry after <paramref name="delay"/>, or parks the message once <paramref name="maxAttempts"/> have failed; releases the lease.</summary>
    public void Failed(string error, TimeSpan delay, int maxAttempts, DateTime nowUtc)
    {
        Attempts++;
        LastError = error.Length > LastErrorMaxLength ? error[..LastErrorMaxLength] : error;
        NextAttemptAtUtc = nowUtc + delay;
        ParkedAtUtc = Attempts >= maxAttempts ? nowUtc : null;
        LockedBy = null;
        LockedUntilUtc = null;
    }

    /// <summary>Support's Retry of a parked message: a fresh budget, due now. False when it was not parked.</summary>
    public bool Unpark(DateTime nowUtc)
    {
        if (ParkedAtUtc is null || ProcessedAtUtc is not null)
        {
            return false;
        }

        (ParkedAtUtc, Attempts, NextAttemptAtUtc) = (null, 0, nowUtc);
        return true;
    }
}
