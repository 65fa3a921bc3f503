namespace PosRenewal.Core.Reminders;

/// <summary>Settings under <c>Reminders</c>.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    private static readonly int[] DefaultDaysBefore = [30, 7, 1];

    /// <summary>Days before expiry on which merchants are reminded (default 30, 7 and 1).</summary>
    public int[] DaysBefore { get; set; } = [];

    /// <summary>A suspension notice goes out if the job sees the card expired within this many days (not for cards long lapsed).</summary>
    public int SuspendedNoticeDays { get; set; } = 7;

    /// <summary>The agents' daily digest lists their cards expiring within this many days.</summary>
    public int DigestDays { get; set; } = 7;

    /// <summary>The configured days, largest first; the defaults when none are configured (the binder would append to a default array).</summary>
    public IReadOnlyList<int> Stages =>
        (DaysBefore.Length > 0 ? DaysBefore : DefaultDaysBefore).Where(d => d >= 0).Distinct().OrderDescending().ToList();
}
