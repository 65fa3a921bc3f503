namespace PosRenewal.Core.Reminders;

public enum NotificationChannel
{
    Email = 1,
    Sms = 2,
}

public enum NotificationStatus
{
    /// <summary>Written, waiting for the outbox to send it.</summary>
    Pending = 1,
    Sent = 2,

    /// <summary>Not sent: the card was renewed (its expiry moved) before the reminder went out.</summary>
    Cancelled = 3,

    /// <summary>The channel kept failing past the retry budget.</summary>
    Failed = 4,
}

/// <summary>
/// One message to one recipient on one channel: an expiry reminder, a suspension notice or an agent's daily
/// digest. The text is stored as sent, so merchants, agents and support see exactly what went out. The
/// unique <see cref="Key"/> (what, which card or agent, which expiry or day, who, how) is what makes each
/// message go out once, however often and on however many instances the job runs.
/// </summary>
public class Notification
{
    public const int KeyMaxLength = 96;
    public const int KindMaxLength = 16;
    public const int AddressMaxLength = 256;
    public const int SubjectMaxLength = 200;
    public const int BodyMaxLength = 4000;
    public const int ErrorMaxLength = 500;

    /// <summary>Kinds: "expiry-{days}", <see cref="SuspendedKind"/>, <see cref="DigestKind"/>.</summary>
    public const string SuspendedKind = "suspended";
    public const string DigestKind = "digest";

    private Notification()
    {
    }

    public Notification(string key, string kind, NotificationChannel channel, string address, string language, string subject, string body, DateTime nowUtc)
    {
        Key = key;
        Kind = kind;
        Channel = channel;
        Address = address;
        Language = language;
        Subject = subject;
        Body = body.Length > BodyMaxLength ? body[..BodyMaxLength] : body;
        Status = NotificationStatus.Pending;
        CreatedAtUtc = nowUtc;
    }

    public const string ExpiryKindPrefix = "expiry-";

    public static string ExpiryKind(int daysBefore) => ExpiryKindPrefix + daysBefore.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public long Id { get; private set; }

    public string Key { get; private set; } = "";

    public string Kind { get; private set; } = "";

    /// <summary>The card a reminder is about (null for a digest).</summary>
    public long? CardId { get; init; }

    /// <summary>The expiry the reminder is about: once the card's expiry moves, the reminder is stale.</summary>
    public DateOnly? ExpiryDate { get; init; }

    /// <summary>The merchant addressed, or whose card it is.</summary>
    public long? MerchantId { get; init; }

    /// <summary>The agent addressed (their copy of a reminder, or their digest).</summary>
    public long? AgentId { get; init; }

    public NotificationChannel Channel { get; private set; }

    /// <summary>E-mail address or phone number.</summary>
    public string Address { get; private set; } = "";

    public string Language { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string Body { get; private set; } = "";

    public NotificationStatus Status { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>When it was sent, cancelled or given up.</summary>
    public DateTime? ClosedAtUtc { get; private set; }

    public string? Error { get; private set; }

    public void Sent(DateTime nowUtc) => Close(NotificationStatus.Sent, null, nowUtc);

    public void Cancel(string reason, DateTime nowUtc) => Close(NotificationStatus.Cancelled, reason, nowUtc);

    public void GaveUp(string error, DateTime nowUtc) => Close(NotificationStatus.Failed, error, nowUtc);

    private void Close(NotificationStatus status, string? error, DateTime nowUtc)
    {
        Status = status;
        Error = error is { Length: > ErrorMaxLength } ? error[..ErrorMaxLength] : error;
        ClosedAtUtc = nowUtc;
    }
}
