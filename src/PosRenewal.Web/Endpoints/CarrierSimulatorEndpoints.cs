using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Cards;
using PosRenewal.Infrastructure.Carriers.Simulated;

namespace PosRenewal.Web.Endpoints;

/// <summary>
/// The simulated carrier platforms' API (<c>/carrier-sim/{carrier}/...</c>) and the run-time fault switch
/// (<c>/carrier-sim/faults/{carrier}</c>). Mapped only when <c>Carriers:Simulator:Enabled</c>.
/// </summary>
public static class CarrierSimulatorEndpoints
{
    public sealed record RequestIdBody([property: JsonPropertyName("request_id")] string? RequestId);

    public static void MapCarrierSimulator(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<CarrierFaultSwitch>() is null)
        {
            return;
        }

        var sim = app.MapGroup("/carrier-sim").DisableAntiforgery().AddEndpointFilter(RequireKeyAsync);
        sim.MapGet("/faults/{carrier}", (Carrier carrier, CarrierFaultSwitch faults) => Results.Json(faults.For(carrier)));
        sim.MapPut("/faults/{carrier}", (Carrier carrier, CarrierFaults body, CarrierFaultSwitch faults) =>
        {
            faults.Set(carrier, body);
            return Results.Json(body);
        });

        var platform = sim.MapGroup("/{carrier}").AddEndpointFilter(InjectFaultsAsync);
        platform.MapPost("/renewals", async (Carrier carrier, SimRenewalBody body, CarrierSimulator simulator, CancellationToken ct) =>
            string.IsNullOrEmpty(body.RequestId) || body.RequestId.Length > 64 || !PosRenewal.Core.Cards.Iccid.TryParse(body.Iccid, out _, out _)
                ? Results.BadRequest(new { error = "request_id (1-64 characters) and a valid iccid are required" })
                : Results.Json(new SimCommandAnswer(await simulator.ExecuteAsync(carrier, body.RequestId, body.Iccid, "renewal", card =>
                {
                    card.Expiry = body.NewExpiry;
                    card.BonusDataMb += body.BonusDataMb;
                    card.State = CarrierSimulator.Active;
                }, ct))));
        platform.MapGet("/cards/{iccid}", async (Carrier carrier, string iccid, CarrierSimulator simulator, CancellationToken ct) =>
            await simulator.GetCardAsync(carrier, iccid, ct) is { } card
                ? Results.Json(new SimCardAnswer(card.Iccid, card.State, card.Expiry, 0))
                : Results.NotFound());
        platform.MapPost("/cards/{iccid}/{command:regex(^(suspend|resume)$)}", async (Carrier carrier, string iccid, string command, RequestIdBody body, CarrierSimulator simulator, CancellationToken ct) =>
            string.IsNullOrEmpty(body.RequestId) || body.RequestId.Length > 64
                ? Results.BadRequest(new { error = "request_id (1-64 characters) is required" })
                : Results.Json(new SimCommandAnswer(await simulator.ExecuteAsync(carrier, body.RequestId, iccid, command,
                    card => card.State = command == "suspend" ? CarrierSimulator.Suspended : CarrierSimulator.Active, ct))));
    }

    private static async ValueTask<object?> RequireKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<CarrierSimulatorOptions>>().Value;
        var key = context.HttpContext.Request.Headers[SimulatedCarrierPlatform.ApiKeyHeader].ToString();
        return key == options.ApiKey ? await next(context) : Results.Unauthorized();
    }

    /// <summary>Latency, outages, 5xx and hangs, as switched on for this carrier.</summary>
    private static async ValueTask<object?> InjectFaultsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!Enum.TryParse<Carrier>(http.GetRouteValue("carrier")?.ToString(), out var carrier))
        {
            return Results.NotFound();
        }

        var faults = http.RequestServices.GetRequiredService<CarrierFaultSwitch>().For(carrier);
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        if (faults.LatencyMs > 0)
        {
            await Task.Delay(faults.LatencyMs, http.RequestAborted);
        }

        if (Random.Shared.NextDouble() < faults.TimeoutRate)
        {
            var timeout = http.RequestServices.GetRequiredService<IOptions<CarrierSimulatorOptions>>().Value.ClientTimeout;
            await Task.Delay(timeout + TimeSpan.FromSeconds(1), http.RequestAborted);
            return Results.StatusCode(StatusCodes.Status504GatewayTimeout);
        }

        if (faults.DownUntil > clock.GetUtcNow() || Random.Shared.NextDouble() < faults.FailureRate)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        return await next(context);
    }
}
