namespace PosRenewal.Core.Cards;

/// <summary>The shop that owns one or more terminals.</summary>
public class Merchant
{
    public const int NameMaxLength = 100;
    public const int PhoneMaxLength = 20;
    public const int EmailMaxLength = 256;
    public const int LanguageMaxLength = 8;
    public const string DefaultLanguage = "zh-CN";

    private Merchant()
    {
    }

    public Merchant(string name, string? contactPhone, long? agentId = null)
    {
        Name = name;
        ContactPhone = contactPhone;
        AgentId = agentId;
    }

    public long Id { get; private set; }

    public string Name { get; private set; } = "";

    public string? ContactPhone { get; private set; }

    /// <summary>The agent who serves this merchant, if any.</summary>
    public long? AgentId { get; private set; }

    public string? ContactEmail { get; private set; }

    /// <summary>The language reminders are written in ("zh-CN" or "en-US").</summary>
    public string Language { get; private set; } = DefaultLanguage;

    /// <summary>Expiry reminders by SMS to <see cref="ContactPhone"/>.</summary>
    public bool RemindBySms { get; private set; } = true;

    /// <summary>Expiry reminders by e-mail to <see cref="ContactEmail"/>. Both off = opted out.</summary>
    public bool RemindByEmail { get; private set; } = true;

    public void SetReminders(string? email, bool bySms, bool byEmail, string language)
    {
        ContactEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        RemindBySms = bySms;
        RemindByEmail = byEmail;
        Language = language;
    }

    /// <summary>Shown on public pages: first and last character only ("张**店").</summary>
    public static string MaskName(string name) => name.Length switch
    {
        0 => "",
        1 => "*",
        2 => name[0] + "*",
        _ => name[0] + new string('*', Math.Min(name.Length - 2, 4)) + name[^1],
    };

    /// <summary>Shown on public pages and in logs: last four digits only.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length <= 4 ? new string('*', phone.Length) : new string('*', phone.Length - 4) + phone[^4..];
}
