using System.Globalization;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.Web.Pages;

/// <summary>How values are written on pages (one place, so pages agree).</summary>
public static class Display
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is null ? "—" : Date(date.Value);

    public static string ChinaDateTime(DateTime? utc) =>
        utc is null ? "—" : ChinaTime.ToChina(utc.Value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (UTC+8)";

    public static string Data(long mb) =>
        mb >= 1000 ? (mb / 1000m).ToString("0.#", CultureInfo.InvariantCulture) + " GB" : mb.ToString(CultureInfo.InvariantCulture) + " MB";

    public static string Carrier(Carrier carrier) => carrier switch
    {
        Core.Cards.Carrier.ChinaMobile => "China Mobile 中国移动",
        Core.Cards.Carrier.ChinaUnicom => "China Unicom 中国联通",
        Core.Cards.Carrier.ChinaTelecom => "China Telecom 中国电信",
        _ => carrier.ToString(),
    };

    public static string Status(CardStatus status) => status switch
    {
        CardStatus.Active => "Active",
        CardStatus.ExpiringSoon => "Expiring soon",
        CardStatus.Expired => "Expired",
        CardStatus.Suspended => "Suspended for arrears",
        CardStatus.Deactivated => "Deactivated",
        _ => status.ToString(),
    };

    public static string StatusCss(CardStatus status) => status switch
    {
        CardStatus.Active => "ok",
        CardStatus.ExpiringSoon => "warn",
        _ => "bad",
    };

    public static string DaysLeft(int days) => days switch
    {
        < 0 => $"expired {-days} day{(days == -1 ? "" : "s")} ago",
        0 => "last day today",
        1 => "1 day left",
        _ => $"{days} days left",
    };

    public static string Term(int months) => months switch
    {
        1 => "1 month",
        12 => "12 months (1 year)",
        _ => $"{months} months",
    };

    public static string OrderStatus(Core.Renewals.OrderStatus status) => status switch
    {
        Core.Renewals.OrderStatus.Paid or Core.Renewals.OrderStatus.Activating => "Paid, activating",
        Core.Renewals.OrderStatus.Active => "Paid, active",
        Core.Renewals.OrderStatus.ActivationFailed => "Paid, activation delayed",
        Core.Renewals.OrderStatus.Refunded => "Refunded",
        _ => "Awaiting payment",
    };

    public static string PaymentOption(string option) => option switch
    {
        Cards.RenewModel.PayFromBalance => "My prepaid agent balance",
        Cards.RenewModel.SendPayLink => "Prepare it and send the merchant a pay link",
        _ when option.StartsWith(Core.Payments.PaymentGateways.QrPrefix, StringComparison.Ordinal) => $"Scan a QR code ({option[Core.Payments.PaymentGateways.QrPrefix.Length..]})",
        _ => option,
    };

    public static string Grouped(string iccid) => string.Join(' ', iccid.Chunk(4).Select(c => new string(c)));
}
