using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PosRenewal.Infrastructure.Payments.Sandbox;

namespace PosRenewal.Web.Endpoints;

/// <summary>
/// The Sandbox gateway's server API (query, refund), signed like the real thing. Mapped only when the
/// Sandbox gateway is enabled; its hosted payment page is Pages/Sandbox/Pay.
/// </summary>
public static class SandboxGatewayEndpoints
{
    public static void MapSandboxGateway(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<IOptions<SandboxOptions>>() is null
            || app.ServiceProvider.GetService<SandboxNotifier>() is null)
        {
            return;
        }

        var api = app.MapGroup("/sandbox/api").DisableAntiforgery();
        api.MapGet("/trades/{tradeNo}", async (string tradeNo, HttpContext http, SandboxSimulator sandbox, IOptions<SandboxOptions> options, TimeProvider clock, CancellationToken ct) =>
        {
            var rejection = Check(http, sandbox.Signer, http.Request.Path.Value ?? "", options.Value, clock);
            if (rejection is not null)
            {
                return Results.Text(rejection, statusCode: StatusCodes.Status401Unauthorized);
            }

            return Signed(http, sandbox.Signer, (await sandbox.QueryAsync(tradeNo, ct)).ToJson(), clock);
        });
        api.MapPost("/refunds", async (HttpContext http, SandboxSimulator sandbox, IOptions<SandboxOptions> options, TimeProvider clock, CancellationToken ct) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(ct);
            var rejection = Check(http, sandbox.Signer, body, options.Value, clock);
            if (rejection is not null)
            {
                return Results.Text(rejection, statusCode: StatusCodes.Status401Unauthorized);
            }

            SandboxRefundRequest? request;
            try
            {
                request = JsonSerializer.Deserialize<SandboxRefundRequest>(body);
            }
            catch (JsonException)
            {
                request = null;
            }

            return request is null
                ? Results.BadRequest(new SandboxRefundResponse(false, null, "malformed request"))
                : Results.Json(await sandbox.RefundAsync(request, ct));
        });
    }

    private static string? Check(HttpContext http, SandboxSigner signer, string payload, SandboxOptions options, TimeProvider clock) =>
        signer.Check(
            http.Request.Headers[SandboxSigner.TimestampHeader].FirstOrDefault(),
            http.Request.Headers[SandboxSigner.SignatureHeader].FirstOrDefault(),
            payload, clock.GetUtcNow(), options.ReplayWindow);

    private static IResult Signed(HttpContext http, SandboxSigner signer, string json, TimeProvider clock)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        http.Response.Headers[SandboxSigner.TimestampHeader] = timestamp.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers[SandboxSigner.SignatureHeader] = signer.Sign(timestamp, json);
        return Results.Content(json, "application/json");
    }
}
