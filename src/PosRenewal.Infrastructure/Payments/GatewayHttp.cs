using Microsoft.Extensions.DependencyInjection;

namespace PosRenewal.Infrastructure.Payments;

/// <summary>
/// Each real gateway gets two HTTP clients: one with a plain timeout for calls that must never be repeated blindly
/// (create a trade, refund), and one that retries and times out per attempt for idempotent calls (query, close).
/// </summary>
public static class GatewayHttp
{
    public static string Idempotent(string gateway) => gateway + ":idempotent";

    public static void AddClients(IServiceCollection services, string gateway)
    {
        services.AddHttpClient(gateway, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddHttpClient(Idempotent(gateway)).AddStandardResilienceHandler(o =>
        {
            o.Retry.MaxRetryAttempts = 2;
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(8);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
        });
    }

    /// <summary>Sends; a gateway that does not answer in time (or whose circuit is open) is an <see cref="HttpRequestException"/> like any other outage.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string gateway, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is TaskCanceledException or Polly.ExecutionRejectedException && !ct.IsCancellationRequested)
        {
            throw new HttpRequestException($"{gateway} did not answer in time ({ex.GetType().Name}).", ex);
        }
    }
}
