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

    /// <summary>One pass: every due notification is sent once.</summary>
    public async Task DeliverDueAsync(CancellationToken ct)
    {
        if (!options.Value.SendNotifications)
        {
            return;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SimulatorDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.SandboxTrades
            .Where(t => t.NextNotifyAtUtc != null && t.NextNotifyAtUtc <= now)
            .OrderBy(t => t.NextNotifyAtUtc)
            .Take(50)
            .ToListAsync(ct);
        var signer = new SandboxSigner(options.Value.Secret);
        var http = httpClients.CreateClient(HttpClientName);
        foreach (var trade in due)
        {
            var acknowledged = await SendAsync(http, signer, trade, ct);
            trade.Delivered(acknowledged, options.Value.RetryDelays, clock.GetUtcNow().UtcDateTime);
        }

        await db.SaveChangesAsync(ct);
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
