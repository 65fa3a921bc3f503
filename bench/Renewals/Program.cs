using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using PosRenewal.Infrastructure.Data;

// Usage: Renewals BASE_URL CLIENTS SECONDS FIRST_CARD
// Each client renews its own cards one after another, as a shop would in a browser: the confirmation page (GET, with
// its antiforgery token), the confirmation (POST, redirected to the Sandbox's hosted page), the Sandbox page (GET) and
// Pay (POST). The Sandbox then notifies the portal, signed, and the portal commits the payment. Prints each step's
// latency and any failure; the bench script counts the orders actually paid in the database.
var baseUrl = new Uri(args[0]);
var clients = int.Parse(args[1], CultureInfo.InvariantCulture);
var seconds = int.Parse(args[2], CultureInfo.InvariantCulture);
var firstCard = int.Parse(args[3], CultureInfo.InvariantCulture);
var steps = new[] { "confirm GET", "confirm POST", "gateway GET", "pay POST" };
var latencies = steps.ToDictionary(s => s, _ => new List<double>());
var failures = new List<string>();
var submitted = 0;
var stopAt = Stopwatch.StartNew();
var until = TimeSpan.FromSeconds(seconds);

await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
{
    using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
    using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    for (var n = 0; stopAt.Elapsed < until; n++)
    {
        var iccid = DemoData.BenchIccid(firstCard + client + (n * clients));
        try
        {
            var confirm = await Step(0, () => http.GetAsync($"/cards/{iccid}/renew/CM-1M"), HttpStatusCode.OK);
            var form = Hidden(await confirm.Content.ReadAsStringAsync());
            form["Gateway"] = "Sandbox";
            var placed = await Step(1, () => http.PostAsync($"/cards/{iccid}/renew/CM-1M", new FormUrlEncodedContent(form)), HttpStatusCode.Redirect);
            var gateway = placed.Headers.Location!;
            var page = await Step(2, () => http.GetAsync(gateway), HttpStatusCode.OK);
            var pay = Hidden(await page.Content.ReadAsStringAsync());
            pay["action"] = "Pay";
            await Step(3, () => http.PostAsync(gateway, new FormUrlEncodedContent(pay)), HttpStatusCode.Redirect);
            Interlocked.Increment(ref submitted);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
        {
            lock (failures)
            {
                failures.Add($"{iccid}: {e.Message}");
            }
        }
    }

    async Task<HttpResponseMessage> Step(int step, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        var watch = Stopwatch.StartNew();
        var response = await send();
        watch.Stop();
        lock (latencies)
        {
            latencies[steps[step]].Add(watch.Elapsed.TotalMilliseconds);
        }

        return response.StatusCode == expected ? response : throw new InvalidOperationException($"{steps[step]} answered {(int)response.StatusCode}, not {(int)expected}");
    }
})));

// The driver shares the portal's cores: its own CPU time (start-up included) says how much of them it took.
var driverCpu = Environment.CpuUsage.TotalTime;
Console.WriteLine($"clients: {clients}; {stopAt.Elapsed.TotalSeconds:0.0} s; payments submitted at the gateway: {submitted:N0}; failed renewals: {failures.Count:N0}; "
    + $"driver CPU {driverCpu.TotalSeconds:0.00} s ({driverCpu.TotalMilliseconds / Math.Max(1, submitted):0.00} ms a payment)");
Console.WriteLine("| step | requests | p50 (ms) | p99 (ms) |");
Console.WriteLine("|---|---|---|---|");
foreach (var step in steps)
{
    var sorted = latencies[step].Order().ToList();
    Console.WriteLine($"| {step} | {sorted.Count:N0} | {Percentile(sorted, 0.50):0.0} | {Percentile(sorted, 0.99):0.0} |");
}

foreach (var failure in failures.Take(10))
{
    Console.WriteLine($"failed: {failure}");
}

return failures.Count == 0 ? 0 : 1;

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

// The hidden fields of the page's first POST form (antiforgery token included), HTML entities decoded.
static Dictionary<string, string> Hidden(string html) =>
    Input().Matches(html).Select(m => m.Value).Where(tag => Attribute(tag, "type") == "hidden" && Attribute(tag, "name") is not null)
        .GroupBy(tag => Attribute(tag, "name")!)
        .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(Attribute(g.First(), "value") ?? ""));

static string? Attribute(string tag, string name) =>
    Regex.Match(tag, $"\\s{name}=\"(?<v>[^\"]*)\"") is { Success: true } m ? m.Groups["v"].Value : null;

internal partial class Program
{
    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex Input();
}
