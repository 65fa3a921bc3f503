using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PosRenewal.Infrastructure.Simulators;

namespace PosRenewal.Infrastructure.Payments.Sandbox;

/// <summary>
/// Delivers the sandbox's asynchronous notifications the way real gateways do: signed, retried with
/// back-off until the merchant answers "success", sometimes more than once.
/// </summary>
public sealed class SandboxNotifier(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<SandboxOptions> options,
    TimeProvider clock,
    ILogger<SandboxNotifier> logger) : PeriodicWorker(logger)
{
    public const string HttpClientName = "sandbox-notify";

    protected override TimeSpan Interval => options.Value.NotifierPollInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => DeliverDueAsync(ct);

    private const int BatchSize = 50;

    /// <summary>Notifications in flight at once, as a gateway sends them: not one after another.</summary>
    private const int InFlight = 16;

    /// <summary>One pass: every notification due is sent once, batch after batch while full batches come back.</summary>
    public async Task DeliverDueAsync(CancellationToken ct)
    {
        if (!options.Value.SendNotifications)
        {
            return;
        }

        while (await DeliverBatchAsync(ct) == BatchSize)
        {
        }
    }

    private async Task<int> DeliverBatchAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SimulatorDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.SandboxTrades
            .Where(t => t.NextNotifyAtUtc != null && t.NextNotifyAtUtc <= now)
            .OrderBy(t => t.NextNotifyAtUtc)
            .Take(BatchSize)
            .ToListAsync(ct);
        var signer = new SandboxSigner(options.Value.Secret);
        var http = httpClients.CreateClient(HttpClientName);
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<SandboxTrade, bool>();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct },
            async (trade, token) => acknowledged[trade] = await SendAsync(http, signer, trade, token));
        foreach (var trade in due)
        {
            trade.Delivered(acknowledged[trade], options.Value.RetryDelays, clock.GetUtcNow().UtcDateTime);
        }

        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    private async Task<bool> SendAsync(HttpClient http, SandboxSigner signer, SandboxTrade trade, CancellationToken ct)
    {
        var body = trade.ToMessage(options.Value.MerchantId).ToJson();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, trade.NotifyUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(SandboxSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SandboxSigner.SignatureHeader, signer.Sign(timestamp, body));
        try
        {
            using var response = await http.SendAsync(request, ct);
            var answer = await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode && answer.Trim() == "success";
        }
        catch (HttpRequestException ex)
        {
            logger.LogInformation("Sandbox notification of {TradeNo} not delivered: {Error}", trade.TradeNo, ex.Message);
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
