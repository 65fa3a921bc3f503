using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Carriers;

namespace PosRenewal.Infrastructure.Carriers.Simulated;

/// <summary>Wire format of the simulated carriers' API.</summary>
public sealed record SimRenewalBody(
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("iccid")] string Iccid,
    [property: JsonPropertyName("new_expiry")] DateOnly NewExpiry,
    [property: JsonPropertyName("bonus_data_mb")] long BonusDataMb);

public sealed record SimCommandAnswer([property: JsonPropertyName("duplicate")] bool Duplicate);

public sealed record SimCardAnswer(
    [property: JsonPropertyName("iccid")] string Iccid,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("expiry")] DateOnly? Expiry,
    [property: JsonPropertyName("data_used_mb")] long DataUsedMb);

/// <summary>The portal's client for one simulated carrier platform, over HTTP like a real carrier API.</summary>
public sealed class SimulatedCarrierPlatform(Carrier carrier, HttpClient http, Uri baseUrl, string apiKey) : ICarrierPlatform
{
    public const string ApiKeyHeader = "X-Carrier-Key";

    public Carrier Carrier => carrier;

    public Task<CarrierResult> ApplyRenewalAsync(CarrierRenewal renewal, CancellationToken ct) =>
        CommandAsync("renewals", new SimRenewalBody(renewal.RequestId, renewal.Iccid, renewal.NewExpiry, renewal.BonusDataMb), ct);

    public async Task<CarrierCardStatus?> GetCardAsync(string iccid, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Url($"cards/{Uri.EscapeDataString(iccid)}")), ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var card = await response.Content.ReadFromJsonAsync<SimCardAnswer>(ct) ?? throw new CarrierUnavailableException("empty answer");
        return new CarrierCardStatus(card.Iccid, card.State, card.Expiry, card.DataUsedMb);
    }

    public Task<CarrierResult> SuspendAsync(string iccid, string requestId, CancellationToken ct) =>
        CommandAsync($"cards/{Uri.EscapeDataString(iccid)}/suspend", new { request_id = requestId }, ct);

    public Task<CarrierResult> ResumeAsync(string iccid, string requestId, CancellationToken ct) =>
        CommandAsync($"cards/{Uri.EscapeDataString(iccid)}/resume", new { request_id = requestId }, ct);

    private Uri Url(string path) => new(baseUrl, $"carrier-sim/{carrier}/{path}");

    private async Task<CarrierResult> CommandAsync<T>(string path, T body, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = JsonContent.Create(body) }, ct);
        var answer = await response.Content.ReadFromJsonAsync<SimCommandAnswer>(ct) ?? throw new CarrierUnavailableException("empty answer");
        return new CarrierResult(answer.Duplicate);
    }

    /// <summary>Timeouts and 5xx are "try again later"; other failures are bugs on our side.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Add(ApiKeyHeader, apiKey);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new CarrierUnavailableException($"{carrier} platform unreachable: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new CarrierUnavailableException($"{carrier} platform timed out", ex);
        }
        finally
        {
            request.Dispose();
        }

        if ((int)response.StatusCode >= 500)
        {
            response.Dispose();
            throw new CarrierUnavailableException($"{carrier} platform answered {(int)response.StatusCode}");
        }

        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new InvalidOperationException($"{carrier} platform refused the request ({(int)response.StatusCode}): {text}");
        }

        return response;
    }
}
