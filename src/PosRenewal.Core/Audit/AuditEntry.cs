namespace PosRenewal.Core.Audit;

/// <summary>Who did what as which role, when, to what, from what to what, and why. Append-only: no setters after creation.</summary>
public class AuditEntry
{
    public const int TextMaxLength = 500;
    public const int ActionMaxLength = 64;

    private AuditEntry()
    {
    }

    public AuditEntry(Actor actor, string action, string subject, long? cardId, string? before, string? after, string? reason, DateTime nowUtc)
    {
        UserName = Cut(actor.UserName, 256)!;
        Role = Cut(actor.Role, 32)!;
        Action = Cut(action, ActionMaxLength)!;
        Subject = Cut(subject, 64)!;
        CardId = cardId;
        Before = Cut(before, TextMaxLength);
        After = Cut(after, TextMaxLength);
        Reason = Cut(reason, TextMaxLength);
        AtUtc = nowUtc;
    }

    public long Id { get; private set; }

    public DateTime AtUtc { get; private set; }

    public string UserName { get; private set; } = "";

    public string Role { get; private set; } = "";

    public string Action { get; private set; } = "";

    /// <summary>What was acted on: "card 8986…", "order R…".</summary>
    public string Subject { get; private set; } = "";

    /// <summary>The card concerned, so the card's timeline can show the entry.</summary>
    public long? CardId { get; private set; }

    public string? Before { get; private set; }

    public string? After { get; private set; }

    public string? Reason { get; private set; }

    private static string? Cut(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}

/// <summary>The signed-in user acting, and the role they act in.</summary>
public sealed record Actor(string UserName, string Role);
