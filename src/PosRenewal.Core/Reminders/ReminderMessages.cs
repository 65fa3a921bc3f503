using System.Globalization;

namespace PosRenewal.Core.Reminders;

/// <summary>The reminder texts, in the recipient's language (Chinese unless they chose English).</summary>
public static class ReminderMessages
{
    public const string English = "en-US";

    public static bool IsEnglish(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    /// <summary>The last six digits: enough to find the terminal, not the whole ICCID.</summary>
    public static string LastDigits(string iccid) => iccid.Length > 6 ? iccid[^6..] : iccid;

    public static string Date(DateOnly date, string language) => IsEnglish(language)
        ? date.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)
        : date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>
    /// A reminder before expiry (<paramref name="daysLeft"/> ≥ 0) or the suspension notice (card expired), about the card
    /// whose ICCID ends in <paramref name="digits"/> (<see cref="LastDigits"/>). <paramref name="merchantName"/> is given for
    /// the agent's copy, so they know which shop it is.
    /// </summary>
    public static (string Subject, string Body) ForCard(string digits, DateOnly expiry, int daysLeft, bool suspended, string? merchantName, string link, string language)
    {
        var date = Date(expiry, language);
        if (IsEnglish(language))
        {
            var shop = merchantName is null ? "" : $"{merchantName}: ";
            return suspended
                ? ($"POS data card ending {digits} is suspended",
                   $"PosRenewal: {shop}the POS data card ending {digits} expired on {date} and is suspended for arrears; the terminal cannot take card payments. Renew now to restore service: {link}")
                : ($"POS data card ending {digits} expires on {date}",
                   $"PosRenewal: {shop}the POS data card ending {digits} expires on {date} ({DaysText(daysLeft)}). Card payments stop when it lapses. Renew in one tap: {link}");
        }

        var who = merchantName is null ? "您" : $"商户「{merchantName}」";
        return suspended
            ? ($"尾号{digits}的POS流量卡已停机",
               $"【PosRenewal】{who}尾号{digits}的POS流量卡已于{date}到期，因欠费停机，终端暂时无法刷卡收款。立即续费恢复服务：{link}")
            : ($"尾号{digits}的POS流量卡将于{date}到期",
               $"【PosRenewal】{who}尾号{digits}的POS流量卡将于{date}到期（{(daysLeft == 0 ? "今天到期" : $"还剩{daysLeft}天")}），到期后终端将无法刷卡收款。一键续费：{link}");
    }

    /// <summary>One card in an agent's digest.</summary>
    public sealed record DigestLine(long AgentId, string Iccid, string MerchantName, DateOnly ExpiryDate);

    /// <summary>Most cards listed in one digest; the rest are counted.</summary>
    public const int DigestLines = 50;

    /// <summary>An agent's daily digest: their <paramref name="total"/> cards expiring soon, the soonest listed first.</summary>
    public static (string Subject, string Body) Digest(IReadOnlyList<DigestLine> cards, int total, int days, Uri agentPage, string language)
    {
        var english = IsEnglish(language);
        var lines = cards.Take(DigestLines).Select(c => english
            ? $"- …{LastDigits(c.Iccid)}  {c.MerchantName}  {Date(c.ExpiryDate, language)}"
            : $"- 尾号{LastDigits(c.Iccid)}  {c.MerchantName}  {Date(c.ExpiryDate, language)}").ToList();
        if (total > lines.Count)
        {
            lines.Add(english ? $"… and {total - lines.Count} more" : $"……另有{total - lines.Count}张");
        }

        return english
            ? ($"{total} cards expire in the next {days} days",
               $"PosRenewal: these cards of your merchants expire in the next {days} days:\n{string.Join('\n', lines)}\n\nRenew them from {agentPage}")
            : ($"未来{days}天内到期的流量卡：{total}张",
               $"【PosRenewal】您服务的商户有以下流量卡将在{days}天内到期：\n{string.Join('\n', lines)}\n\n请到代理商中心续费：{agentPage}");
    }

    private static string DaysText(int daysLeft) => daysLeft switch
    {
        0 => "today is the last day",
        1 => "1 day left",
        _ => $"{daysLeft} days left",
    };
}
