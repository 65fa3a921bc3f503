using System.Globalization;
using Microsoft.Extensions.Localization;
using PosRenewal.Core.Audit;
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

    /// <summary>What an audit entry records, as the page's language says it; a code it does not know stays as recorded.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent AuditAction(string action) => Html(AuditActionMarkup(action));

    private string AuditActionMarkup(string action) => AuditActions.TryGetValue(action, out var label) ? Encode(l[label]) : NameMarkup(action);

    private static readonly Dictionary<string, string> AuditActions = new(StringComparer.Ordinal)
    {
        ["place order"] = "Placed an order",
        ["place batch"] = "Placed a batch",
        ["pay from balance"] = "Paid from the agent balance",
        ["refund"] = "Refunded",
        ["refund second payment"] = "Refunded a second payment",
        ["requery"] = "Asked the gateway again",
        ["retry activation"] = "Retried the activation",
        ["retry background work"] = "Retried background work",
        ["sticker.issue"] = "Issued a sticker",
        ["sticker.reissue"] = "Re-issued a sticker",
        ["sticker.revoke"] = "Revoked a sticker",
        ["note"] = "Note",
        ["suspend"] = "Suspended the card",
        ["resume"] = "Resumed the card",
        ["card.lifecycle"] = "Card state changed",
        ["card.resumed"] = "Service resumed after renewal",
        ["carrier.term"] = "Sent the term to the carrier",
        ["carrier.suspend"] = "Asked the carrier to suspend",
        ["carrier.resume"] = "Asked the carrier to resume",
        ["cards.import"] = "Imported cards",
        ["set agent fee"] = "Set the agent's fee",
        ["top up"] = "Topped up",
        ["reverse top up"] = "Reversed a top-up",
        ["package.create"] = "Created a package",
        ["package.edit"] = "Changed a package",
        ["package.retire"] = "Retired a package",
        ["package.reinstate"] = "Offered a package again",
        ["promotion.create"] = "Created a promotion",
        ["promotion.end"] = "Ended a promotion",
        ["reminders.preferences"] = "Changed reminder settings",
        ["reminders.agent-contact"] = "Changed the digest address",
        ["user.create"] = "Created a user",
        ["user.role"] = "Changed a role",
        ["user.lock"] = "Locked a user",
        ["user.unlock"] = "Unlocked a user",
        ["user.reset-password"] = "Reset a password",
    };

    /// <summary>Who did it: a person by their sign-in name and role, a job of the portal by what it is.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent Actor(string userName, string role) => Html(ActorMarkup(userName, role));

    private string ActorMarkup(string userName, string role) => role == "System"
        ? Encode(l[SystemActors.GetValueOrDefault(userName, "System")])
        : NameMarkup(userName) + Encode(Paren(Role(role)));

    private static readonly Dictionary<string, string> SystemActors = new(StringComparer.Ordinal)
    {
        ["lifecycle job"] = "The daily job",
        ["gateway"] = "The payment gateway",
        ["refunds"] = "Automatic refunds",
        ["activation"] = "Carrier activation",
        ["carrier"] = "The carrier",
        ["reminder job"] = "The reminder job",
    };

    public string Role(string role) => role switch
    {
        "Merchant" => l["Merchant"],
        "Agent" => l["Agent"],
        "Support" => l["Support"],
        "Admin" => l["Admin"],
        _ => l["System"],
    };

    /// <summary>What an audit entry is about ("order R…", "card 8986…"): the kind in the page's language, the identifier as recorded.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent AuditSubject(string subject)
    {
        var space = subject.IndexOf(' ', StringComparison.Ordinal);
        return Html(space > 0 && SubjectKinds.TryGetValue(subject[..space], out var kind)
            ? $"{Encode(l[kind])} {NameMarkup(subject[(space + 1)..])}"
            : NameMarkup(subject));
    }

    private static readonly Dictionary<string, string> SubjectKinds = new(StringComparer.Ordinal)
    {
        ["order"] = "Order",
        ["batch"] = "Batch",
        ["card"] = "Card",
        ["package"] = "Package",
        ["user"] = "User",
        ["promotion"] = "Promotion",
        ["merchant"] = "Merchant",
        ["agent"] = "Agent",
        ["import"] = "Import",
    };

    /// <summary>A gateway's own words in brackets after what they explain: as they came, marked as English.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent RecordedAside(string? text) => Html(Open + RecordedMarkup(text) + Close);

    /// <summary>Text recorded from elsewhere (a gateway's words, a system's error): shown as it is, marked as English.</summary>
    private static string RecordedMarkup(string? value) => value is null ? "—" : $"<span lang=\"en\">{Encode(value)}</span>";

    /// <summary>An audit entry's before, after or reason: its fields in the page's language; what a person typed, as typed.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent Details(string? text) => Html(DetailsMarkup(text));

    private string DetailsMarkup(string? text) =>
        text is null ? "—"
        : AuditDetails.Read(text) is { } fields ? string.Join(Encode(l[", "]), fields.Select(f => FieldMarkup(f.Key, f.Value)))
        : NameMarkup(text);

    private string FieldMarkup(string field, string value)
    {
        var said = field switch
        {
            AuditField.CardState when Enum.TryParse<CardStatus>(value, out var status) =>
                Encode(status == CardStatus.Suspended ? l["Suspended"] : Status(status)),
            AuditField.OrderState when Enum.TryParse<Core.Renewals.OrderStatus>(value, out var status) => Encode(OrderStatus(status)),
            AuditField.State or AuditField.Why or AuditField.Carrier when AuditWords.TryGetValue(value, out var words) => Encode(l[words]),
            AuditField.Balance or AuditField.Total or AuditField.Fee or AuditField.Fees or AuditField.Amount or AuditField.Price
                or AuditField.FlatFee or AuditField.Paid or AuditField.AmountOff when Money.TryParseWire(value, out var money) => Encode(money.ToString()),
            AuditField.Expiry or AuditField.ChinaDate or AuditField.Starts or AuditField.Ends
                when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => Encode(Date(date)),
            AuditField.StickerIssued when DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var utc) =>
                Encode(ChinaDateTime(utc)),
            AuditField.Term when int.TryParse(value, CultureInfo.InvariantCulture, out var months) => Encode(Term(months)),
            AuditField.Data when long.TryParse(value, CultureInfo.InvariantCulture, out var mb) => Encode(Data(mb)),
            AuditField.Sms or AuditField.Email => Encode(value == "on" ? l["on"] : l["off"]),
            AuditField.Language => value == "en-US" ? "<span lang=\"en-US\">English</span>" : "<span lang=\"zh-CN\">中文</span>",
            AuditField.Role => Encode(Role(value)),
            AuditField.ImportMode => Encode(value == nameof(Core.Imports.ImportMode.ValidRows) ? l["Import the valid lines"] : l["Import nothing (all or nothing)"]),
            AuditField.Error => RecordedMarkup(value),
            _ => NameMarkup(value),
        };
        return AuditLabels.TryGetValue(field, out var label) ? string.Format(CultureInfo.CurrentCulture, Encode(l[label].Value), said) : said;
    }

    /// <summary>How each audit field is introduced ("balance ¥200.00"); states and reasons speak for themselves.</summary>
    private static readonly Dictionary<string, string> AuditLabels = new(StringComparer.Ordinal)
    {
        [AuditField.Balance] = "balance {0}",
        [AuditField.Total] = "total {0}",
        [AuditField.Fee] = "service fee {0}",
        [AuditField.Fees] = "service fees {0}",
        [AuditField.Amount] = "amount {0}",
        [AuditField.Price] = "price {0}",
        [AuditField.FlatFee] = "fee {0} a renewal",
        [AuditField.PercentFee] = "fee {0}% of the price",
        [AuditField.Paid] = "paid {0}",
        [AuditField.AmountOff] = "{0} off",
        [AuditField.PercentOff] = "{0}% off",
        [AuditField.Expiry] = "expiry {0}",
        [AuditField.ChinaDate] = "China date {0}",
        [AuditField.Starts] = "starts {0}",
        [AuditField.Ends] = "ends {0}",
        [AuditField.StickerIssued] = "sticker issued {0}",
        [AuditField.Term] = "term {0}",
        [AuditField.Data] = "data {0}",
        [AuditField.Cards] = "{0} cards",
        [AuditField.Bytes] = "{0} bytes",
        [AuditField.SortOrder] = "position {0}",
        [AuditField.Sms] = "SMS {0}",
        [AuditField.Email] = "e-mail {0}",
        [AuditField.Language] = "language {0}",
        [AuditField.Role] = "role {0}",
        [AuditField.ImportMode] = "mode: {0}",
        [AuditField.Name] = "Chinese name {0}",
        [AuditField.NameEn] = "English name {0}",
        [AuditField.Code] = "code {0}",
        [AuditField.Cap] = "at most {0} uses",
        [AuditField.Address] = "address {0}",
        [AuditField.File] = "file {0}",
        [AuditField.Payment] = "payment {0}",
        [AuditField.Batch] = "Batch {0}",
        [AuditField.Merchant] = "merchant #{0}",
        [AuditField.Agent] = "Agent #{0}",
        [AuditField.LedgerEntry] = "reverses ledger entry {0}",
        [AuditField.Order] = "Order {0}",
        [AuditField.Request] = "request {0}",
        [AuditField.Carrier] = "carrier: {0}",
        [AuditField.Error] = "error: {0}",
    };

    private static readonly Dictionary<string, string> AuditWords = new(StringComparer.Ordinal)
    {
        [AuditState.Queued] = "Queued",
        [AuditState.Parked] = "parked",
        [AuditState.Refunded] = "Refunded",
        [AuditState.Offered] = "offered",
        [AuditState.Retired] = "retired",
        [AuditState.Unchanged] = "Unchanged",
        [AuditState.ServiceOn] = "service on",
        [AuditState.ServiceOff] = "service off",
        [AuditState.Applied] = "Applied",
        [AuditState.AlreadyApplied] = "already applied",
        [AuditReason.CarrierFailed] = "the carrier could not apply the renewal",
        [AuditReason.RefundedAtGateway] = "refunded at the gateway",
        [AuditReason.RenewalActive] = "the renewal is active on the carrier",
    };

    /// <summary>A timeline's words in the page's language: each value said as the page says it, recorded text kept (and marked) as it was.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent Say(Core.Common.Phrase phrase) => Html(SayMarkup(phrase));

    private string SayMarkup(Core.Common.Phrase phrase) =>
        string.Format(CultureInfo.CurrentCulture, Encode(l[phrase.Format].Value), [.. phrase.Args.Select(ArgumentMarkup)]);

    private string ArgumentMarkup(object? value) => value switch
    {
        null => "—",
        Core.Common.Phrase inner => SayMarkup(inner),
        Core.Common.Recorded recorded => RecordedMarkup(recorded.Text),
        Core.Common.AuditText details => DetailsMarkup(details.Text),
        Core.Common.Names names => Encode(Named(names.Chinese, names.English)),
        Core.Common.Gateway gateway => Encode(Gateway(gateway.Name)),
        Core.Common.AuditAction action => AuditActionMarkup(action.Code),
        Core.Common.RecordedActor actor => ActorMarkup(actor.UserName, actor.Role),
        DateOnly date => Encode(Date(date)),
        int number => number.ToString(CultureInfo.CurrentCulture),
        Carrier carrier => Encode(Carrier(carrier)),
        PaymentAttemptStatus status => Encode(l[status.ToString()]),
        NotificationOutcome outcome => Encode(l[outcome.ToString()]),
        Core.Reminders.NotificationStatus status => Encode(NotificationStatus(status)),
        Core.Reminders.NotificationChannel channel => Encode(Channel(channel)),
        _ => NameMarkup(Convert.ToString(value, CultureInfo.CurrentCulture) ?? ""),
    };

    /// <summary>A name kept in both languages (packages, promotions, and the orders' snapshots of them): the page's one.</summary>
    public static string Named(string? chinese, string? english) =>
        (Localization.Cultures.IsChinese || string.IsNullOrEmpty(english) ? chinese : english) ?? "";

    /// <summary>
    /// A name somebody typed (a merchant, an agent, a shop): shown as it was written, in whatever language, and marked
    /// so (translate="no", isolated for direction) for browsers, translators and the page checks; the fallback when there is none.
    /// </summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Name(string? name, string fallback = "—") => Html(name is null ? Encode(fallback) : NameMarkup(name));

    private static string NameMarkup(string name) => $"<bdi translate=\"no\">{Encode(name)}</bdi>";

    private static Microsoft.AspNetCore.Html.IHtmlContent Html(string markup) => new Microsoft.AspNetCore.Html.HtmlString(markup);

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

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

    /// <summary>The space between two sentences or after a label: none in Chinese, whose punctuation carries its own.</summary>
    public static string Space => Localization.Cultures.IsChinese ? "" : " ";

    /// <summary>A sentence's full stop after a link or a name: 。 in Chinese.</summary>
    public static string Stop => Localization.Cultures.IsChinese ? "。" : ".";

    /// <summary>An aside in brackets as the page's language writes them, right after what it qualifies: 包季（3 个月） in Chinese, Quarterly (3 months) in English.</summary>
    public static string Paren(string inner) => Open + inner + Close;

    /// <summary>The brackets of <see cref="Paren"/>, for an aside that holds markup.</summary>
    public static string Open => Localization.Cultures.IsChinese ? "（" : " (";

    public static string Close => Localization.Cultures.IsChinese ? "）" : ")";

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
