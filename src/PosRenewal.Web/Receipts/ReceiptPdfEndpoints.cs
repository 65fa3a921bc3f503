using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure;
using PosRenewal.Web.Pages;

namespace PosRenewal.Web.Receipts;

/// <summary><c>GET /orders/{orderNo}/receipt.pdf</c>: a paid order's receipt as a PDF, in the reader's language; the same facts as the page's.</summary>
public static class ReceiptPdfEndpoints
{
    public static void MapReceiptPdf(this IEndpointRouteBuilder app) =>
        app.MapGet("/orders/{orderNo}/receipt.pdf", async (
            string orderNo, IRenewalService renewals, Display display, IStringLocalizer<SharedResource> l, IOptions<PortalOptions> portal, PublicUrl url, CancellationToken ct) =>
            Pages.Orders.ShowModel.IsOrderNo(orderNo) && await renewals.GetOrderAsync(orderNo, ct) is { IsPaid: true } order
                ? Results.File(ReceiptPdf.Render(For(order, display, l, portal.Value, url)), "application/pdf", $"receipt-{order.OrderNo}.pdf")
                : Results.NotFound());

    public static ReceiptDocument For(RenewalOrder order, Display display, IStringLocalizer<SharedResource> l, PortalOptions portal, PublicUrl url)
    {
        var paid = order.Attempts.FirstOrDefault(a => a.Status == PaymentAttemptStatus.Succeeded);
        var promotion = Display.Named(order.PromotionName, order.PromotionNameEn);
        List<(string, string)> amounts = [(l["Package price"], order.PackagePrice.ToString())];
        if (order.Discount.Amount > 0)
        {
            amounts.Add((l["Discount"] + Display.Paren(promotion), "−" + order.Discount));
        }

        if (order.BonusDataMb > 0)
        {
            amounts.Add((l["Bonus data"] + Display.Paren(promotion), "+" + Display.Data(order.BonusDataMb)));
        }

        if (order.AgentFee.Amount > 0)
        {
            amounts.Add((l["Service fee"], order.AgentFee.ToString()));
        }

        return new ReceiptDocument(
            l["Receipt"],
            portal.DemoMode ? l["Demo receipt: the payment was simulated, no money moved."].Value : null,
            [
                (l["Payee"], portal.Payee),
                (l["Order number"], order.OrderNo),
                (l["Merchant"], order.Card?.Merchant?.Name ?? "—"),
                (l["Terminal"], order.Card?.TerminalSerial ?? "—"),
                (l["SIM card (ICCID)"], Iccid.Group(order.Iccid)),
                (l["Carrier"], order.Card is null ? "—" : display.Carrier(order.Card.Carrier)),
                (l["Package"], Display.Named(order.PackageName, order.PackageNameEn) + Display.Paren(display.Term(order.TermMonths))),
                (l["Paid at"], display.ChinaDateTime(order.PaidAtUtc)),
                (l["Payment"], paid is null ? "—" : display.PaymentOption(paid.Gateway)),
                (l["Transaction number"], paid?.GatewayTransactionId ?? "—"),
                ("", paid?.TradeNo ?? "—"),
                (l["Valid through before"], display.Date(order.PreviousExpiry)),
                (l["Valid through now"], display.Date(order.NewExpiry)),
            ],
            amounts,
            (l["Total paid"], order.Total.ToString()),
            url.Combine($"/orders/{order.OrderNo}"),
            l["Scan to open this receipt online."]);
    }
}
