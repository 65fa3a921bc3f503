using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Web.Pages.Agent;

/// <summary><c>/agent/orders</c>: orders the agent placed, with fees; <c>?handler=Csv</c> exports them.</summary>
public sealed class OrdersModel(IAgentService agents) : PageModel
{
    public IReadOnlyList<RenewalOrder> Orders { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Orders = await agents.ListOrdersAsync(User.AgentId()!.Value, ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var orders = await agents.ListOrdersAsync(User.AgentId()!.Value, ct);
        var csv = new StringBuilder();
        csv.AppendLine("order_no,created_at_cst,iccid,merchant,package,term_months,price,discount,agent_fee,total,status,paid_at_cst,paid_with");
        foreach (var o in orders)
        {
            var paidWith = o.Attempts.FirstOrDefault(a => a.Status == Core.Payments.PaymentAttemptStatus.Succeeded)?.Gateway;
            csv.AppendLine(string.Join(',',
                Cell(o.OrderNo), Cell(Cst(o.CreatedAtUtc)), Cell(o.Iccid), Cell(o.Card.Merchant?.Name), Cell(o.PackageName),
                o.TermMonths.ToString(CultureInfo.InvariantCulture), o.PackagePrice.ToWire(), o.Discount.ToWire(), o.AgentFee.ToWire(),
                o.Total.ToWire(), Cell(o.Status.ToString()), Cell(o.PaidAtUtc is { } p ? Cst(p) : ""), Cell(paidWith)));
        }

        // UTF-8 with BOM so Excel opens Chinese merchant names correctly.
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(),
            "text/csv; charset=utf-8", $"orders-{DateTime.UtcNow:yyyyMMdd}.csv");
    }

    private static string Cst(DateTime utc) => ChinaTime.ToChina(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

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
}
