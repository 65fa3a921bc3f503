using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Web.Pages.Admin;

/// <summary>
/// <c>/admin/orders</c>: every order, filtered by state, China dates, agent and a number (order, batch, ICCID or its last
/// digits); <c>?handler=Csv</c> with the same filter exports exactly what the screen filters (all rows, not only the first page).
/// </summary>
public sealed class OrdersModel(OrderSearch search, IPosRenewalDb db) : PageModel
{
    public const int ScreenRows = 200;

    [FromQuery(Name = "status")] public string? Status { get; set; }

    [FromQuery(Name = "from")] public string? From { get; set; }

    [FromQuery(Name = "to")] public string? To { get; set; }

    [FromQuery(Name = "agent")] public string? Agent { get; set; }

    [FromQuery(Name = "q")] public string? Number { get; set; }

    public IReadOnlyList<RenewalOrder> Orders { get; private set; } = [];

    public IReadOnlyList<Core.Agents.Agent> Agents { get; private set; } = [];

    /// <summary>The export link: this page's filter, as a CSV.</summary>
    public string CsvLink => Url.Page("/Admin/Orders", "Csv", new { status = Status, from = From, to = To, agent = Agent, q = Number })!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Agents = await db.Agents.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
        if (Filter() is not { } filter)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Orders = await search.FindAsync(filter, ScreenRows, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        Filter() is { } filter ? OrderCsv.File(await search.FindAsync(filter, int.MaxValue, ct), "orders") : await OnGetAsync(ct);

    /// <summary>The filter from the query, or null (with the reasons in the model state) when a part of it is malformed.</summary>
    private OrderFilter? Filter()
    {
        OrderStatus? status = null;
        if (!string.IsNullOrEmpty(Status))
        {
            if (Enum.TryParse<OrderStatus>(Status, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(Status[0]))
            {
                status = parsed;
            }
            else
            {
                ModelState.AddModelError("status", "Choose one of the order states listed.");
            }
        }

        var from = Date(From, "from");
        var to = Date(To, "to");
        long? agent = null;
        if (!string.IsNullOrEmpty(Agent))
        {
            if (long.TryParse(Agent, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                agent = id;
            }
            else
            {
                ModelState.AddModelError("agent", "Choose one of the agents listed.");
            }
        }

        if (Number is { Length: > 64 })
        {
            ModelState.AddModelError("q", "Search by an order or batch number, or an ICCID or its last digits.");
        }

        if (from > to)
        {
            ModelState.AddModelError("to", "The end date is before the start date.");
        }

        return ModelState.IsValid ? new OrderFilter(status, from, to, agent, Number) : null;
    }

    private DateOnly? Date(string? text, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        ModelState.AddModelError(field, "Enter dates as YYYY-MM-DD.");
        return null;
    }
}
