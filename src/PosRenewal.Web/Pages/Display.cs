using System.Globalization;
using Microsoft.Extensions.Localization;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;

namespace PosRenewal.Web.Pages;

/// <summary>How values are written on pages, in the request's language (one place, so pages agree).</summary>
public sealed class Display(IStringLocalizer<SharedResource> l)
{
    /// <summary>As the culture writes a date: Nov 23, 2026 or 2026年11月23日.</summary>
    public string Date(DateOnly date) => date.ToString(l["MMM d, yyyy"], CultureInfo.CurrentCulture);

    public string Date(DateOnly? date) => date is null ? "—" : Date(date.Value);

    public string ChinaDateTime(DateTime? utc) =>
        utc is null ? "—" : ChinaTime.ToChina(utc.Value).ToString(l["MMM d, yyyy HH:mm"], CultureInfo.CurrentCulture) + " (UTC+8)";

    /// <summary>
    /// A name somebody typed (a merchant, an agent, a shop): shown as it was written, in whatever language, and marked
    /// so (translate="no", isolated for direction) for browsers, translators and the page checks; the fallback when there is none.
    /// </summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Name(string? name, string fallback = "—") =>
        name is null
            ? new Microsoft.AspNetCore.Html.HtmlString(System.Net.WebUtility.HtmlEncode(fallback))
            : new Microsoft.AspNetCore.Html.HtmlString($"<bdi translate=\"no\">{System.Net.WebUtility.HtmlEncode(name)}</bdi>");

    public static string Data(long mb) =>
        mb >= 1000 ? (mb / 1000m).ToString("0.#", CultureInfo.InvariantCulture) + " GB" : mb.ToString(CultureInfo.InvariantCulture) + " MB";

    public string Carrier(Carrier carrier) => carrier switch
    {
        Core.Cards.Carrier.ChinaMobile => l["China Mobile"],
        Core.Cards.Carrier.ChinaUnicom => l["China Unicom"],
        Core.Cards.Carrier.ChinaTelecom => l["China Telecom"],
        _ => carrier.ToString(),
    };

    public string Status(CardStatus status) => status switch
    {
        CardStatus.Active => l["Active"],
        CardStatus.ExpiringSoon => l["Expiring soon"],
        CardStatus.Expired => l["Expired"],
        CardStatus.Suspended => l["Suspended for arrears"],
        CardStatus.Deactivated => l["Deactivated"],
        _ => status.ToString(),
    };

    public static string StatusCss(CardStatus status) => status switch
    {
        CardStatus.Active => "ok",
        CardStatus.ExpiringSoon => "warn",
        _ => "bad",
    };

    public string DaysLeft(int days) => days switch
    {
        -1 => l["expired 1 day ago"],
        < 0 => l["expired {0} days ago", -days],
        0 => l["last day today"],
        1 => l["1 day left"],
        _ => l["{0} days left", days],
    };

    public string Term(int months) => months switch
    {
        1 => l["1 month"],
        12 => l["12 months (1 year)"],
        _ => l["{0} months", months],
    };

    public string OrderStatus(Core.Renewals.OrderStatus status) => status switch
    {
        Core.Renewals.OrderStatus.Paid or Core.Renewals.OrderStatus.Activating => l["Paid, activating"],
        Core.Renewals.OrderStatus.Active => l["Paid, active"],
        Core.Renewals.OrderStatus.ActivationFailed => l["Paid, activation delayed"],
        Core.Renewals.OrderStatus.Refunded => l["Refunded"],
        _ => l["Awaiting payment"],
    };

    public string NotificationKind(string kind) => kind switch
    {
        Core.Reminders.Notification.SuspendedKind => l["Suspension notice"],
        Core.Reminders.Notification.DigestKind => l["Daily digest"],
        _ when kind.StartsWith(Core.Reminders.Notification.ExpiryKindPrefix, StringComparison.Ordinal) => l["{0} days before expiry", kind[Core.Reminders.Notification.ExpiryKindPrefix.Length..]],
        _ => kind,
    };

    public string NotificationStatus(Core.Reminders.NotificationStatus status) => status switch
    {
        Core.Reminders.NotificationStatus.Sent => l["Sent"],
        Core.Reminders.NotificationStatus.Cancelled => l["Cancelled (renewed)"],
        Core.Reminders.NotificationStatus.Failed => l["Failed"],
        _ => l["Queued"],
    };

    public string Channel(Core.Reminders.NotificationChannel channel) =>
        channel == Core.Reminders.NotificationChannel.Sms ? l["SMS"] : l["E-mail"];

    public string PaymentOption(string option) => option switch
    {
        Cards.RenewModel.PayFromBalance => l["My prepaid agent balance"],
        Cards.RenewModel.SendPayLink => l["Prepare it and send the merchant a pay link"],
        _ when option.StartsWith(PaymentGateways.QrPrefix, StringComparison.Ordinal) => l["Scan a QR code ({0})", Gateway(option[PaymentGateways.QrPrefix.Length..])],
        _ => Gateway(option),
    };

    /// <summary>A gateway as payers know it: 支付宝, 微信支付.</summary>
    public string Gateway(string name) => name switch
    {
        Infrastructure.Payments.Alipay.AlipayGateway.GatewayName => l["Alipay"],
        Infrastructure.Payments.WeChatPay.WeChatPayGateway.GatewayName => l["WeChat Pay"],
        _ => name,
    };
}
