using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Web.Pages;

/// <summary>Orders as a CSV download (agents' and admins' exports): UTF-8 with BOM so spreadsheet programs read Chinese names.</summary>
public static class OrderCsv
{
    public const string Header = "order_no,batch_no,created_at_cst,iccid,merchant,package,term_months,price,discount,agent_fee,total,status,paid_at_cst,paid_with,refunded_at_cst";

    public static FileContentResult File(IEnumerable<RenewalOrder> orders, string name)
    {
        var csv = new StringBuilder().AppendLine(Header);
        foreach (var o in orders)
        {
            csv.AppendLine(string.Join(',',
                Cell(o.OrderNo), Cell(o.Batch?.BatchNo), Cell(Cst(o.CreatedAtUtc)), Cell(o.Iccid), Cell(o.Card.Merchant?.Name), Cell(o.PackageName),
                o.TermMonths.ToString(CultureInfo.InvariantCulture), o.PackagePrice.ToWire(), o.Discount.ToWire(), o.AgentFee.ToWire(),
                o.Total.ToWire(), Cell(o.Status.ToString()), Cell(Cst(o.PaidAtUtc)), Cell(o.PaidWith), Cell(Cst(o.RefundedAtUtc))));
        }

        return new FileContentResult([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())], "text/csv; charset=utf-8")
        {
            FileDownloadName = $"{name}-{DateTime.UtcNow:yyyyMMdd}.csv",
        };
    }

    /// <summary>Quotes a cell, and defuses spreadsheet formulas (=, +, -, @) in free text such as merchant names.</summary>
    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string Cst(DateTime? utc) => utc is { } at ? ChinaTime.ToChina(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
}
